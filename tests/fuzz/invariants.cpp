#include "invariants.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <utility>

#include "ingest/label_grammar.h"
#include "ingest/parser.h"
#include "ingest/source_text.h"
#include "query/cql_parser.h"
#include "search_invariants.h"
#include "segment_invariants.h"

namespace presser::fuzz {
namespace {

constexpr std::array<std::pair<Target, std::string_view>, 11> kTargets{{
    {Target::text, "text"},
    {Target::markdown, "markdown"},
    {Target::html, "html"},
    {Target::tei, "tei"},
    {Target::json, "json"},
    {Target::csv, "csv"},
    {Target::label_grammar, "label_grammar"},
    {Target::source_text, "source_text"},
    {Target::cql_parser, "cql_parser"},
    {Target::segment, "segment"},
    {Target::search_query, "search_query"},
}};

constexpr std::string_view kSourceName = "fuzz-input";

// The first ill-formed UTF-8 sequence according to ICU (an implementation independent of presser's),
// or npos.
std::size_t reference_invalid_utf8(std::string_view bytes) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const auto length = static_cast<std::int32_t>(bytes.size());
    std::int32_t i = 0;
    while (i < length) {
        std::int32_t start = i;
        UChar32 c;
        U8_NEXT(data, i, length, c);
        if (c < 0) return static_cast<std::size_t>(start);
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view bytes) { return reference_invalid_utf8(bytes) == std::string_view::npos; }

bool is_continuation_byte(std::string_view text, std::size_t at) {
    return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// What plain-text paragraphs read as when their bytes are ASCII: white-space runs folded to one space.
std::string fold_ascii_space(std::string_view text) {
    std::string out;
    bool pending = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending = !out.empty();
            continue;
        }
        if (pending) out.push_back(' ');
        pending = false;
        out.push_back(c);
    }
    return out;
}

class Violations {
public:
    void add(std::string what) { list_.push_back(std::move(what)); }
    void check(bool holds, std::string_view what) {
        if (!holds) add(std::string(what));
    }
    std::vector<std::string> take() { return std::move(list_); }

private:
    std::vector<std::string> list_;
};

void check_error(const Error& error, std::string_view input, Violations& out) {
    out.check(error.file == kSourceName, "an error names the source: '" + error.file + "'");
    out.check(!error.message.empty(), "an error says what was expected");
    if (error.offset) out.check(*error.offset <= input.size(), "an error's byte offset is within the input");
}

void check_range(const model::ByteRange& range, std::string_view text, std::string_view what, Violations& out) {
    std::string name(what);
    if (range.start > range.end) {
        out.add(name + " range starts after it ends: [" + std::to_string(range.start) + ", " +
                std::to_string(range.end) + ")");
        return;
    }
    if (range.end > text.size()) {
        out.add(name + " range [" + std::to_string(range.start) + ", " + std::to_string(range.end) +
                ") ends past the decoded text (" + std::to_string(text.size()) + " bytes)");
        return;
    }
    if (is_continuation_byte(text, range.start) || is_continuation_byte(text, range.end))
        out.add(name + " range [" + std::to_string(range.start) + ", " + std::to_string(range.end) +
                ") cuts a UTF-8 character");
}

void check_event(const model::Event& event, std::string_view decoded, ingest::Format format, Violations& out) {
    out.check(event.source == kSourceName, "the event names its source");

    std::set<std::string> speaker_ids;
    for (const model::Speaker& speaker : event.speakers) {
        out.check(!speaker.id.empty(), "every speaker has an id");
        out.check(speaker_ids.insert(speaker.id).second, "speaker id " + speaker.id + " is unique");
        out.check(is_valid_utf8(speaker.name), "speaker " + speaker.id + "'s name is valid UTF-8");
        for (const std::string& alias : speaker.aliases)
            out.check(!alias.empty() && is_valid_utf8(alias), "speaker " + speaker.id + "'s aliases are non-empty UTF-8");
    }

    std::set<std::string> turn_ids;
    std::set<std::string> question_turns, answer_turns;
    for (const model::Turn& turn : event.turns) {
        out.check(!turn.id.empty() && turn_ids.insert(turn.id).second, "turn id '" + turn.id + "' is unique");
        if (!turn.speaker.empty())
            out.check(speaker_ids.count(turn.speaker) == 1,
                      "turn " + turn.id + "'s speaker " + turn.speaker + " exists in speakers");
        bool speakerless_kind = turn.kind == model::TurnKind::narration ||
                                turn.kind == model::TurnKind::stage_direction ||
                                turn.kind == model::TurnKind::source_note;
        out.check(speakerless_kind == turn.speaker.empty(),
                  "turn " + turn.id + " of kind " + std::string(model::to_string(turn.kind)) +
                      (turn.speaker.empty() ? " has no speaker" : " has a speaker"));
        out.check(!turn.paragraphs.empty(), "turn " + turn.id + " has at least one paragraph");
        if (turn.kind == model::TurnKind::question) question_turns.insert(turn.id);
        if (turn.kind == model::TurnKind::answer) answer_turns.insert(turn.id);

        for (const model::Paragraph& paragraph : turn.paragraphs) {
            std::string where = "turn " + turn.id + " paragraph";
            Violations range_violations;
            check_range(paragraph.range, decoded, where, range_violations);
            std::vector<std::string> range_problems = range_violations.take();
            for (std::string& problem : range_problems) out.add(std::move(problem));
            out.check(is_valid_utf8(paragraph.text), where + " text is valid UTF-8");
            if (!range_problems.empty()) continue;
            std::string_view slice = decoded.substr(paragraph.range.start, paragraph.range.end - paragraph.range.start);
            if (format == ingest::Format::text && is_ascii(slice))
                out.check(paragraph.text == fold_ascii_space(slice),
                          where + " text '" + paragraph.text + "' reads as its source bytes '" + std::string(slice) + "'");
            for (const model::Aside& aside : paragraph.asides) {
                check_range(aside.range, decoded, where + " aside", out);
                out.check(aside.range.start >= paragraph.range.start && aside.range.end <= paragraph.range.end,
                          where + " aside lies within its paragraph");
            }
        }
    }

    std::set<std::string> exchange_ids;
    for (const model::Exchange& exchange : event.exchanges) {
        out.check(!exchange.id.empty() && exchange_ids.insert(exchange.id).second,
                  "exchange id '" + exchange.id + "' is unique");
        out.check(!exchange.questions.empty(), "exchange " + exchange.id + " has a question");
        for (const std::string& id : exchange.questions)
            out.check(question_turns.count(id) == 1, "exchange " + exchange.id + " question " + id + " is a question turn");
        for (const std::string& id : exchange.answers)
            out.check(answer_turns.count(id) == 1, "exchange " + exchange.id + " answer " + id + " is an answer turn");
        if (exchange.follows)
            out.check(exchange_ids.count(*exchange.follows) == 1 && *exchange.follows != exchange.id,
                      "exchange " + exchange.id + " follows an earlier exchange");
    }
}

void check_parse(ingest::Format format, std::string_view input, Violations& out) {
    auto decoded = ingest::decode_source(std::string(input), std::string(kSourceName));
    const ingest::SpeakerOverrides no_overrides;  // keeps the filesystem out: no sidecar lookup
    ingest::ParseOptions options;
    options.format = format;
    options.overrides = &no_overrides;
    options.event_id = "fuzz";
    auto events = ingest::parse_bytes(std::string(input), std::string(kSourceName), options);
    if (!decoded) {
        out.check(!events.ok(), "a source that cannot be decoded cannot be parsed");
        if (!events.ok())
            out.check(events.error().message == decoded.error().message, "parse_bytes reports decode_source's error");
        return;
    }
    if (!events) {
        check_error(events.error(), input, out);
        out.check(format != ingest::Format::text && format != ingest::Format::markdown,
                  "plain text and Markdown always parse once decoded: " + events.error().describe());
        const bool structured = format == ingest::Format::json || format == ingest::Format::csv;
        if (events.error().not_transcript)
            out.check(structured && events.error().message.starts_with("not a transcript ("),
                      "only JSON and tables are found to be no transcript, and they say why: " + events.error().message);
        return;
    }
    if (format == ingest::Format::json || format == ingest::Format::csv)
        out.check(!events->empty(), "a JSON or table transcript gives an event, or says it is not a transcript");
    for (const model::Event& event : events.value()) check_event(event, decoded->text, format, out);
    if (format == ingest::Format::text || format == ingest::Format::markdown)
        out.check(events->size() == 1, "a text or Markdown source is one event");
}

void check_source_text(std::string_view input, std::string_view declared, Violations& out) {
    auto decoded = ingest::decode_source(std::string(input), std::string(kSourceName), declared);
    if (!decoded) {
        const Error& error = decoded.error();
        check_error(error, input, out);
        if (input.empty()) out.check(error.message.find("empty") != std::string::npos, "an empty source is called empty");
        if (error.message.starts_with("invalid UTF-8")) {
            std::size_t expected = reference_invalid_utf8(input);
            out.check(error.offset && *error.offset == expected,
                      "invalid UTF-8 is reported at the first ill-formed byte (" + std::to_string(expected) + ")");
            if (error.offset && *error.offset <= input.size()) {
                auto lines = std::count(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(*error.offset), '\n');
                out.check(error.line && *error.line == static_cast<std::uint64_t>(lines) + 1,
                          "invalid UTF-8 is reported on its line");
            }
        }
        return;
    }
    const ingest::SourceText& source = decoded.value();
    out.check(source.path == kSourceName, "the decoded source keeps its name");
    out.check(is_valid_utf8(source.text), "decoded text is valid UTF-8 (encoding " + source.encoding + ")");
    out.check(!source.encoding.empty(), "the decoded source names its encoding");
    out.check(source.bom_bytes == 0 || (source.bom_bytes == 3 && source.text.starts_with("\xEF\xBB\xBF")),
              "a byte order mark is counted only when present");
    if (source.encoding == "UTF-8") {
        out.check(source.text == input, "UTF-8 input is kept byte for byte");
    } else {
        out.check(!source.warnings.empty(), "a legacy encoding is reported in a warning");
    }
}

void check_label(std::string_view input, Violations& out) {
    std::optional<ingest::LabelMatch> match = ingest::match_label(input);
    if (!match) return;
    out.check(match->consumed > 0 && match->consumed <= input.size(),
              "a label consumes between 1 byte and the whole block (consumed " + std::to_string(match->consumed) + " of " +
                  std::to_string(input.size()) + ")");
    out.check(!match->label.text.empty(), "a label has text");
    out.check(!match->label.key.empty(), "a label has an identity key");
    if (is_valid_utf8(input)) {
        out.check(!is_continuation_byte(input, match->consumed), "a label ends on a character boundary");
        out.check(is_valid_utf8(match->label.text) && is_valid_utf8(match->label.name) &&
                      is_valid_utf8(match->label.title) && is_valid_utf8(match->label.key),
                  "a label of valid UTF-8 is valid UTF-8");
    }
}

// A query either parses, and its canonical text parses to the same tree and prints the same, or gives an
// error with a column and an offset inside the query.
void check_cql(std::string_view input, Violations& out) {
    Result<query::cql::Query> parsed = query::cql::parse_cql(input);
    if (!parsed) {
        const Error& error = parsed.error();
        out.check(error.message.starts_with("column "), "a CQL error starts with its column: " + error.message);
        out.check(error.offset && *error.offset <= input.size(), "a CQL error's byte offset is within the query");
        return;
    }
    std::string printed = query::cql::to_string(parsed.value());
    Result<query::cql::Query> again = query::cql::parse_cql(printed);
    if (!again) {
        out.add("the canonical text " + printed + " does not parse: " + again.error().message);
        return;
    }
    out.check(again.value() == parsed.value(), "the canonical text " + printed + " parses to the same query");
    out.check(query::cql::to_string(again.value()) == printed, "the canonical text " + printed + " prints the same");
}

}  // namespace

