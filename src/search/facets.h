// Facets: exact counts of the values of the matching units' attributes (speaker, outlet, role, kind) and of
// their events' (day, month, year, event, language), over the whole matching set of a search.
//
// Contract: count() adds a segment's matching units (sorted, each once); facets() gives per requested facet
// its distinct keys and the `limit` most frequent, ties by key. Units without a value count as "(none)" (an
// unidentified speaker as "(unidentified)", the display name docs/json.md gives),
// dates too short for the key as "(unknown)". Counts are exact, never sampled.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/index.h"
#include "model/error.h"
#include "search/searcher.h"
#include "search/segment_tables.h"

namespace presser::search {

// Unit attributes first (up to kind: their order is kTurnFacetColumns'), then event attributes.
enum class FacetKind { speaker, outlet, role, kind, day, month, year, event, language };
struct FacetRequest {
    std::string name;
    FacetKind kind;
};

// The facets options.facets asks for, or an error naming one that is unknown or does not apply to the unit.
[[nodiscard]] Result<std::vector<FacetRequest>> facet_requests(const SearchOptions& options);

class FacetCounter {
public:
    // Starts a search's counts (the counter's buffers are kept from search to search).
    void reset(const std::vector<FacetRequest>& requests) {
        requests_ = requests;
        counts_.assign(requests.size(), {});
        per_value_.resize(std::max(per_value_.size(), requests.size()));
    }
    [[nodiscard]] bool empty() const { return requests_.empty(); }
    // Adds the matching units of a segment (sorted): per value id of the unit's columns and per event for
    // event attributes, in one pass over the units (for turns, through the segment's rows of turn value ids,
    // so a unit costs one cache line whatever the number of facets).
    void count(const index::Segment& segment, const SegmentTables& tables, Unit unit, const std::vector<std::uint32_t>& matched);
    [[nodiscard]] std::vector<Facet> facets(std::size_t limit) const;

private:
    std::vector<FacetRequest> requests_;
    // Keys are views of the segments' mapped columns (or literals), so counting allocates nothing per value.
    std::vector<std::unordered_map<std::string_view, std::uint64_t>> counts_;
    std::vector<std::vector<std::uint64_t>> per_value_;  // per facet: matching units per value id
    std::vector<std::uint64_t> per_event_;               // matching units per event
    std::vector<std::uint64_t> per_event_value_;         // matching units per value id of an event column
};

}  // namespace presser::search
