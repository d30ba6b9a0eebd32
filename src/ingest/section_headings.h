// Section headings of plain-text transcripts: "Prepared Remarks:", "Questions and Answers:" on a line of
// their own, ending in a colon, before a speaker. Internal to src/ingest.
#pragma once

#include <string_view>
#include <vector>

#include "ingest/draft.h"

namespace presser::ingest {

// Marks such paragraphs as headings (never speakers, never part of the turn before them). A paragraph
// is one when it is one line of one to six title-like words ending in a colon, carries no strong label,
// and the next paragraph opens a turn (or none follows). `source` is the text the ranges point into.
void mark_section_headings(std::vector<DraftBlock>& blocks, std::string_view source);

}  // namespace presser::ingest
