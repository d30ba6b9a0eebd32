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

// The final score of a unit from its matches (each a leaf of `positive` and its pseudo-frequency there):
// the terms' scores summed in query order, so that equal units get bit-identical scores whichever lists
// were iterated or probed, plus the proximity bonus over the positions that read_positions(match, out)
// gives. Sorts `matches` by leaf.
template <class Match, class ReadPositions>
double final_score(std::vector<Match>& matches, const std::vector<Leaf>& positive, const RankingParameters& ranking,
                   std::vector<std::vector<std::uint32_t>>& positions, ReadPositions&& read_positions) {
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.leaf < b.leaf; });
    double score = 0;
    for (const auto& m : matches) score += score_of(positive[m.leaf].term.idf, ranking.k1, m.weight);
    if (matches.size() > 1 && ranking.proximity_weight > 0) {
        for (std::size_t m = 0; m < matches.size(); ++m) read_positions(matches[m], positions[m]);
        score += proximity_bonus(positive, matches, positions, ranking);
    }
    return score;
}

// MaxScore's bounds over a segment's lists in the scorer's order (increasing score bound): for the first i
// lists, the sum of their bounds and what bounds the proximity bonus of a unit they match. The bonus of a
// unit is at most w * (the sum of its matched terms' idfs - the largest), which only grows as terms are
// added: so a unit is bounded by the terms it matched and the lists still to probe, not by the whole query.
class ListBounds {
public:
    // `cursors[i].bound` and `.idf`: list i's largest score in the segment and its idf; `proximity_weight`
    // 0 when no bonus applies (a single positive term).
    template <class Cursors>
    ListBounds(const Cursors& cursors, double proximity_weight) : weight_(proximity_weight) {
        const auto n = cursors.size();
        scores_.assign(n + 1, 0);
        idfs_.assign(n + 1, 0);
        largest_idf_.assign(n + 1, 0);
        for (std::size_t i = 0; i < n; ++i) {
            scores_[i + 1] = scores_[i] + cursors[i].bound;
            idfs_[i + 1] = idfs_[i] + cursors[i].idf;
            largest_idf_[i + 1] = std::max(largest_idf_[i], cursors[i].idf);
        }
    }

    [[nodiscard]] std::size_t size() const { return scores_.size() - 1; }
    [[nodiscard]] double proximity_weight() const { return weight_; }
    // The sum of the score bounds of lists [0, i).
    [[nodiscard]] double scores_below(std::size_t i) const { return scores_[i]; }
    // The sum of the idfs of lists [0, i).
    [[nodiscard]] double idfs_below(std::size_t i) const { return idfs_[i]; }
    // The largest proximity bonus of a unit that matched terms of these idfs (their sum and the largest) and
    // may match lists [0, i) too.
    [[nodiscard]] double proximity_with(double idf_sum, double idf_max, std::size_t i) const {
        return weight_ * (idf_sum + idfs_[i] - std::max(idf_max, largest_idf_[i]));
    }
    // The first list to iterate, from `from` on: lists below it cannot bring a unit that only they match to
    // theta, their bonus included (a unit no iterated list holds matches only those).
    [[nodiscard]] std::size_t first_essential(std::size_t from, double theta) const {
        while (from < size() && scores_[from + 1] + proximity_with(0, 0, from + 1) < theta) ++from;
        return from;
    }

private:
    double weight_;
    std::vector<double> scores_, idfs_, largest_idf_;  // prefix sums (and maximum) over the lists
};

}  // namespace presser::search
