// Speaker-header layouts (earnings calls and similar): the speaker alone on a line, without a colon
// ("Operator", "Alma Ruiz -- Chief Financial Officer", "Theo Grant -- Harbor Securities -- Analyst"), the
// speech in the paragraphs that follow. Internal to src/ingest.
#pragma once

#include <string_view>
#include <vector>

#include "ingest/draft.h"

namespace presser::ingest {

// Decided per document: in a document whose paragraphs open with no strong label, a one-line paragraph
// followed by speech is a speaker header when it has the `Name -- X` shape, is a marker word ("Operator",
// "Moderator", "Question") or recurs as such a line. Each header gets the label, and no text of its own.
// `source` is the text the blocks' ranges point into.
void mark_speaker_header_lines(std::vector<DraftBlock>& blocks, std::string_view source);

}  // namespace presser::ingest
