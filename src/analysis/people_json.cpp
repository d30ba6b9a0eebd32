#include "analysis/people_json.h"

#include <algorithm>

namespace presser::analysis {

nlohmann::ordered_json to_json(const Person& person) {
    auto roles = nlohmann::ordered_json::array();
    for (const auto& [role, turns] : person.roles) roles.push_back({{"role", role}, {"turns", turns}});
    auto offices = nlohmann::ordered_json::array();
    for (const auto& office : person.offices)
        offices.push_back({{"title", office.title}, {"from", office.first_date}, {"to", office.last_date}, {"turns", office.turns}});
    return {{"name", person.name},
            {"spellings", person.spellings},
            {"roles", std::move(roles)},
            {"offices", std::move(offices)},
            {"outlets", person.outlets},
            {"organisers", person.organisers},
            {"from", person.first_date},
            {"to", person.last_date},
            {"events", person.events},
            {"turns", person.turns},
            {"tokens", person.tokens}};
}

nlohmann::ordered_json to_json(const Outlet& outlet) {
    return {{"name", outlet.name},   {"spellings", outlet.spellings}, {"known", outlet.known},
            {"speakers", outlet.speakers}, {"events", outlet.events}, {"turns", outlet.turns},
            {"tokens", outlet.tokens}};
}

bool has_role(const Person& person, std::string_view role) {
    return std::any_of(person.roles.begin(), person.roles.end(), [&](const auto& r) { return r.first == role; });
}

}  // namespace presser::analysis
