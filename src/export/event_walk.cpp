#include "export/event_walk.h"

#include "index/stored_event.h"

namespace presser::exports {

std::optional<std::uint64_t> first_turn_region(const index::Segment& segment, std::uint64_t event,
                                               const model::Event& model) {
    const auto& events = segment.regions(index::Structure::event);
    const auto& turns = segment.regions(index::Structure::turn);
    const auto* ids = turns.column("id");
    if (model.turns.empty()) return turns.first_starting_at_or_after(events.start(event));
    if (ids == nullptr) return std::nullopt;
    const auto start = events.start(event);
    for (auto candidate = turns.first_starting_at_or_after(start);
         candidate + model.turns.size() <= turns.size() && turns.start(candidate) == start; ++candidate) {
        bool all = true;
        for (std::size_t t = 0; t < model.turns.size() && all; ++t) all = ids->string(candidate + t) == model.turns[t].id;
        if (all) return candidate;
    }
    return std::nullopt;
}

Result<bool> walk_events(const index::Index& index, const Selection& selection,
                         const std::function<bool(const WalkedEvent&)>& visit) {
    for (std::size_t s = 0; s < index.segments().size(); ++s) {
        const auto& segment = *index.segments()[s];
        const auto& events = segment.regions(index::Structure::event);
        const auto& turns = segment.regions(index::Structure::turn);
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            if (segment.event_deleted(e)) continue;
            if (!selection.whole) {
                // Only events with a selected turn are read: a turn with tokens lies inside its event.
                bool any = false;
                const auto begin = events.start(e), end = events.end(e);
                if (begin < end)
                    for (auto t = turns.find(begin).value_or(turns.size()); t < turns.size() && turns.start(t) < end && !any; ++t)
                        any = selection.selected(s, t);
                if (!any) continue;
            }
            auto model = index::stored_event(segment, e);
            if (!model) return model.error();
            const auto first = first_turn_region(segment, e, *model);
            if (!first)
                return Error{segment.info().name, std::nullopt, std::nullopt,
                             "event " + model->id + ": its turns do not match the segment's turn regions"};
            WalkedEvent walked{s, e, std::move(*model), {}, {}, {}};
            const auto count = walked.model.turns.size();
            walked.selected.resize(count);
            walked.turn_region.resize(count);
            walked.turn_tokens.resize(count);
            for (std::size_t t = 0; t < count; ++t) {
                const auto region = *first + t;
                walked.turn_region[t] = region;
                walked.turn_tokens[t] = turns.end(region) - turns.start(region);
                walked.selected[t] = selection.selected(s, region);
            }
            if (!visit(walked)) return false;
        }
    }
    return true;
}

}  // namespace presser::exports
