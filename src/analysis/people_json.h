// The JSON form of people and outlets, shared by `presser people|outlets --format json` and the API
// (docs/api.md, /api/people and /api/outlets).
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/people.h"

namespace presser::analysis {

[[nodiscard]] nlohmann::ordered_json to_json(const Person& person);
[[nodiscard]] nlohmann::ordered_json to_json(const Outlet& outlet);

// Whether the person has spoken in `role` ("official", ...).
[[nodiscard]] bool has_role(const Person& person, std::string_view role);

}  // namespace presser::analysis
