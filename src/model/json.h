// The documented JSON form of the transcript model (docs/json.md). Field names are a public interface:
// add fields, never rename or remove them.
#pragma once

#include <nlohmann/json.hpp>

#include "model/transcript.h"

namespace presser::model {

[[nodiscard]] nlohmann::ordered_json to_json(const Event& event);

// to_json(event).dump(), built a turn and an exchange at a time (the whole tree of an event with a million
// turns takes gigabytes); without the paragraphs' "text" when `paragraph_text` is false.
[[nodiscard]] std::string event_json_text(const Event& event, bool paragraph_text = true);

// The inverse of to_json; a paragraph without "text" gets empty text. Throws nlohmann::json::exception
// on a document that is not in this form.
[[nodiscard]] Event event_from_json(const nlohmann::json& json);

// One element of the document's "turns" or "exchanges", as event_from_json reads it: for readers that parse
// a large event a turn at a time.
[[nodiscard]] Turn turn_from_json(const nlohmann::json& json);
[[nodiscard]] Exchange exchange_from_json(const nlohmann::json& json);

}  // namespace presser::model
