// The selected events of an index, one at a time, as the model (stored_event.h) with each turn's region and
// whether it is selected: what the formats that write turns and speakers (tables, ConvoKit, TEI) walk.
// Internal to src/export.
#pragma once

#include <functional>
#include <vector>

#include "export/export.h"
#include "model/transcript.h"

namespace presser::exports {

struct WalkedEvent {
    std::size_t segment = 0;
    std::uint64_t event = 0;   // event region (and store) index in the segment
    model::Event model;        // as stored, paragraph texts included
    std::vector<bool> selected;             // per model turn
    std::vector<std::uint64_t> turn_region;  // per model turn: its turn region in the segment
    std::vector<std::uint32_t> turn_tokens;  // per model turn
};

// Calls `visit` for every live event with a selected turn (every live event for a whole selection), in
// index order, until it returns false.
[[nodiscard]] Result<bool> walk_events(const index::Index& index, const Selection& selection,
                                       const std::function<bool(const WalkedEvent&)>& visit);

// The turn region index of each of `event`'s turns: the turn regions are written one per model turn in
// order, but an event's first turn cannot be found by position alone when turns without tokens end the
// previous event (they start where this one starts), so the ids decide among those candidates.
[[nodiscard]] std::optional<std::uint64_t> first_turn_region(const index::Segment& segment, std::uint64_t event,
                                                             const model::Event& model);

}  // namespace presser::exports
