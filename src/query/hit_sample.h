// A random sample ("thin") of a query's hits: `size` hits drawn uniformly without replacement, the same for
// the same seed, with the query's exact counts, in one evaluation whose memory is bounded by the sample.
//
// Contract:
//  * Every hit gets a pseudo-random rank from the seed and the hit alone (its segment and tokens); the sample
//    is the `size` hits of lowest rank (bottom-k sampling), so it does not depend on how the evaluation was
//    shared among threads, and every subset of min(size, hits) hits is equally likely for a random seed.
//  * The sample comes in corpus order; sort_hits (concordance.h) puts it in another.
//  * Each evaluation thread keeps at most `size` hits (with their ranks); a sample larger than
//    kMaxSampleLines is refused with an error saying so, before any evaluation.
#pragma once

#include <cstdint>
#include <vector>

#include "model/error.h"
#include "query/concordance.h"
#include "query/corpus_query.h"

namespace presser::query {

inline constexpr std::uint64_t kMaxSampleLines = 1'000'000;

struct HitSample {
    std::vector<IndexHit> hits;  // min(size, counts.hits) of them, in corpus order
    HitCounts counts;            // of every hit of the query
};

[[nodiscard]] Result<HitSample> sample_hits(const CorpusQuery& query, std::uint64_t size, std::uint64_t seed, unsigned threads = 0);

}  // namespace presser::query
