// The steps of TranscriptBuilder, one file each. Internal to src/ingest.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/draft.h"
#include "ingest/speaker_overrides.h"
#include "model/transcript.h"

namespace presser::ingest {

// What the builder knows about a speaker beyond the model: how it was labelled.
struct SpeakerFacts {
    std::string key;                  // identity key (label_grammar's fold_key of name or marker)
    LabelClass label_class = LabelClass::named;
    model::Role hint = model::Role::unknown;  // from the label's words
    bool role_from_header = false;    // named as the one answering in the title or header
    bool overridden = false;          // a sidecar fixed its role
    std::string folded_label;         // fold_key of the first label it was written as (typo matching)
};

// Speakers and turns under construction; facts[i] describes event.speakers[i].
struct Workspace {
    model::Event event;
    std::vector<SpeakerFacts> facts;
    const std::string* source_text = nullptr;
    std::string header_text;  // title and narration before the first speaker, for header facts

    int find_or_add_speaker(const Label& label);
    int speaker_index(std::string_view id) const;
};

// header_fields.cpp: field lines of the header ("Subjects: ...", "Location: ...") before the first turn
// move from the blocks to draft.fields (and a location field to draft.venue).
void extract_header_fields(Draft& draft);

// header_facts.cpp: organiser, venue and officials (with their titles) named in the title or header.
void apply_header_facts(Workspace& work, const Draft& draft);

// opening_statement.cpp: on a spokesperson's statement page without labels, and in the unlabelled opening
// of a briefing whose title names the spokesperson presiding, the paragraphs that read as speech are the
// spokesperson's (an official, created from the title when no label names them).
void attribute_opening_statement(Workspace& work);

// outlet_extraction.cpp: outlets and names from self-introductions ("Jeanna Smialek from the New York
// Times", "Rocío Méndez, _Noticias MVS_") and from the moderator's introductions ("Let's go to Howard at
// Reuters"); an anonymous question turn whose asker introduces themselves gets a speaker of its own.
void apply_introductions(Workspace& work);

// role_inference.cpp: roles from sidecar > label words > header > behaviour (turn length, questions,
// floor-giving phrases, who speaks after questions).
void infer_roles(Workspace& work, const SpeakerOverrides* overrides);

// exchange_builder.cpp: turn kinds from roles, then question/answer exchanges with follow-up links.
void classify_turns_and_build_exchanges(Workspace& work);

// date_extraction.cpp
struct DateFinding {
    model::PartialDate date;
    std::string warning;  // non-empty when the date is partial or guessed
};
[[nodiscard]] std::optional<DateFinding> find_date_in_file_name(std::string_view file_name);
[[nodiscard]] std::optional<DateFinding> find_date_in_text(std::string_view text);
// A numeric date, "05/03/2032" or "5.3.2032": day first unless only month first makes sense (US "12/31/2032").
[[nodiscard]] std::optional<DateFinding> find_numeric_date(std::string_view text);

// language_detection.cpp: "zh", "en", "es", "tr", ... or "" when the sample is too small.
[[nodiscard]] std::string detect_language(const model::Event& event);

// Word count that treats each two Han characters as a word.
[[nodiscard]] std::size_t approximate_words(std::string_view text);

}  // namespace presser::ingest
