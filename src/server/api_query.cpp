// GET /api/query (KWIC), /api/groups (distribution of hits), /api/timeline (hits per period).
#include <map>

#include "analysis/hit_breakdown.h"
#include "query/concordance.h"
#include "query/cql_parser.h"
#include "query/hit_sample.h"
#include "query/option_values.h"
#include "query/sorted_page.h"
#include "search/searcher.h"
#include "server/api.h"
#include "server/cql_request.h"
#include "server/json_params.h"
#include "server/search_request.h"

namespace presser::server {

namespace {

using index::Structure;

Json query_route(Call& call) {
    const Params params(call.request, {"cql", "offset", "limit", "sort", "context", "matching", "sample", "seed"}, true);
    const auto cql = params.text("cql");
    const auto offset = params.integer("offset", 0, 0, UINT32_MAX);
    const auto limit = params.integer("limit", 20, 0, 1000);
    const auto context = static_cast<std::uint32_t>(params.integer("context", 8, 0, 50));
    const auto sort_text = params.text("sort", "none");
    std::vector<query::SortKey> sort;
    if (sort_text != "none") {
        auto keys = query::parse_sort_keys(sort_text);
        if (!keys) throw ApiError{400, "parameter 'sort': " + keys.error().message + " (or none)"};
        sort = std::move(keys.value());
    }
    const bool sampled = call.request.has_param("sample");
    const auto sample_size = params.integer("sample", 0, 0, query::kMaxSampleLines);
    const auto seed = params.integer("seed", 1, 0, UINT32_MAX);
    const auto compiled = compile_cql(call, cql, params.filters(call.api.tables), params.matching());
    // No list of every hit is kept: a sorted page keeps only the lines that can still reach it, and in corpus
    // order the page is the first hits; the counts are taken as the query runs.
    std::vector<query::IndexHit> page;
    query::HitCounts counts;
    Json sample = nullptr;
    if (sampled) {
        // Thin: the sample is drawn from every hit, then sorted (or left in corpus order) and paged.
        auto drawn = query::sample_hits(*compiled, sample_size, seed);
        if (!drawn) evaluation_failed(call, drawn.error());
        query::sort_hits(call.api.index, drawn->hits, sort, std::max<std::uint32_t>(context, 1));
        for (auto i = offset; i < drawn->hits.size() && i < offset + limit; ++i) page.push_back(drawn->hits[i]);
        counts = drawn->counts;
        sample = {{"size", drawn->hits.size()}, {"seed", seed}};
    } else if (!sort.empty()) {
        if (offset + limit > query::kMaxSortedLines)
            throw ApiError{400, "parameters 'offset' and 'limit': a sorted page must end within the first " +
                                    std::to_string(query::kMaxSortedLines) + " lines; narrow the query, or page it unsorted"};
        auto sorted = query::sorted_page(*compiled, sort, offset, limit, std::max<std::uint32_t>(context, 1));
        if (!sorted) evaluation_failed(call, sorted.error());
        page = std::move(sorted->hits);
        counts = sorted->counts;
    } else {
        page = hits_page(call, *compiled, offset, limit);
        counts = hit_counts(call, *compiled);
    }
    auto lines = Json::array();
    if (!page.empty()) {
        auto concordancer = call.api.concordancers.take(call.deadline, call.api.options.timeout_ms);
        query::HitLabeler labeler(*compiled);
        for (const auto& hit : page)
            lines.push_back(kwic_json(call.api.index, concordancer->line(hit, {context, false}, labeler.labels(hit))));
    }
    return {{"cql", cql},
            {"matching", matching_name(*compiled)},
            {"total", counts.hits},
            {"events", counts.events},
            {"turns", counts.turns},
            {"offset", offset},
            {"limit", limit},
            {"sample", std::move(sample)},
            {"took_ms", call.elapsed_ms()},
            {"lines", std::move(lines)}};
}

// by=match.ATTR: the hits by their own forms (analysis/hit_breakdown.h), in the rows of a distribution.
Json match_groups(Call& call, const Params& params, const std::string& cql, const std::string& by_text, const analysis::MatchGroupBy& by,
                  std::uint64_t limit) {
    std::optional<analysis::LabelPosition> label;
    if (!by.label.empty()) {
        auto parsed = query::cql::parse_cql(cql);
        if (!parsed) throw ApiError{400, "CQL: " + parsed.error().message};
        auto position = analysis::label_position(parsed.value(), by.label);
        if (!position) throw ApiError{400, "parameter 'by': " + position.error().message};
        label = position.value();
    }
    const auto filters = params.filters(call.api.tables);
    const auto compiled = compile_cql(call, cql, filters, params.matching());
    // Per million of the corpus searched: known when no filter narrows it.
    const bool filtered = !filters.empty();
    auto breakdown = analysis::hit_breakdown(*compiled, by, filtered ? std::nullopt : std::optional<std::uint64_t>(call.api.index.tokens()), 0, label);
    if (!breakdown) evaluation_failed(call, breakdown.error());
    const auto& rows = breakdown->rows;
    auto out_rows = Json::array();
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
        Json row = {{"value", rows[i].form}, {"hits", rows[i].hits}, {"share", rows[i].share}};
        row["per_million"] = rows[i].per_million ? Json(*rows[i].per_million) : Json(nullptr);
        out_rows.push_back(std::move(row));
    }
    return {{"cql", cql},          {"matching", matching_name(*compiled)}, {"by", by_text}, {"total", breakdown->hits},
            {"distinct", rows.size()}, {"took_ms", call.elapsed_ms()}, {"rows", std::move(out_rows)}};
}

Json groups_route(Call& call) {
    const Params params(call.request, {"cql", "by", "limit", "matching"}, true);
    const auto cql = params.text("cql");
    const auto by_text = params.text("by", "turn.speaker");
    const auto limit = params.integer("limit", 50, 0, 1000000);
    if (auto by_match = analysis::parse_match_group_by(by_text)) {
        if (!*by_match) throw ApiError{400, "parameter 'by': " + by_match->error().message};
        return match_groups(call, params, cql, by_text, by_match->value(), limit);
    }
    auto by = query::parse_group_by(by_text);
    if (!by) throw ApiError{400, "parameter 'by': " + by.error().message};
    if (const auto problem = query::group_by_problem(call.api.index, *by); !problem.empty())
        throw ApiError{400, "parameter 'by': " + problem};
    const auto compiled = compile_cql(call, cql, params.filters(call.api.tables), params.matching());
    const auto counted = distribution(call, *compiled, *by);
    const auto& rows = counted.rows;
    auto out_rows = Json::array();
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i)
        out_rows.push_back({{"value", rows[i].value}, {"hits", rows[i].hits}, {"tokens", rows[i].tokens}, {"per_million", rows[i].per_million}});
    return {{"cql", cql},          {"matching", matching_name(*compiled)}, {"by", by_text}, {"total", counted.hits},
            {"distinct", rows.size()}, {"took_ms", call.elapsed_ms()}, {"rows", std::move(out_rows)}};
}

