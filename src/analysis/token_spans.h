// The part of an index an analysis reads: sorted, disjoint [start, end) token ranges per segment. Every
// analysis (frequency lists, keyness, collocations, n-grams) takes its subcorpus as TokenSpans, so a
// subcorpus is built once, its size is exact, and "the rest of the corpus" is its complement, never the
// whole corpus counted twice.
//
//   auto all = presser::analysis::whole_corpus(index);                 // live events only
//   auto rest = presser::analysis::complement(index, target);
//   auto both = presser::analysis::intersect(a, b);
//
// Contract:
//  * `segments` has one list per index segment, in the index's order; each list is sorted by start, its
//    spans are non-empty, disjoint and not adjacent (touching spans are joined), and within the segment.
//  * No span covers a token of a deleted event.
#pragma once

#include <cstdint>
#include <vector>

#include "index/index.h"

namespace presser::analysis {

struct TokenSpan {
    std::uint32_t start = 0;
    std::uint32_t end = 0;  // exclusive
    auto operator<=>(const TokenSpan&) const = default;
};

struct TokenSpans {
    std::vector<std::vector<TokenSpan>> segments;
    [[nodiscard]] std::uint64_t tokens() const;
    [[nodiscard]] bool empty() const { return tokens() == 0; }
};

// Every token of the index's live events.
[[nodiscard]] TokenSpans whole_corpus(const index::Index& index);
// The live tokens of the index that `spans` does not cover.
[[nodiscard]] TokenSpans complement(const index::Index& index, const TokenSpans& spans);
// The tokens both cover (a and b from the same index).
[[nodiscard]] TokenSpans intersect(const TokenSpans& a, const TokenSpans& b);
// Sorts, drops empty spans, and joins overlapping or touching ones: any span lists become valid TokenSpans.
void normalise(std::vector<TokenSpan>& spans);

}  // namespace presser::analysis
