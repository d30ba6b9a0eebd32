// GET /api/talking-points, /api/talking-points/{id} and /api/similar: the talking points `presser
// talking-points build` stored in the index directory (docs/talking-points.md), with the CLI's filters and
// JSON. The store is built after the index's commit, so it can change within one generation: the loaded
// set is kept while STATE.json stays the same file, and the answers are not cached.
#include <sys/stat.h>

#include <memory>
#include <mutex>

#include "analysis/talking_point_selection.h"
#include "analysis/talking_point_store.h"
#include "analysis/talking_points.h"
#include "server/api.h"
#include "server/json_params.h"

namespace presser::server {
namespace {

// The identity of the store's STATE.json (it is replaced, never rewritten in place, on every build).
std::string state_identity(const index::Index& index) {
    const auto state = index.directory() / analysis::kTalkingPointsFolder / "STATE.json";
    struct stat info {};
    if (::stat(state.c_str(), &info) != 0) return "";
    return index.directory().string() + "|" + std::to_string(index.manifest().generation) + "|" + std::to_string(info.st_ino) + "|" +
           std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + "|" + std::to_string(info.st_size);
}

std::shared_ptr<const analysis::TalkingPointSet> loaded_points(Call& call) {
    static std::mutex mutex;
    static std::string identity;
    static std::shared_ptr<const analysis::TalkingPointSet> points;
    call.cacheable = false;
    const auto& index = call.api.index;
    const auto now = state_identity(index);
    std::lock_guard lock(mutex);
    if (!now.empty() && now == identity && points) return points;
    auto loaded = analysis::load_talking_points(index.directory(), index.manifest().generation);
    if (!loaded) throw ApiError{404, loaded.error().message};
    points = std::make_shared<const analysis::TalkingPointSet>(std::move(loaded.value()));
    identity = now;
    return points;
}

// The library's JSON (nlohmann::json, keys sorted) as the server's Json type.
Json served(const nlohmann::json& value) { return Json::parse(value.dump()); }

Json talking_points_route(Call& call) {
    const Params params(call.request, {"min_events", "boilerplate", "language", "from", "to", "speaker", "organiser", "sort", "offset", "limit"});
    analysis::TalkingPointFilter filter;
    filter.min_events = params.integer("min_events", 2, 1, UINT32_MAX);
    filter.boilerplate = *analysis::parse_boilerplate_choice(params.choice("boilerplate", {"exclude", "include", "only"}, "exclude"));
    filter.sort = *analysis::parse_talking_point_sort(params.choice("sort", {"count", "first", "spread"}, "count"));
    const auto dates = params.filters();  // from and to, checked as every route checks them
    filter.from = dates.from;
    filter.to = dates.to;
    filter.language = params.text("language");
    filter.speaker = params.text("speaker");
    filter.organiser = params.text("organiser");
    const auto offset = params.integer("offset", 0, 0, UINT32_MAX);
    const auto limit = params.integer("limit", 20, 0, 1000);
    const auto points = loaded_points(call);
    const auto selected = analysis::select_talking_points(*points, filter);
    auto rows = Json::array();
    for (auto i = offset; i < selected.size() && i < offset + limit; ++i) rows.push_back(served(analysis::to_json(*selected[i], false)));
    return {{"total", selected.size()}, {"offset", offset}, {"limit", limit}, {"boilerplate_rule", analysis::boilerplate_rule()},
            {"took_ms", call.elapsed_ms()}, {"talking_points", std::move(rows)}};
}

Json talking_point_route(Call& call) {
    const Params params(call.request, {});
    const auto text = call.request.matches[1].str();
    std::uint64_t id = 0;
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        throw ApiError{400, "talking point id '" + text + "': expected a number"};
    id = std::stoull(text);
    const auto points = loaded_points(call);
    for (const auto& point : points->points)
        if (point.id == id) return served(analysis::to_json(point, true));
    throw ApiError{404, "no talking point " + text + " (ids are 1 to " + std::to_string(points->points.size()) + ")"};
}

Json similar_route(Call& call) {
    const Params params(call.request, {"text", "limit"});
    if (!params.has("text")) throw ApiError{400, "parameter 'text' is required: the passage to look for"};
    analysis::SimilarOptions options;
    options.limit = params.integer("limit", 20, 1, 1000);
    loaded_points(call);  // a missing or stale store is a 404 naming the command to run
    auto found = analysis::similar_passages(call.api.index, params.text("text"), options);
    if (!found) throw ApiError{400, "text: " + found.error().message};
    auto out = served(analysis::to_json(found.value()));
    out["took_ms"] = call.elapsed_ms();
    return out;
}

}  // namespace

std::vector<Route> talking_point_routes() {
    return {{"/api/talking-points", "/api/talking-points", talking_points_route},
            {"/api/talking-points/{id}", R"(/api/talking-points/([^/]+))", talking_point_route},
            {"/api/similar", "/api/similar", similar_route}};
}

}  // namespace presser::server
