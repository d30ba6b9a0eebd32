// GET /api/search: ranked search (src/search Searcher) with exact totals and facets.
#include "search/searcher.h"
#include "server/api.h"
#include "server/json_params.h"
#include "server/search_request.h"
#include "server/text_parts.h"

namespace presser::server {

namespace {

// The searcher keeps a top k; a page past this depth would make every request score and snippet that many.
constexpr std::uint64_t kMaxSearchDepth = 10000;

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at <= text.size();) {
        auto next = text.find(',', at);
        if (next == std::string::npos) next = text.size();
        if (next > at) out.push_back(text.substr(at, next - at));
        at = next + 1;
    }
    return out;
}

search::Unit unit_of(const std::string& name) {
    return name == "exchange" ? search::Unit::exchange : name == "event" ? search::Unit::event : search::Unit::turn;
}

Json search_route(Call& call) {
    const Params params(call.request, {"q", "unit", "sort", "offset", "limit", "facets", "facet_limit", "exact"}, true);
    const auto q = params.text("q");
    if (q.empty()) throw ApiError{400, "parameter 'q' is required: the search-box query (docs/search.md)"};
    const auto unit = params.choice("unit", {"turn", "exchange", "event"}, "turn");
    const auto offset = params.integer("offset", 0, 0, kMaxSearchDepth);
    const auto limit = params.integer("limit", 20, 0, 1000);
    if (offset + limit > kMaxSearchDepth)
        throw ApiError{400, "offset + limit must be at most " + std::to_string(kMaxSearchDepth) +
                                " for ranked search (use /api/export for the whole result set)"};
    search::SearchOptions options;
    apply_filters(params.filters(call.api.tables), options);
    options.unit = unit_of(unit);
    options.sort = params.choice("sort", {"score", "date"}, "score") == "date" ? search::SortOrder::date : search::SortOrder::score;
    options.facets = split_list(params.text("facets", unit == "event" ? "year" : "speaker,outlet,role,year"));
    options.facet_limit = params.integer("facet_limit", 10, 0, 100000);
    options.exact_forms = params.flag("exact");
    options.limit = offset + limit;
    const auto r = run_search(call, q, options);
    // Written directly: the value tree of a first page cost more than the search (json_writer.h).
    std::string body;
    body.reserve(16384);
    JsonWriter out(body);
    out.begin_object()
        .field("q", q)
        .field("unit", unit)
        .field("total", r.total)
        .field("offset", offset)
        .field("limit", limit)
        .field("took_ms", call.elapsed_ms())
        .key("hits")
        .begin_array();
    for (std::size_t i = offset; i < r.hits.size(); ++i) {
        const auto& hit = r.hits[i];
        out.begin_object().field("score", hit.score);
        for_each_hit_field(hit, [&](const char* name, const std::string& value) { out.field(name, value); });
        out.field("title", hit.title).field("source", hit.source).key("snippet");
        write_snippet(out, hit.snippet);
        out.key("answer");
        if (hit.answer.text.empty()) out.null();
        else write_snippet(out, hit.answer);
        out.end_object();
    }
    out.end_array().key("facets").begin_array();
    for (const auto& facet : r.facets) {
        out.begin_object().field("name", facet.name).field("distinct", facet.distinct).key("values").begin_array();
        for (const auto& v : facet.values) out.begin_object().field("value", v.value).field("count", v.count).end_object();
        out.end_array().end_object();
    }
    out.end_array().end_object();
    call.written_body = std::move(body);
    return nullptr;
}

}  // namespace

std::vector<Route> search_routes() { return {{"/api/search", "/api/search", search_route}}; }

}  // namespace presser::server
