#include "index/stored_event.h"

#include <nlohmann/json.hpp>

#include "model/json.h"

namespace presser::index {

Result<model::Event> stored_event(const Segment& segment, std::uint64_t event, std::vector<std::vector<Anchor>>* anchors) {
    auto text = segment.event_json(event);
    if (!text) return text.error();
    model::Event out;
    try {
        out = model::event_from_json(nlohmann::json::parse(text.value()));
    } catch (const std::exception& error) {
        return Error{segment.info().name, std::nullopt, std::nullopt, std::string("corrupt stored event: ") + error.what()};
    }
    // The event's first paragraph is the first p region at or after the event's start: p regions tile the
    // positions, but empty paragraphs share a start, so count paragraphs of earlier events instead.
    const auto& events = segment.regions(Structure::event);
    const auto& paragraphs = segment.regions(Structure::p);
    std::uint64_t first = 0;
    if (const auto* column = events.column("first_paragraph"); column != nullptr && column->numeric()) first = column->number(event);
    std::uint64_t index = first;
    for (auto& turn : out.turns)
        for (auto& paragraph : turn.paragraphs) {
            if (index >= paragraphs.size()) return Error{segment.info().name, std::nullopt, std::nullopt, "stored event has more paragraphs than the segment"};
            auto stored = segment.paragraph(index++);
            if (!stored) return stored.error();
            paragraph.text = std::move(stored->text);
            if (anchors != nullptr) anchors->push_back(std::move(stored->anchors));
        }
    return out;
}

}  // namespace presser::index
