// Reading an event back out of a segment: its stored document plus its paragraphs' texts, as the model.
#pragma once

#include "index/segment.h"
#include "model/transcript.h"

namespace presser::index {

// Event `event` of `segment` as it was ingested (paragraph texts from the paragraph store).
// `anchors`, when given, receives every paragraph's anchors in reading order.
[[nodiscard]] Result<model::Event> stored_event(const Segment& segment, std::uint64_t event,
                                                std::vector<std::vector<Anchor>>* anchors = nullptr);

}  // namespace presser::index
