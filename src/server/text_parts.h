// Text with highlights as the API returns it: a list of parts, hits marked, so that clients need no
// UTF-8/UTF-16 offset arithmetic.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/stored_text.h"
#include "query/hit_ranges.h"
#include "search/searcher.h"

namespace presser::server {

// [{"text": "We discussed "}, {"text": "sanctions", "hit": true}, ...]; ranges sorted, not overlapping,
// within `text`. Hit parts carry source_begin/source_end when `paragraph` is given.
[[nodiscard]] nlohmann::ordered_json text_parts(std::string_view text, const std::vector<query::TextRange>& ranges,
                                                const index::StoredParagraph* paragraph = nullptr);

// The unit and speaker fields of a search hit, appended in this order: event_id, turn_id, exchange_id, date,
// speaker, role, kind, outlet (the search answer and its export share them).
void append_hit_fields(nlohmann::ordered_json& row, const search::Hit& hit);

// A search snippet: {"parts", "truncated_before", "truncated_after", "source_begin", "source_end"} (the source
// bytes from the first match to the end of the last, null without matches).
[[nodiscard]] nlohmann::ordered_json snippet_json(const search::Snippet& snippet);

}  // namespace presser::server
