// Scorers that read words' per-turn frequency lists block by block straight from the index (`turns.tf`
// with its `turns.blk` directory of block bounds), for queries of words over turns in one clause: no unit
// list is built, and a block whose bound cannot lift a turn into the top k is not decoded for scoring.
//
// Contract: the top k offered and the scores are exactly those of exhaustive scoring (bit-identical to the
// general path's: the same weights, summed in query order); the total added is the exact number of
// matching (accepted) turns. Both return false when the deadline passed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "index/index.h"
#include "search/facets.h"
#include "search/segment_scoring.h"
#include "search/term_lists.h"
#include "search/unit_filter.h"

namespace presser::search {

// A single word's per-turn frequency list in one segment, read block by block from the index.
struct BlockedList {
    std::uint32_t term = 0;
    std::string_view list;
    index::TurnBlocks blocks;
    std::uint64_t entries = 0;
    bool present = false;  // the segment has the term
};

// A unit list without entries that reads a blocked word's positions back from the index
// (TermLists::unit_positions, once given the unit): for the proximity bonus and snippets of its turns.
[[nodiscard]] UnitPostings positions_by_term(const BlockedList& list, index::Attribute attribute);

class BlockMaxScorer {
public:
    // A single word, unfiltered and unfaceted: its total is its list's entry count, and only the blocks
    // whose bound reaches the k-th score are decoded.
    bool score_word(const SegmentScoring& scoring, TermLists& term_lists, const BlockedList& list);

    // Alternatives of words (`lists`: one per positive leaf, in the leaves' order), filtered or faceted or
    // not: the segment's top k and its share of the total, the union of the lists' accepted turns (facets
    // count over it). MaxScore over the lists ordered by bound, as the general scorer, with block-max
    // skipping from the index's block bounds: a block of an iterated list is decoded only if its bound and
    // every other list's can reach the threshold, and a probed list is moved past blocks that end before
    // the unit without decoding them. With `accepted_ranges` (under filters on events alone), blocks
    // outside them are not read at all.
    bool score_words(const SegmentScoring& scoring, TermLists& term_lists, const std::vector<BlockedList>& lists,
                     const SegmentFilter& filter, FacetCounter& facets, const TurnRanges* accepted_ranges);

private:
    // score_words' window of turns: per slot the essential lists' score sum, which lists hold the turn (a
    // bit each) and, per list, its weight there. Kept from search to search, as the other buffers.
    static constexpr std::uint32_t kWindow = 2048;
    std::vector<double> window_scores_;
    std::vector<std::uint64_t> window_lists_;
    std::vector<float> window_weights_;
    std::vector<std::uint64_t> union_bits_;  // a bit per turn of the segment
    std::vector<std::uint32_t> members_;
};

}  // namespace presser::search
