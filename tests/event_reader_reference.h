// The event reader's answer (GET /api/events/{id}) as the route built it before it was streamed: an nlohmann
// tree of the whole event, dumped. The streamed body must be byte for byte this, up to its "took_ms".
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index/stored_event.h"
#include "model/transcript.h"
#include "query/hit_ranges.h"

namespace presser::testing {

inline nlohmann::ordered_json reference_text_parts(std::string_view text, const std::vector<query::TextRange>& ranges,
                                                   const index::StoredParagraph* paragraph) {
    auto parts = nlohmann::ordered_json::array();
    std::size_t at = 0;
    for (const auto& range : ranges) {
        if (range.begin < at || range.end > text.size() || range.end <= range.begin) continue;
        if (range.begin > at) parts.push_back({{"text", text.substr(at, range.begin - at)}});
        nlohmann::ordered_json hit = {{"text", text.substr(range.begin, range.end - range.begin)}, {"hit", true}};
        if (paragraph != nullptr) {
            hit["source_begin"] = paragraph->source_offset(range.begin);
            hit["source_end"] = paragraph->source_offset(range.end - 1) + 1;
        }
        parts.push_back(std::move(hit));
        at = range.end;
    }
    if (at < text.size() || parts.empty()) parts.push_back({{"text", text.substr(at)}});
    return parts;
}

// The body without its took_ms, for event `event` of segment `segment_number` with `hits` (sorted positions of
// that segment) marked; `matching` as the answer names it, empty for none.
inline std::string reference_reader_body(const index::Index& index, std::uint32_t segment_number, std::uint64_t event_number,
                                         const std::vector<query::IndexHit>& hits, const std::string& matching) {
    using index::Structure;
    const auto& segment = *index.segments()[segment_number];
    auto event = index::stored_event(segment, event_number);
    EXPECT_TRUE(event.ok());
    if (!event) return {};
    const auto& e = event.value();
    nlohmann::ordered_json out_event = {{"id", e.id},
                                        {"title", e.title},
                                        {"date", e.date.to_string()},
                                        {"date_precision", model::to_string(e.date.precision)},
                                        {"organiser", e.organiser},
                                        {"venue", e.venue},
                                        {"language", e.language},
                                        {"source", e.source},
                                        {"source_url", e.source_url},
                                        {"source_note", e.source_note}};
    auto speakers = nlohmann::ordered_json::array();
    for (const auto& s : e.speakers)
        speakers.push_back({{"id", s.id}, {"name", s.name}, {"role", model::to_string(s.role)}, {"title", s.title}, {"affiliations", s.affiliations}});
    std::unordered_map<std::string, std::string> exchange_of;
    for (const auto& x : e.exchanges) {
        for (const auto& t : x.questions) exchange_of.emplace(t, x.id);
        for (const auto& t : x.answers) exchange_of.emplace(t, x.id);
    }
    const auto* first_column = segment.regions(Structure::event).column("first_paragraph");
    std::uint64_t paragraph_index = first_column && first_column->numeric() ? first_column->number(event_number) : 0;
    const auto& p_regions = segment.regions(Structure::p);
    auto turns = nlohmann::ordered_json::array();
    for (const auto& turn : e.turns) {
        auto paragraphs = nlohmann::ordered_json::array();
        for (const auto& paragraph : turn.paragraphs) {
            const auto at = paragraph_index++;
            nlohmann::ordered_json parts;
            const bool has_hit = at < p_regions.size() && std::any_of(hits.begin(), hits.end(), [&](const query::IndexHit& h) {
                                     return h.start < p_regions.end(at) && h.end > p_regions.start(at);
                                 });
            if (has_hit) {
                auto stored = segment.paragraph(at);
                EXPECT_TRUE(stored.ok());
                parts = reference_text_parts(stored->text, query::hit_ranges(segment, at, stored.value(), hits), &stored.value());
            } else {
                parts = reference_text_parts(paragraph.text, {}, nullptr);
            }
            paragraphs.push_back({{"parts", std::move(parts)}, {"source_begin", paragraph.range.start}, {"source_end", paragraph.range.end}});
        }
        const auto x = exchange_of.find(turn.id);
        turns.push_back({{"id", turn.id},
                         {"speaker", turn.speaker},
                         {"kind", model::to_string(turn.kind)},
                         {"exchange", x == exchange_of.end() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x->second)},
                         {"paragraphs", std::move(paragraphs)}});
    }
    auto exchanges = nlohmann::ordered_json::array();
    for (const auto& x : e.exchanges)
        exchanges.push_back({{"id", x.id}, {"questions", x.questions}, {"answers", x.answers},
                             {"follows", x.follows ? nlohmann::ordered_json(*x.follows) : nlohmann::ordered_json(nullptr)}});
    nlohmann::ordered_json out = {{"event", std::move(out_event)}, {"speakers", std::move(speakers)}, {"turns", std::move(turns)},
                                  {"exchanges", std::move(exchanges)}, {"hits", hits.size()}};
    if (!matching.empty()) out["matching"] = matching;
    auto text = out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text.pop_back();  // the closing brace: took_ms came before it
    return text;
}

// `body` without its `,"took_ms":…}` end, to compare with reference_reader_body.
inline std::string without_took_ms(const std::string& body) {
    const auto at = body.rfind(",\"took_ms\":");
    return at == std::string::npos ? body : body.substr(0, at);
}

// Segment and event number of the event `id`.
inline std::pair<std::uint32_t, std::uint64_t> find_event(const index::Index& index, const std::string& id) {
    for (std::uint32_t s = 0; s < index.segments().size(); ++s) {
        const auto& events = index.segments()[s]->regions(index::Structure::event);
        const auto* ids = events.column("id");
        for (std::uint64_t e = 0; ids && e < events.size(); ++e)
            if (ids->string(e) == id) return {s, e};
    }
    ADD_FAILURE() << "no event " << id;
    return {0, 0};
}

}  // namespace presser::testing
