// The documented JSON form of the transcript model (docs/json.md). Field names are a public interface:
// add fields, never rename or remove them.
#pragma once

#include <nlohmann/json.hpp>

#include "model/transcript.h"

namespace presser::model {

[[nodiscard]] nlohmann::ordered_json to_json(const Event& event);

// The inverse of to_json; a paragraph without "text" gets empty text. Throws nlohmann::json::exception
// on a document that is not in this form.
[[nodiscard]] Event event_from_json(const nlohmann::json& json);

}  // namespace presser::model
