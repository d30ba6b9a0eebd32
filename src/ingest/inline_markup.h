// Reader-facing text of a paragraph: Markdown inline markup removed, line breaks and runs of spaces
// folded to one space. Internal to src/ingest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/transcript.h"

namespace presser::ingest {

// `markdown` removes emphasis markers, images, link targets and backslash escapes; plain text only has
// its white space folded. Text without markup or line breaks comes back unchanged.
[[nodiscard]] std::string clean_inline(std::string_view raw, bool markdown);

// Inline remarks of the transcriber ("(Laughter.)", "(Risas)", "(inaudible)") inside a paragraph's raw
// bytes; ranges are offset by `base`.
[[nodiscard]] std::vector<model::Aside> find_asides(std::string_view raw, std::uint64_t base);

// True when the whole paragraph is a stage direction: "(Laughter.)", "[Applause]", "(INICIA VIDEO)".
[[nodiscard]] bool is_stage_direction(std::string_view clean_text);

// True when the paragraph is a closing note about the source: "(According to the text of the webcast)",
// "END", "(完)".
[[nodiscard]] bool is_source_note(std::string_view clean_text);

// A line that is not speech, whoever's turn it stands in: a clock time alone ("11:42 A.M. EDT", "(11:42
// a.m.)", "6:32 P.M."), a separator of dashes, asterisks or underscores ("---", "* * *"), or a short
// reference code ("VE 1065.": one to four capitals and a number).
[[nodiscard]] bool is_non_speech_line(std::string_view clean_text);

}  // namespace presser::ingest