// The period of an event date at a granularity ("" when the date is not that precise).
std::string period_of(std::string_view date, std::size_t length) {
    if (date.size() < length || date.empty() || date[0] < '0' || date[0] > '9') return "";
    return std::string(date.substr(0, length));
}

bool contains(const std::vector<std::string>& values, std::string_view value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool event_passes(const EventRow& event, const Filters& filters) {
    if (!filters.from.empty() || !filters.to.empty()) {
        const std::string_view d = event.date;
        if (d.empty()) return false;
        if (!filters.from.empty() && d.substr(0, filters.from.size()) < filters.from) return false;
        if (!filters.to.empty() && d.substr(0, filters.to.size()) > filters.to) return false;
    }
    if (!filters.events.empty() && !contains(filters.events, event.id)) return false;
    if (!filters.languages.empty() && !contains(filters.languages, event.language)) return false;
    if (!filters.organisers.empty() && !contains(filters.organisers, event.organiser)) return false;
    return true;
}

// Tokens per period of the subcorpus the filters define (exact values, as for CQL).
std::map<std::string, std::uint64_t> period_tokens(const Call& call, const Filters& filters, std::size_t length) {
    std::map<std::string, std::uint64_t> out;
    const auto& tables = call.api.tables;
    const bool turn_filters = !filters.speakers.empty() || !filters.roles.empty() || !filters.kinds.empty() || !filters.outlets.empty();
    if (filters.empty()) {
        for (const auto& [date, tokens] : tables.tokens_by_date)
            if (auto period = period_of(date, length); !period.empty()) out[period] += tokens;
        return out;
    }
    for (const auto& event : tables.events) {
        if (!event_passes(event, filters)) continue;
        const auto period = period_of(event.date, length);
        if (period.empty()) continue;
        if (!turn_filters) {
            out[period] += event.tokens;
            continue;
        }
        const auto& segment = *call.api.index.segments()[event.segment];
        const auto& events = segment.regions(Structure::event);
        const auto& turns = segment.regions(Structure::turn);
        auto value = [&](std::string_view name, std::uint64_t t) -> std::string_view {
            const auto* column = turns.column(name);
            return column && !column->numeric() ? column->string(t) : std::string_view();
        };
        const auto end = events.end(event.event);
        for (auto t = turns.find(events.start(event.event)); t && *t < turns.size() && turns.start(*t) < end; t = *t + 1) {
            if (!filters.speakers.empty() && !contains(filters.speakers, value("speaker", *t))) continue;
            if (!filters.roles.empty() && !contains(filters.roles, value("role", *t))) continue;
            if (!filters.kinds.empty() && !contains(filters.kinds, value("kind", *t))) continue;
            if (!filters.outlets.empty()) {
                bool any = false;
                for (const auto& a : analysis::split_outlets(value("affiliation", *t))) any = any || contains(filters.outlets, a);
                if (!any) continue;
            }
            out[period] += turns.end(*t) - turns.start(*t);
        }
    }
    return out;
}

Json timeline_route(Call& call) {
    const Params params(call.request, {"cql", "q", "unit", "granularity", "exact", "matching"}, true);
    const auto granularity = params.choice("granularity", {"day", "month", "year"}, "month");
    const std::size_t length = granularity == "day" ? 10 : granularity == "month" ? 7 : 4;
    if (params.has("cql") == params.has("q")) throw ApiError{400, "give exactly one of 'cql' (count CQL hits) and 'q' (count search units)"};
    const auto filters = params.filters(call.api.tables);
    std::map<std::string, std::uint64_t> hits;
    std::uint64_t total = 0, undated = 0;
    Json out = {{"granularity", granularity}};
    if (params.has("cql")) {
        const auto cql = params.text("cql");
        out["cql"] = cql;
        const auto compiled = compile_cql(call, cql, filters, params.matching());
        out["matching"] = matching_name(*compiled);
        // Hits per event date, counted as the query runs: no list of the hits is kept.
        const auto per_date = distribution(call, *compiled, query::GroupBy{Structure::event, "date"});
        total = per_date.hits;
        for (const auto& row : per_date.rows) {
            const auto period = period_of(row.value, length);
            if (period.empty()) undated += row.hits;
            else hits[period] += row.hits;
        }
    } else {
        const auto q = params.text("q");
        const auto unit = params.choice("unit", {"turn", "exchange", "event"}, "turn");
        params.refuse("matching", "it is the matching strategy of a CQL query ('cql')");
        out["q"] = q;
        out["unit"] = unit;
        search::SearchOptions options;
        apply_filters(filters, options);
        options.unit = unit == "exchange" ? search::Unit::exchange : unit == "event" ? search::Unit::event : search::Unit::turn;
        options.facets = {granularity};
        options.facet_limit = SIZE_MAX;
        options.limit = 0;
        options.snippets = false;
        options.exact_forms = params.flag("exact");
        const auto result = run_search(call, q, options, "");
        total = result.total;
        for (const auto& v : result.facets.at(0).values) {
            const auto period = period_of(v.value, length);
            if (period.empty()) undated += v.count;
            else hits[period] += v.count;
        }
    }
    const auto tokens = period_tokens(call, filters, length);
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> rows;  // period -> hits, tokens
    for (const auto& [period, n] : tokens) rows[period].second = n;
    for (const auto& [period, n] : hits) rows[period].first = n;
    auto buckets = Json::array();
    for (const auto& [period, row] : rows)
        buckets.push_back({{"period", period},
                           {"hits", row.first},
                           {"tokens", row.second},
                           {"per_million", row.second ? static_cast<double>(row.first) * 1e6 / static_cast<double>(row.second) : 0.0}});
    out["total"] = total;
    out["undated"] = undated;
    out["took_ms"] = call.elapsed_ms();
    out["buckets"] = std::move(buckets);
    return out;
}

}  // namespace

std::vector<Route> query_routes() {
    return {{"/api/query", "/api/query", query_route},
            {"/api/groups", "/api/groups", groups_route},
            {"/api/timeline", "/api/timeline", timeline_route}};
}

}  // namespace presser::server
