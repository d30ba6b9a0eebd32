// GET /api/info: the index at a glance.
#include "server/api.h"
#include "server/json_params.h"

namespace presser::server {

std::vector<Route> info_routes() {
    return {{"/api/info", "/api/info", [](Call& call) -> Json {
                 const Params params(call.request, {});
                 const auto& tables = call.api.tables;
                 const auto& index = call.api.index;
                 std::uint64_t speakers = 0;
                 for (std::size_t i = 0; i < tables.speakers.size(); ++i)
                     if (i == 0 || tables.speakers[i].name != tables.speakers[i - 1].name) ++speakers;
                 auto values = [](const std::vector<ValueCount>& counts) {
                     auto out = Json::array();
                     for (const auto& c : counts) out.push_back({{"value", c.value}, {"events", c.events}});
                     return out;
                 };
                 Json out = {{"tokens", index.tokens()},
                             {"events", index.events()},
                             {"segments", index.segments().size()},
                             {"turns", tables.turns},
                             {"speakers", speakers},
                             {"people", tables.people.people.size()},
                             {"outlets", tables.people.outlets.size()},
                             {"languages", values(tables.languages)},
                             {"date_min", tables.date_min},
                             {"date_max", tables.date_max},
                             {"organisers", values(tables.organisers)},
                             {"generation", index.manifest().generation},
                             {"version", PRESSER_VERSION}};
                 // Reloads and ingests change without a new generation: this answer is neither cached nor tagged.
                 call.cacheable = false;
                 const Json live = call.api.live_status();
                 for (const auto& [key, value] : live.items()) out[key] = value;
                 return out;
             }}};
}

}  // namespace presser::server
