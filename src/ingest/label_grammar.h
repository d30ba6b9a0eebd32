// The grammar of speaker labels: a table of patterns (label_grammar.cpp, documented in docs/labels.md)
// that recognises "Qin Gang:", "Q", "MS. JEAN-PIERRE:", "**PREGUNTA:**", "<NAME>CHAIR POWELL</NAME>.",
// "法新社记者：", "汪文斌：" at the start of a paragraph, and splits the label into name, title and outlets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/transcript.h"

namespace presser::ingest {

enum class LabelClass {
    question_marker,  // Q, PREGUNTA, 问, 记者: an anonymous journalist
    answer_marker,    // A, 答: an anonymous answerer
    moderator_marker, // MODERATOR, MODERADORA
    reporter_group,   // "Reporters from Global Times and Global.com"
    outlet_reporter,  // "法新社记者", "《中国日报》记者"
    voice,            // VOZ MUJER: an unidentified voice
    named,            // a person or office: "MS. PSAKI", "Qin Gang", "THE PRESIDENT"
};

struct Label {
    std::string text;   // as written, markup removed: "MS. JEAN-PIERRE", "Q", "法新社记者"
    LabelClass label_class = LabelClass::named;
    bool weak = false;  // only a speaker label if the document uses it more than once or names it elsewhere
    model::Role role_hint = model::Role::unknown;
    std::string name;   // "Jean-Pierre", "Andrés Manuel López Obrador"; "" for anonymous markers
    std::string title;  // "Presidente", "Secretario de Relaciones Exteriores", "Chair"
    std::vector<std::string> affiliations;
    std::string key;    // identity of the speaker: accent- and case-folded name, or the marker
};

struct LabelMatch {
    Label label;
    std::size_t consumed = 0;  // bytes of the block taken by the label, its colon, markup and spaces after it
};

// Matches a speaker label at the start of `block` (leading indentation allowed). Returns nothing when the
// block does not begin with a label. Never reads past `block`.
[[nodiscard]] std::optional<LabelMatch> match_label(std::string_view block);

struct StampedLabel {
    LabelMatch match;           // consumed: the whole line
    std::uint32_t seconds = 0;  // the stamp
};

// A speaker line with a time stamp and nothing else: "Harriet Vance: (00:12)", "Speaker 2: (1:01:09)".
// The label is strong whatever its row: the stamp leaves no doubt.
[[nodiscard]] std::optional<StampedLabel> match_stamped_label(std::string_view line);

// Labels every document may use, in capitals: the question, answer and moderator markers and the offices
// of the grammar ("QUESTION", "PRIME MINISTER", "PRESIDENTE"). What a damaged label is compared with.
[[nodiscard]] const std::vector<std::string_view>& label_vocabulary();

// Splits a label's text into name, title, role hint, outlets and identity key (used for labels found by
// other means, such as TEI speaker names or HTML bold runs).
[[nodiscard]] Label interpret_label(std::string_view text, LabelClass label_class);

// Upper/lower-case folding and accent removal for identity keys ("CASAUBÓN" == "Casaubon").
[[nodiscard]] std::string fold_key(std::string_view text);

// "JEANNA SMIALEK" -> "Jeanna Smialek"; leaves mixed-case text unchanged.
[[nodiscard]] std::string title_case_if_upper(std::string_view text);

}  // namespace presser::ingest
