// Pages that print questions in bold: the lead-ins that may turn out to be askers' labels, and the rules
// that label bold questions and the plain answers after them. Internal to src/ingest.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/draft.h"
#include "model/transcript.h"

namespace presser::ingest::html {

// A short phrase and a colon at the start of a paragraph that the label grammar did not take as a label
// ("会后有记者问及：", "《环球时报》："); a label after all if the paragraph turns out to be a bold question.
struct LeadIn {
    std::string label_text;
    model::Paragraph rest;
};

struct ParsedBlock {
    DraftBlock block;
    std::optional<LeadIn> lead_in;
};

// Where a short lead-in ends: the offset of its colon and of the text after it, when `text` begins with
// at most two dozen characters and a colon, with no sentence punctuation before it.
[[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> find_lead_in(std::string_view text);

// On pages that print questions in bold, a bold paragraph is a question even when its label is not a
// journalist's: an unknown lead-in ("会后有记者问及：") becomes the asker's label, a weak name-like label
// that only ever opens bold paragraphs ("追问：", "彭博社：") is a question marker, and a bold paragraph
// with no label at all is an anonymous question ("问"), unless it goes on a question already open. A plain
// paragraph without a label right after a bold question answers it: an anonymous answer ("答").
void label_bold_questions(std::vector<ParsedBlock>& parsed);

}  // namespace presser::ingest::html
