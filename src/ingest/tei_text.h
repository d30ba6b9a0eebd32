// The text of TEI paragraphs: white space folded, remarks (<note>, <gap>, ...) taken out as asides, and
// byte ranges in the source text the document was parsed from. Internal to src/ingest.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "model/transcript.h"

namespace presser::ingest::tei {

// Elements that are remarks of the transcriber, not speech: asides inside a paragraph, their own
// blocks between paragraphs.
[[nodiscard]] inline bool is_remark_element(std::string_view name) {
    return name == "note" || name == "vocal" || name == "incident" || name == "kinesic" || name == "gap" || name == "stage";
}

// The paragraph an element holds: its text with remarks taken out as asides and white space folded;
// its range (in `source`, the text the document was parsed from) runs from its first text to its last
// (remarks included), white space trimmed. None when the element holds no text and no remark.
[[nodiscard]] std::optional<model::Paragraph> read_paragraph(const pugi::xml_node& container, const std::string& source);

}  // namespace presser::ingest::tei