std::string_view target_name(Target target) {
    for (const auto& [candidate, name] : kTargets)
        if (candidate == target) return name;
    return "";
}

std::optional<Target> parse_target_name(std::string_view name) {
    for (const auto& [target, candidate] : kTargets)
        if (candidate == name) return target;
    return std::nullopt;
}

std::vector<std::string> check_event_invariants(const model::Event& event, std::string_view decoded_text,
                                                ingest::Format format) {
    Violations out;
    check_event(event, decoded_text, format, out);
    return out.take();
}

std::vector<std::string> check_input(Target target, std::string_view input) {
    Violations out;
    switch (target) {
        case Target::text: check_parse(ingest::Format::text, input, out); break;
        case Target::markdown: check_parse(ingest::Format::markdown, input, out); break;
        case Target::html: check_parse(ingest::Format::html, input, out); break;
        case Target::tei: check_parse(ingest::Format::tei, input, out); break;
        case Target::json: check_parse(ingest::Format::json, input, out); break;
        case Target::csv: check_parse(ingest::Format::csv, input, out); break;
        case Target::label_grammar: check_label(input, out); break;
        case Target::cql_parser: check_cql(input, out); break;
        case Target::segment:
            for (auto& violation : check_damaged_segment(input)) out.check(false, violation);
            break;
        case Target::search_query:
            for (auto& violation : check_search_query(input)) out.check(false, violation);
            break;
        case Target::source_text: {
            out.check(ingest::find_invalid_utf8(input) == reference_invalid_utf8(input),
                      "find_invalid_utf8 agrees with ICU on the first ill-formed byte");
            check_source_text(input, "", out);
            check_source_text(input, "GB18030", out);
            check_source_text(input, "windows-1252", out);
            break;
        }
    }
    return out.take();
}

void check_or_abort(Target target, const unsigned char* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> violations = check_input(target, input);
    if (violations.empty()) return;
    std::fprintf(stderr, "presser fuzz %.*s: %zu invariant(s) violated:\n", static_cast<int>(target_name(target).size()),
                 target_name(target).data(), violations.size());
    for (const std::string& violation : violations) std::fprintf(stderr, "  - %s\n", violation.c_str());
    std::abort();
}

}  // namespace presser::fuzz
