// The region plan: <X/> [!]containing Q, walking the matching regions.
#include "query/segment_run.h"

#include <algorithm>

namespace presser::query::plan {

Result<bool> SegmentRun::regions(PlanInfo* plan) {
    if (plan) plan->strategy = "region";
    RegionMask mask(seg_, q_.region);
    const auto& regions = mask.regions();
    std::vector<std::uint32_t> candidates;
    bool narrowed = false;
    if (q_.containing != cql::Query::Containing::none) {
        Lists lists;
        bool nullable = false;
        if (first(contained_, lists, nullable)) {
            candidates = positions(lists);
            narrowed = true;
        }
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
    // `containing` over a tiled structure: driven by the candidates rather than the regions (a few
    // thousand occurrences against hundreds of thousands of turns): the region of each candidate, found
    // galloping from the previous one, is tested once, with its candidates from there on.
    const bool by_candidates = narrowed && q_.containing == cql::Query::Containing::containing && regions.tiled();
    for (std::size_t i = 0, hint = 0; by_candidates && i < candidates.size();) {
        if (auto e = cancel_.check()) return *e;
        const auto region = regions.find_from(candidates[i], hint);
        if (!region) {
            ++i;
            continue;
        }
        hint = *region;
        const auto start = regions.start(*region), end = regions.end(*region);
        const auto next = static_cast<std::size_t>(std::lower_bound(candidates.begin() + static_cast<std::ptrdiff_t>(i), candidates.end(), end) - candidates.begin());
        const auto live = live_end(start);
        if (mask.matches(*region) && start >= from_ && start < to_ && live && *live >= end) {
            if (plan) ++plan->candidates;
            bool contains = false;
            for (std::size_t c = i; c < next && !contains; ++c) contains = shortest_end(contained_, candidates[c], end, false).has_value();
            if (contains) found.push_back({start, end});
        }
        i = next;
    }
    for (std::uint64_t r = 0; r < regions.size() && !by_candidates; ++r) {
        if (auto e = cancel_.check()) return *e;
        const auto start = regions.start(r), end = regions.end(r);
        if (start >= end || !mask.matches(r) || start < from_ || start >= to_) continue;
        auto live = live_end(start);
        if (!live || *live < end) continue;
        if (plan) ++plan->candidates;
        if (q_.containing != cql::Query::Containing::none) {
            bool contains = false;
            if (narrowed) {
                for (auto it = std::lower_bound(candidates.begin(), candidates.end(), start);
                     it != candidates.end() && *it < end && !contains; ++it)
                    contains = shortest_end(contained_, *it, end, false).has_value();
            } else {
                for (std::uint32_t p = start; p < end && !contains; ++p) contains = shortest_end(contained_, p, end, false).has_value();
            }
            if (contains != (q_.containing == cql::Query::Containing::containing)) continue;
        }
        found.push_back({start, end});
    }
    if (!regions.tiled()) std::sort(found.begin(), found.end());
    std::optional<std::uint32_t> previous;
    for (const auto& [start, end] : found) {
        if (previous == start) continue;  // same start: the shorter stays (sorted first)
        previous = start;
        if (!passes_within(start, end)) continue;
        if (!emit(start, end)) return false;
    }
    return true;
}

}  // namespace presser::query::plan
