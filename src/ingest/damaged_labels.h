// Speaker labels damaged by OCR in typewritten transcripts: "QUESTIONX", "PRIME MINISTERi", "QUESTE ON:",
// "PRIME MINISTER," read as the label they stand for. Internal to src/ingest.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/label_grammar.h"

namespace presser::ingest {

// Reads a damaged label at the start of `line` (upper case only): either a label of `document_labels`
// (labels the document uses intact elsewhere) or of label_vocabulary() with a letter or two misread and
// its colon intact, or one spelt right whose colon was misread as a letter glued to it, a comma or a
// semicolon, or lost before a capitalised word. The label is interpreted as the intact one would be;
// `consumed` covers the damaged label, its separator and the spaces after it.
[[nodiscard]] std::optional<LabelMatch> match_damaged_label(std::string_view line,
                                                           const std::vector<std::string>& document_labels);

}  // namespace presser::ingest
