#include "index/stored_event.h"

#include <nlohmann/json.hpp>

#include "model/json.h"

namespace presser::index {

namespace {

Error corrupt_event(const Segment& segment, const std::exception& error) {
    return Error{segment.info().name, std::nullopt, std::nullopt, std::string("corrupt stored event: ") + error.what()};
}

// The event's first paragraph is the first p region at or after the event's start: p regions tile the
// positions, but empty paragraphs share a start, so the segment counts paragraphs of earlier events instead.
std::uint64_t first_paragraph_of(const Segment& segment, std::uint64_t event) {
    const auto* column = segment.regions(Structure::event).column("first_paragraph");
    return column != nullptr && column->numeric() ? column->number(event) : 0;
}

}  // namespace

Result<EventOutline> stored_event_outline(const Segment& segment, std::uint64_t event,
                                          const std::function<std::optional<Error>()>& checkpoint) {
    auto text = segment.event_json(event);
    if (!text) return text.error();
    EventOutline out;
    out.first_paragraph = first_paragraph_of(segment, event);
    const auto paragraphs = segment.regions(Structure::p).size();
    const auto next = event + 1 < segment.regions(Structure::event).size() ? first_paragraph_of(segment, event + 1) : paragraphs;
    if (out.first_paragraph <= next && next <= paragraphs) out.paragraph_ranges.reserve(next - out.first_paragraph);
    std::vector<model::Turn> turns;
    std::vector<model::Exchange> exchanges;
    std::string member;       // the top-level key being read
    std::size_t counted = 0;  // paragraphs of the turns before this one
    std::uint64_t elements = 0;
    std::optional<Error> stopped;
    try {
        // Paragraphs (depth 4 in a turn), turns and exchanges (depth 2) are taken out of the tree when complete.
        using Event = nlohmann::json::parse_event_t;
        auto keep = [&](int depth, Event kind, nlohmann::json& parsed) {
            if (depth == 1 && kind == Event::key) member = parsed.get<std::string>();
            if (kind != Event::object_end || (depth != 2 && depth != 4)) return true;
            if (checkpoint && ++elements % 4096 == 0 && (stopped = checkpoint())) throw std::runtime_error(stopped->message);
            if (member == "turns" && depth == 4) {
                out.paragraph_ranges.push_back({parsed.at("start").get<std::uint64_t>(), parsed.at("end").get<std::uint64_t>()});
            } else if (member == "turns" && depth == 2) {
                out.paragraph_counts.push_back(static_cast<std::uint32_t>(out.paragraph_ranges.size() - counted));
                counted = out.paragraph_ranges.size();
                turns.push_back(model::turn_from_json(parsed));
            } else if (member == "exchanges" && depth == 2) {
                exchanges.push_back(model::exchange_from_json(parsed));
            } else {
                return true;
            }
            return false;
        };
        out.event = model::event_from_json(nlohmann::json::parse(text.value(), keep));
    } catch (const std::exception& error) {
        if (stopped) return *stopped;
        return corrupt_event(segment, error);
    }
    out.event.turns = std::move(turns);
    out.event.exchanges = std::move(exchanges);
    if (out.first_paragraph + out.paragraph_ranges.size() > paragraphs)
        return Error{segment.info().name, std::nullopt, std::nullopt, "stored event has more paragraphs than the segment"};
    return out;
}

Result<model::Event> stored_event(const Segment& segment, std::uint64_t event, std::vector<std::vector<Anchor>>* anchors) {
    auto text = segment.event_json(event);
    if (!text) return text.error();
    model::Event out;
    try {
        out = model::event_from_json(nlohmann::json::parse(text.value()));
    } catch (const std::exception& error) {
        return corrupt_event(segment, error);
    }
    const auto& paragraphs = segment.regions(Structure::p);
    std::uint64_t index = first_paragraph_of(segment, event);
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
