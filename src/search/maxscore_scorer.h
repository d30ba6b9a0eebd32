// The general scorer of one segment: any query (clauses of alternatives, exclusions, phrases, prefixes,
// fields) over any unit, on the terms' unit lists (TermLists). It computes the exact matching set (every
// clause satisfied, nothing excluded, accepted by the filters), counts facets over it, and finds the top k
// with MaxScore over the positive lists ordered by bound, skipping blocks of 64 entries whose bounds
// cannot reach the threshold.
//
// Contract: the total added is the exact size of the matching set; the units offered include the top k of
// exhaustive scoring, with scores summed in query order (bit-identical whichever lists were iterated);
// returns false when the deadline passed.
#pragma once

#include <cstdint>
#include <vector>

#include "search/facets.h"
#include "search/segment_scoring.h"
#include "search/term_lists.h"
#include "search/unit_filter.h"

namespace presser::search {

class MaxScoreScorer {
public:
    // `negative`: the excluded leaves, with lists in the segment; `clause_count`: the positive clauses (a
    // leaf's clause number is below it); `by_date`: the collector sorts by date.
    bool score(const SegmentScoring& scoring, TermLists& term_lists, const std::vector<Leaf>& negative, std::size_t clause_count,
               const SegmentFilter& filter, FacetCounter& facets, bool by_date);

private:
    // Kept from search to search, to spare an allocation of the size of a segment's units each time.
    std::vector<std::uint16_t> state_;      // per unit: the clauses satisfied so far
    std::vector<std::uint32_t> matched_;    // the matching units, when listed
    std::vector<std::uint64_t> union_bits_;  // a bit per unit
    std::vector<std::uint64_t> per_date_;   // matching units per date value id
};

}  // namespace presser::search
