// The transcript model: what presser recovers from a press-conference transcript.
//
// Contract:
//  * An Event owns its Speakers, Turns and Exchanges; they refer to each other by string ids that are
//    unique within the event ("s1", "t3", "x2"), never by pointer, so an Event can be copied and
//    serialised freely.
//  * Every Paragraph carries the byte range [start, end) of its text in the source file as it was read
//    (after transcoding to UTF-8 when the file was in a legacy encoding; Event::source_encoding says so).
//    For plain-text and Markdown sources the range excludes the speaker label and the indentation.
//  * Paragraph::text is what a reader sees: line breaks inside the paragraph folded to one space,
//    inline Markdown/HTML markup removed. When the source paragraph has neither, text equals the
//    source bytes of its range exactly.
//  * Turns are in source order. Consecutive labelled blocks of one speaker with no other speaker
//    between are one Turn; unlabelled paragraphs continue the previous Turn.
//  * Exchanges are in source order; each lists question turn ids and the answer turn ids that respond
//    to them. Opening statements before the first question belong to no Exchange.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace presser::model {

enum class Role { official, moderator, journalist, other, unknown };
// played_media: a clip played during the conference (between "(INICIA VIDEO)" and "(FINALIZA VIDEO)"), not
// the room's speech; it forms no exchange.
enum class TurnKind { question, answer, statement, moderation, narration, stage_direction, source_note, played_media };

// How much of a date is known. `day_of_month` is the "held a press conference on the 7th" case.
enum class DatePrecision { unknown, year, month, day, day_of_month };

struct PartialDate {
    int year = 0;   // 0 when unknown
    int month = 0;  // 1-12, 0 when unknown
    int day = 0;    // 1-31, 0 when unknown
    DatePrecision precision = DatePrecision::unknown;

    // ISO 8601 where possible: "2023-03-07", "2023-03", "2023"; "---07" for a day of an unknown month;
    // "" when unknown.
    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] static std::optional<PartialDate> parse_iso(std::string_view text);
    bool operator==(const PartialDate&) const = default;
};

struct ByteRange {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    bool operator==(const ByteRange&) const = default;
};

// An inline remark of the transcriber inside a paragraph, such as "(Laughter.)".
struct Aside {
    std::string text;
    ByteRange range;
};

struct Paragraph {
    std::string text;
    ByteRange range;
    std::vector<Aside> asides;
};

struct Speaker {
    std::string id;
    std::string name;   // canonical name; empty for an anonymous journalist ("Q", "PREGUNTA", "记者")
    Role role = Role::unknown;
    std::string title;  // office where stated: "Foreign Minister", "Press Secretary"
    std::vector<std::string> affiliations;  // outlets: "Reuters", "法新社"
    std::vector<std::string> aliases;       // every label this speaker was written as
};

struct Turn {
    std::string id;
    std::string speaker;  // Speaker::id; empty for narration, stage directions and source notes
    TurnKind kind = TurnKind::narration;
    std::vector<Paragraph> paragraphs;
    // Seconds from the start of the recording where the transcript stamps the turn ("Name: (01:05)").
    std::optional<std::uint32_t> time_offset;
};

// A field line of the transcript's header, such as "Subjects: ferry fares; port upgrade": metadata, not speech.
struct EventField {
    std::string name;   // as written, without the colon: "Subjects"
    std::string value;
    bool operator==(const EventField&) const = default;
};

struct Exchange {
    std::string id;
    std::vector<std::string> questions;  // Turn ids
    std::vector<std::string> answers;    // Turn ids
    std::optional<std::string> follows;  // Exchange id this one follows up (same journalist)
};

struct Event {
    std::string id;
    std::string title;
    PartialDate date;
    std::string organiser;
    std::string venue;
    std::string language;  // BCP 47 primary tag: "en", "es", "zh", "tr"; "" when unknown
    std::string source;    // path of the source file as given
    std::string source_format;    // "text", "markdown", "html", "tei"
    std::string source_encoding;  // "UTF-8" or the legacy encoding it was decoded from
    std::string source_url;
    std::string source_note;  // closing note such as "(According to the text of the webcast)"
    std::vector<EventField> fields;
    std::vector<Speaker> speakers;
    std::vector<Turn> turns;
    std::vector<Exchange> exchanges;
    std::vector<std::string> warnings;

    [[nodiscard]] const Speaker* find_speaker(std::string_view id) const;
    [[nodiscard]] const Turn* find_turn(std::string_view id) const;
};

[[nodiscard]] std::string_view to_string(Role role);
[[nodiscard]] std::string_view to_string(TurnKind kind);
[[nodiscard]] std::string_view to_string(DatePrecision precision);
[[nodiscard]] std::optional<Role> parse_role(std::string_view text);
[[nodiscard]] std::optional<TurnKind> parse_turn_kind(std::string_view text);
[[nodiscard]] std::optional<DatePrecision> parse_date_precision(std::string_view text);

}  // namespace presser::model
