// GET /api/suggest: what the filter inputs offer as the user types (server/suggestions.h).
#include "server/api.h"
#include "server/json_params.h"
#include "server/suggestions.h"

namespace presser::server {

namespace {

Json suggest_route(Call& call) {
    const Params params(call.request, {"field", "q", "limit"});
    const auto name = params.choice("field", {"speaker", "outlet", "event", "organiser"}, "speaker");
    const auto field = name == "speaker" ? SuggestField::speaker
                       : name == "outlet" ? SuggestField::outlet
                       : name == "event"  ? SuggestField::event
                                          : SuggestField::organiser;
    const auto typed = params.text("q");
    const auto limit = params.integer("limit", 10, 0, 100);
    const auto found = suggest(call.api.tables, field, typed, limit);
    auto rows = Json::array();
    for (const auto& s : found.rows) {
        Json row = {{"value", s.value}, {"label", s.label}, {"count", s.count}};
        if (field == SuggestField::event) row["date"] = s.date;
        if (field == SuggestField::speaker || field == SuggestField::outlet) row["spellings"] = s.spellings;
        rows.push_back(std::move(row));
    }
    return {{"field", name}, {"q", typed}, {"count_of", field == SuggestField::organiser ? "events" : "turns"},
            {"total", found.total}, {"suggestions", std::move(rows)}};
}

}  // namespace

std::vector<Route> suggestion_routes() { return {{"/api/suggest", "/api/suggest", suggest_route}}; }

}  // namespace presser::server
