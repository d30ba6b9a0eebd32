// BM25 scores, the bounds that pruning compares with them, and the proximity bonus (docs/search.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "search/searcher.h"
#include "search/term_lists.h"

namespace presser::search {

// A term's BM25 score in a unit where its pseudo-frequency is `weight`.
[[nodiscard]] inline double score_of(double idf, double k1, float weight) { return idf * (k1 + 1) * weight / (k1 + weight); }

// The threshold that pruning compares bounds with. Bounds are sums in another order than the scores they
// bound: a unit that ties the threshold (and would win on date) must not be lost to rounding, so pruning
// keeps a relative margin.
[[nodiscard]] inline double pruning_threshold(double threshold) { return threshold - 1e-9 * std::abs(threshold); }

// A weight below which score_of(idf, k1, weight) < need for certain (score_of rises with the weight): the
// exact inverse less a margin far wider than the rounding of either side; 0 when every weight may reach.
[[nodiscard]] inline float weight_floor(double idf, double k1, double need) {
    if (need <= 0 || idf <= 0 || k1 <= 0) return 0;
    const double top = idf * (k1 + 1);  // what score_of tends to
    if (need > top * (1 + 1e-9)) return std::numeric_limits<float>::infinity();
    if (need > top * (1 - 1e-9)) return 0;
    return static_cast<float>(need * k1 / (top - need) * (1 - 1e-6));
}

// The proximity bonus of a unit whose matched leaves (in query order) have these positions: for each pair
// of consecutive matched leaves, weight * min(idf) / d, d their smallest distance in tokens (at least 1).
template <class Matches>
double proximity_bonus(const std::vector<Leaf>& positive, const Matches& matches,
                       const std::vector<std::vector<std::uint32_t>>& positions, const RankingParameters& ranking) {
    double bonus = 0;
    for (std::size_t m = 0; m + 1 < matches.size(); ++m) {
        const auto& a = positions[m];
        const auto& b = positions[m + 1];
        std::size_t i = 0, j = 0;
        std::uint32_t distance = UINT32_MAX;
        while (i < a.size() && j < b.size()) {
            const auto pa = a[i], pb = b[j];
            distance = std::min(distance, pa > pb ? pa - pb : pb - pa);
            if (pa < pb) ++i;
            else ++j;
        }
        distance = std::max<std::uint32_t>(distance, 1);
        bonus += ranking.proximity_weight * std::min(positive[matches[m].leaf].term.idf, positive[matches[m + 1].leaf].term.idf) / distance;
    }
    return bonus;
}

// For the first i lists (in the scorer's order), the largest proximity bonus of a unit that only they
// match: w * (sum of their idfs - the largest), 0 for one list. A unit found by none of the iterated lists
// matches only the skipped ones, so this, not the whole query's bound, decides which lists can be skipped.
template <class Cursors>
std::vector<double> proximity_prefix_bounds(const Cursors& cursors, double weight) {
    std::vector<double> out(cursors.size() + 1, 0);
    double sum = 0, largest = 0;
    for (std::size_t i = 0; i < cursors.size(); ++i) {
        sum += cursors[i].idf;
        largest = std::max(largest, cursors[i].idf);
        out[i + 1] = weight * (sum - largest);
    }
    return out;
}

}  // namespace presser::search
