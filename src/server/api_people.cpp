// GET /api/speakers (speakers as each event names them), /api/people (one identity per person across the
// corpus) and /api/outlets (one per organisation): the startup tables, filtered, sorted and paged.
#include <algorithm>
#include <functional>

#include "analysis/people_json.h"
#include "server/api.h"
#include "server/json_params.h"
#include "text/case_folding.h"

namespace presser::server {

namespace {

template <class Row>
void sort_rows(std::vector<const Row*>& rows, const std::string& by) {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row* a, const Row* b) {
        if (by == "name") return a->name < b->name;
        const auto ka = by == "tokens" ? a->tokens : a->turns, kb = by == "tokens" ? b->tokens : b->turns;
        return ka != kb ? ka > kb : a->name < b->name;
    });
}

Json speakers_route(Call& call) {
    const Params params(call.request, {"role", "name", "outlet", "offset", "limit", "sort"});
    const auto roles = params.filters().roles;
    const auto name = text::nfkc_casefold(params.text("name"));
    const auto outlet = params.text("outlet");
    const auto offset = params.integer("offset", 0, 0, UINT32_MAX);
    const auto limit = params.integer("limit", 50, 0, 1000);
    const auto sort = params.choice("sort", {"turns", "tokens", "name"}, "turns");
    std::vector<const SpeakerRow*> rows;
    for (const auto& s : call.api.tables.speakers) {
        if (!roles.empty() && std::find(roles.begin(), roles.end(), s.role) == roles.end()) continue;
        if (!name.empty() && text::nfkc_casefold(s.name).find(name) == std::string::npos) continue;
        if (!outlet.empty() && !std::binary_search(s.outlets.begin(), s.outlets.end(), outlet)) continue;
        rows.push_back(&s);
    }
    sort_rows(rows, sort);
    auto out = Json::array();
    for (std::uint64_t i = offset; i < rows.size() && i < offset + limit; ++i) {
        const auto& s = *rows[i];
        out.push_back({{"name", s.name}, {"role", s.role}, {"outlets", s.outlets}, {"events", s.events}, {"turns", s.turns}, {"tokens", s.tokens}});
    }
    return {{"total", rows.size()}, {"offset", offset}, {"limit", limit}, {"speakers", std::move(out)}};
}

// Rows of `all` whose name or spellings contain `name` (folded), sorted by `sort`, as a page.
template <class Row>
Json identity_page(const Params& params, const std::vector<Row>& all, const std::function<bool(const Row&)>& keep, const char* key) {
    const auto name = text::nfkc_casefold(params.text("name"));
    const auto offset = params.integer("offset", 0, 0, UINT32_MAX);
    const auto limit = params.integer("limit", 50, 0, 1000);
    const auto sort = params.choice("sort", {"turns", "tokens", "name"}, "turns");
    std::vector<const Row*> rows;
    for (const auto& row : all) {
        if (!keep(row)) continue;
        const bool named = name.empty() || std::any_of(row.spellings.begin(), row.spellings.end(), [&](const std::string& s) {
            return text::nfkc_casefold(s).find(name) != std::string::npos;
        });
        if (named) rows.push_back(&row);
    }
    sort_rows(rows, sort);
    auto out = Json::array();
    for (std::uint64_t i = offset; i < rows.size() && i < offset + limit; ++i) out.push_back(analysis::to_json(*rows[i]));
    return {{"total", rows.size()}, {"offset", offset}, {"limit", limit}, {key, std::move(out)}};
}

Json people_route(Call& call) {
    const Params params(call.request, {"role", "name", "offset", "limit", "sort"});
    const auto roles = params.filters().roles;
    auto out = identity_page<analysis::Person>(params, call.api.tables.people.people, [&](const analysis::Person& p) {
        return roles.empty() || std::any_of(roles.begin(), roles.end(), [&](const std::string& r) { return analysis::has_role(p, r); });
    }, "people");
    out["unidentified_turns"] = call.api.tables.people.unidentified_turns;
    return out;
}

Json outlets_route(Call& call) {
    const Params params(call.request, {"name", "offset", "limit", "sort"});
    return identity_page<analysis::Outlet>(params, call.api.tables.people.outlets, [](const analysis::Outlet&) { return true; }, "outlets");
}

}  // namespace

std::vector<Route> people_routes() {
    return {{"/api/speakers", "/api/speakers", speakers_route},
            {"/api/people", "/api/people", people_route},
            {"/api/outlets", "/api/outlets", outlets_route}};
}

}  // namespace presser::server
