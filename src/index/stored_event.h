// Reading an event back out of a segment: its stored document plus its paragraphs' texts, as the model.
#pragma once

#include <functional>
#include <optional>

#include "index/segment.h"
#include "model/transcript.h"

namespace presser::index {

// Event `event` of `segment` as it was ingested (paragraph texts from the paragraph store).
// `anchors`, when given, receives every paragraph's anchors in reading order.
[[nodiscard]] Result<model::Event> stored_event(const Segment& segment, std::uint64_t event,
                                                std::vector<std::vector<Anchor>>* anchors = nullptr);

// An event as its reader walks it: everything but the paragraphs, whose source ranges are kept apart in
// reading order (16 bytes a paragraph, where a model::Paragraph takes 72 and its parse tree hundreds).
struct EventOutline {
    model::Event event;                            // turns without paragraphs
    std::vector<std::uint32_t> paragraph_counts;   // per turn
    std::vector<model::ByteRange> paragraph_ranges;
    std::uint64_t first_paragraph = 0;             // p region (and paragraph store index) of the first paragraph
};

// The outline of event `event` of `segment`. The stored document is parsed a paragraph and a turn at a
// time (the tree of a whole event with a million turns took gigabytes); no paragraph text is read.
// `checkpoint`, when given, is asked every 4,096 paragraphs and turns: its error ends the parse.
[[nodiscard]] Result<EventOutline> stored_event_outline(const Segment& segment, std::uint64_t event,
                                                        const std::function<std::optional<Error>()>& checkpoint = {});

}  // namespace presser::index
