// The documented JSON form of the transcript model (docs/json.md). Field names are a public interface:
// add fields, never rename or remove them.
#pragma once

#include <nlohmann/json.hpp>

#include "model/transcript.h"

namespace presser::model {

[[nodiscard]] nlohmann::ordered_json to_json(const Event& event);

}  // namespace presser::model
