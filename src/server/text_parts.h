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
#include "server/json_writer.h"

namespace presser::server {

// [{"text": "We discussed "}, {"text": "sanctions", "hit": true}, ...]; ranges sorted, not overlapping,
// within `text`. Hit parts carry source_begin/source_end when `paragraph` is given.
void write_text_parts(JsonWriter& out, std::string_view text, const std::vector<query::TextRange>& ranges,
                      const index::StoredParagraph* paragraph = nullptr);

// The unit and speaker fields of a search hit, in this order: event_id, turn_id, exchange_id, date, speaker,
// role, kind, outlet (the search answer and its export share them).
template <class Visit>
void for_each_hit_field(const search::Hit& hit, Visit&& visit) {
    visit("event_id", hit.event_id);
    visit("turn_id", hit.turn_id);
    visit("exchange_id", hit.exchange_id);
    visit("date", hit.date);
    visit("speaker", hit.speaker);
    visit("role", hit.role);
    visit("kind", hit.kind);
    visit("outlet", hit.outlet);
}
void append_hit_fields(nlohmann::ordered_json& row, const search::Hit& hit);

// A search snippet: {"parts", "truncated_before", "truncated_after", "source_begin", "source_end"} (the source
// bytes from the first match to the end of the last, null without matches).
void write_snippet(JsonWriter& out, const search::Snippet& snippet);

}  // namespace presser::server
