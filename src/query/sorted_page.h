// One page of a query's hits in a sort order (KWIC sorted by match, left or right context, or by date,
// speaker, role, outlet or event), with the
// query's counts, in one evaluation that keeps only the lines that can still reach the page.
//
// Contract:
//  * The page is exactly hits [offset, offset + limit) of sort_hits() (concordance.h) applied to every hit
//    of the query: the same keys, the same depth, ties in corpus order.
//  * Memory is bounded by the page's end, not by the number of hits: each evaluation thread keeps, per
//    segment, at most offset + limit candidates (40 bytes each); a page ending past kMaxSortedLines is
//    refused with an error saying so, before any evaluation.
//  * The evaluation honours the query's cancel flag, deadline and checkpoint (corpus_query.h).
#pragma once

#include <cstdint>
#include <vector>

#include "model/error.h"
#include "query/concordance.h"
#include "query/corpus_query.h"

namespace presser::query {

inline constexpr std::uint64_t kMaxSortedLines = 1'000'000;

struct SortedPage {
    std::vector<IndexHit> hits;
    HitCounts counts;
};

[[nodiscard]] Result<SortedPage> sorted_page(const CorpusQuery& query, const std::vector<SortKey>& keys, std::uint64_t offset,
                                             std::uint64_t limit, std::uint32_t depth = 8, unsigned threads = 0);

}  // namespace presser::query
