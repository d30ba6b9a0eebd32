// GET /api/events (the event list, from the startup tables) and /api/events/{id} (the reader: the stored
// event with the hits of an optional CQL or search query marked in its paragraphs).
#include <algorithm>

#include "index/stored_event.h"
#include "query/hit_ranges.h"
#include "search/searcher.h"
#include "server/api.h"
#include "server/cql_request.h"
#include "server/json_params.h"
#include "server/search_request.h"
#include "server/text_parts.h"
#include "text/case_folding.h"

namespace presser::server {

namespace {

using index::Structure;

bool contains(const std::vector<std::string>& values, std::string_view value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

Json events_route(Call& call) {
    const Params params(call.request, {"from", "to", "language", "event", "organiser", "speaker", "title", "offset", "limit", "sort"});
    const auto filters = params.filters(call.api.tables);
    const auto title = text::nfkc_casefold(params.text("title"));
    const auto offset = params.integer("offset", 0, 0, UINT32_MAX);
    const auto limit = params.integer("limit", 20, 0, 1000);
    const auto sort = params.choice("sort", {"date", "-date", "title", "-title", "organiser", "-organiser"}, "-date");
    const bool descending = sort.starts_with('-');
    const std::string_view key = descending ? std::string_view(sort).substr(1) : std::string_view(sort);
    std::vector<const EventRow*> rows;
    for (const auto& event : call.api.tables.events) {
        const std::string_view d = event.date;
        if (!filters.from.empty() && (d.empty() || d.substr(0, filters.from.size()) < filters.from)) continue;
        if (!filters.to.empty() && (d.empty() || d.substr(0, filters.to.size()) > filters.to)) continue;
        if (!filters.languages.empty() && !contains(filters.languages, event.language)) continue;
        if (!filters.events.empty() && !contains(filters.events, event.id)) continue;
        if (!filters.organisers.empty() && !contains(filters.organisers, event.organiser)) continue;
        if (!filters.speakers.empty() &&
            std::none_of(filters.speakers.begin(), filters.speakers.end(),
                         [&](const std::string& s) { return std::binary_search(event.speakers.begin(), event.speakers.end(), s); }))
            continue;
        if (!title.empty() && text::nfkc_casefold(event.title).find(title) == std::string::npos) continue;
        rows.push_back(&event);
    }
    // By the key, ties by date (newest first); events without the key's value last either way.
    auto value = [&](const EventRow* e) -> const std::string& { return key == "title" ? e->title : key == "organiser" ? e->organiser : e->date; };
    std::stable_sort(rows.begin(), rows.end(), [&](const EventRow* a, const EventRow* b) {
        const auto& va = value(a);
        const auto& vb = value(b);
        if (va.empty() != vb.empty()) return vb.empty();
        if (va != vb) return descending ? va > vb : va < vb;
        return a->date > b->date;
    });
    auto events = Json::array();
    for (std::uint64_t i = offset; i < rows.size() && i < offset + limit; ++i) {
        const auto& e = *rows[i];
        events.push_back({{"id", e.id},         {"title", e.title},       {"date", e.date},   {"organiser", e.organiser},
                          {"venue", e.venue},   {"language", e.language}, {"source", e.source}, {"tokens", e.tokens},
                          {"turns", e.turns},   {"exchanges", e.exchanges}});
    }
    return {{"total", rows.size()}, {"offset", offset}, {"limit", limit}, {"events", std::move(events)}};
}

// Hits of the reader's query inside the event, as position spans of its segment; `matching` is set to the
// strategy of a CQL query.
std::vector<query::IndexHit> reader_hits(Call& call, const Params& params, const EventRow& row, std::optional<std::string>& matching) {
    std::vector<query::IndexHit> out;
    if (params.has("cql") && params.has("q")) throw ApiError{400, "give at most one of 'cql' and 'q'"};
    Filters only_this;
    only_this.events = {row.id};
    if (params.has("cql")) {
        const auto compiled = compile_cql(call, params.text("cql"), only_this, params.matching());
        matching = matching_name(*compiled);
        for (const auto& hit : all_hits(call, *compiled))
            if (hit.segment == row.segment) out.push_back(hit);
    } else if (params.has("q")) {
        params.refuse("matching", "it is the matching strategy of a CQL query ('cql')");
        search::SearchOptions options;
        apply_filters(only_this, options);
        options.unit = search::Unit::turn;
        options.limit = row.turns + 1;
        options.exact_forms = params.flag("exact");
        const auto result = run_search(call, params.text("q"), options);
        for (const auto& hit : result.hits)
            if (hit.segment == row.segment && hit.event_id == row.id)
                for (const auto& [first, last] : hit.matched_spans) out.push_back({row.segment, first, last + 1});
    } else {
        params.refuse("matching", "it is the matching strategy of a CQL query ('cql')");
    }
    const auto& events = call.api.index.segments()[row.segment]->regions(Structure::event);
    const auto begin = events.start(row.event), end = events.end(row.event);
    std::erase_if(out, [&](const query::IndexHit& h) { return h.start < begin || h.start >= end; });
    std::sort(out.begin(), out.end());
    return out;
}

Json reader_route(Call& call) {
    const Params params(call.request, {"cql", "q", "exact", "matching"});
    const auto id = call.request.matches[1].str();
    const auto& tables = call.api.tables;
    const auto found = tables.event_by_id.find(id);
    if (found == tables.event_by_id.end()) throw ApiError{404, "no event '" + id + "' in the index"};
    const auto& row = tables.events[found->second];
    const auto& segment = *call.api.index.segments()[row.segment];
    auto event = index::stored_event(segment, row.event);
    if (!event) throw ApiError{500, "cannot read event '" + id + "': " + event.error().describe()};
    std::optional<std::string> matching;
    const auto hits = reader_hits(call, params, row, matching);

    const auto& e = event.value();
    Json out_event = {{"id", e.id},
                      {"title", e.title},
                      {"date", e.date.to_string()},
                      {"date_precision", model::to_string(e.date.precision)},
                      {"organiser", e.organiser},
                      {"venue", e.venue},
                      {"language", e.language},
                      {"source", e.source},
                      {"source_url", e.source_url},
                      {"source_note", e.source_note}};
    auto speakers = Json::array();
    for (const auto& s : e.speakers)
        speakers.push_back({{"id", s.id}, {"name", s.name}, {"role", model::to_string(s.role)}, {"title", s.title}, {"affiliations", s.affiliations}});
    std::unordered_map<std::string, std::string> exchange_of;
    for (const auto& x : e.exchanges) {
        for (const auto& t : x.questions) exchange_of.emplace(t, x.id);
        for (const auto& t : x.answers) exchange_of.emplace(t, x.id);
    }
    // Paragraphs are stored in reading order from the event's first p region (as stored_event reads them).
    const auto* first_column = segment.regions(Structure::event).column("first_paragraph");
    std::uint64_t paragraph_index = first_column && first_column->numeric() ? first_column->number(row.event) : 0;
    const auto& p_regions = segment.regions(Structure::p);
    auto turns = Json::array();
    for (const auto& turn : e.turns) {
        auto paragraphs = Json::array();
        for (const auto& paragraph : turn.paragraphs) {
            const auto index = paragraph_index++;
            Json parts;
            const bool has_hit = index < p_regions.size() && std::any_of(hits.begin(), hits.end(), [&](const query::IndexHit& h) {
                                     return h.start < p_regions.end(index) && h.end > p_regions.start(index);
                                 });
            if (has_hit) {
                auto stored = segment.paragraph(index);
                if (!stored) throw ApiError{500, "cannot read paragraph: " + stored.error().describe()};
                parts = text_parts(stored->text, query::hit_ranges(segment, index, stored.value(), hits), &stored.value());
            } else {
                parts = text_parts(paragraph.text, {});
            }
            paragraphs.push_back({{"parts", std::move(parts)}, {"source_begin", paragraph.range.start}, {"source_end", paragraph.range.end}});
        }
        const auto x = exchange_of.find(turn.id);
        turns.push_back({{"id", turn.id},
                         {"speaker", turn.speaker},
                         {"kind", model::to_string(turn.kind)},
                         {"exchange", x == exchange_of.end() ? Json(nullptr) : Json(x->second)},
                         {"paragraphs", std::move(paragraphs)}});
    }
    auto exchanges = Json::array();
    for (const auto& x : e.exchanges)
        exchanges.push_back({{"id", x.id}, {"questions", x.questions}, {"answers", x.answers},
                             {"follows", x.follows ? Json(*x.follows) : Json(nullptr)}});
    Json out = {{"event", std::move(out_event)}, {"speakers", std::move(speakers)}, {"turns", std::move(turns)},
                {"exchanges", std::move(exchanges)}, {"hits", hits.size()}};
    if (matching) out["matching"] = *matching;
    out["took_ms"] = call.elapsed_ms();
    return out;
}

}  // namespace

std::vector<Route> event_routes() {
    return {{"/api/events", "/api/events", events_route}, {"/api/events/{id}", R"(/api/events/(.+))", reader_route}};
}

}  // namespace presser::server
