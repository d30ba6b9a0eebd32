#include "search/maxscore_scorer.h"

#include <algorithm>
#include <limits>

#include "search/scoring.h"
#include "search/turn_list_cursor.h"

namespace presser::search {

namespace {

// The number of distinct units in lists of units below `units`: a bit per unit (a segment's turns fit in
// the core's cache, where a merge of the lists mispredicts a branch per entry).
std::uint64_t union_size(const std::vector<const std::vector<std::uint32_t>*>& lists, std::size_t units, std::vector<std::uint64_t>& bits) {
    if (lists.size() == 1) return lists[0]->size();
    bits.assign((units + 63) / 64, 0);
    for (const auto* list : lists)
        for (const auto u : *list) bits[u / 64] |= std::uint64_t{1} << (u % 64);
    return count_bits(bits);
}

}  // namespace

bool MaxScoreScorer::score(const SegmentScoring& scoring, TermLists& term_lists, const std::vector<Leaf>& negative, std::size_t clause_count,
                           const SegmentFilter& filter, FacetCounter& facets, bool by_date) {
    const auto s = scoring.s;
    const auto& segment = scoring.segment;
    const auto& tables = scoring.tables;
    const auto unit = scoring.unit;
    const auto& unit_table = scoring.unit_table;
    const auto units = unit_table.live.size();
    const auto* dates = scoring.dates;
    const auto& positive = scoring.positive;
    const auto& ranking = scoring.ranking;
    const double proximity_bound = scoring.proximity_bound;
    const std::size_t k = scoring.top.k();
    auto& result = scoring.result;
    const bool filtered = filter.active();
    auto& state = state_;
    auto& matched = matched_;
    // The matching set: every positive clause satisfied (state counts them in order), no excluded term,
    // accepted. Members end with state == clause_count + 1.
    // The lists' units are sparse in `state`: each access is a cache miss, so the entries some units
    // ahead are fetched early and the misses overlap.
    matched.clear();
    // Listed for facets and the date order, and when filtered (few members may then be scored one by one).
    const bool list_members = !facets.empty() || by_date || filtered;
    std::uint64_t members = 0;
    const auto member = static_cast<std::uint16_t>(clause_count + 1);
    // One clause, nothing excluded, every unit accepted, no member list needed: every unit of the lists
    // matches, so the set is their union (counted by union_size) and `state` is not read.
    const bool members_are_the_union = clause_count == 1 && negative.empty() && !filtered && tables.every_unit_live && !list_members;
    if (members_are_the_union) {
        std::vector<const std::vector<std::uint32_t>*> lists;
        for (const auto& leaf : positive) lists.push_back(&leaf.term.lists[s]->units);
        members = union_size(lists, units, union_bits_);
    }
    // `state` is all zeros between segments: it is grown with zeros, and the units this segment sets (those
    // of the positive lists; the others are only ever set to 0) are cleared when it is done, however the
    // segment ends; so a selective query does not clear a byte pair per unit of the segment.
    struct ClearStateAfter {
        std::vector<std::uint16_t>& state;
        const std::vector<Leaf>& leaves;
        std::size_t s;
        bool used;
        ~ClearStateAfter() {
            if (!used) return;
            for (const auto& leaf : leaves)
                for (const auto u : leaf.term.lists[s]->units) state[u] = 0;
        }
    } clear_state_after{state, positive, s, !members_are_the_union};
    if (!members_are_the_union) {
        if (state.size() < units) state.resize(units, 0);
        for (std::size_t c = 0; c < clause_count; ++c)
            for (const auto& leaf : positive)
                if (leaf.clause == c) {
                    const auto& list = leaf.term.lists[s]->units;
                    for (std::size_t i = 0; i < list.size(); ++i) {
                        if (i + kAhead < list.size()) __builtin_prefetch(&state[list[i + kAhead]], 1);
                        if (state[list[i]] == c) state[list[i]] = static_cast<std::uint16_t>(c + 1);
                    }
                }
        for (const auto& leaf : negative)
            for (const auto u : leaf.term.lists[s]->units) state[u] = 0;
        for (const auto& leaf : positive) {
            if (leaf.clause != 0) continue;
            const auto& list = leaf.term.lists[s]->units;
            for (std::size_t i = 0; i < list.size(); ++i) {
                if (i + kAhead < list.size() && !tables.every_unit_live) __builtin_prefetch(&unit_table.live[list[i + kAhead]]);
                const auto u = list[i];
                if (state[u] == clause_count && filter.accepts(u)) {
                    state[u] = member;
                    ++members;
                    if (list_members) matched.push_back(u);
                }
            }
        }
    }
    result.total += members;
    auto is_member = [&](std::uint32_t u) { return members_are_the_union || state[u] == member; };

    facets.count(segment, tables, unit, matched);
    if (members == 0 || k == 0) return true;

    // Newest first: when more than k units match, the k-th newest date of this segment's matching units
    // bounds the top k (at least k units are as new), so older units leave the set to score. Date value
    // ids are in the order of the ISO strings (a column's values are sorted).
    if (by_date && matched.size() > k && dates != nullptr) {
        auto& per_date = per_date_;
        per_date.assign(dates->values().size() + 1, 0);
        auto date_id = [&](std::uint32_t u) { return value_index(*dates, unit_table.event[u], dates->values().size()); };
        for (const auto u : matched) ++per_date[date_id(u)];
        std::size_t newest = dates->values().size();
        std::uint64_t seen = 0;
        while (newest > 0 && seen < k) seen += per_date[--newest];
        // (A damaged id, which reads as no date, disables this.)
        if (seen >= k && per_date.back() == 0)
            for (const auto u : matched)
                if (date_id(u) < newest) state[u] = 0;
    }

    // Scorer: MaxScore over the positive terms' unit lists, ordered by upper bound. The terms whose
    // bounds (with the proximity bound) cannot lift a unit past the threshold are not iterated; they
    // are only probed for units the others produce.
    struct Cursor {
        const UnitPostings* list;
        double idf;
        double bound;
        std::size_t at = 0;
        std::size_t leaf;
        std::size_t block = SIZE_MAX;  // whose score bound is block_score
        double block_score = 0;
    };
    auto block_score = [&](Cursor& c) {
        const auto b = c.at / UnitPostings::kBlock;
        if (b != c.block) {
            c.block = b;
            c.block_score = score_of(c.idf, ranking.k1, c.list->block_max[b]);
        }
        return c.block_score;
    };
    std::vector<Cursor> cursors;
    for (std::size_t i = 0; i < positive.size(); ++i) {
        const auto* list = positive[i].term.lists[s];
        if (list->units.empty()) continue;
        cursors.push_back({list, positive[i].term.idf, score_of(positive[i].term.idf, ranking.k1, list->max_weight), 0, i, SIZE_MAX, 0});
    }
    std::sort(cursors.begin(), cursors.end(), [](const Cursor& a, const Cursor& b) { return a.bound < b.bound; });
    const ListBounds bounds(cursors, proximity_bound > 0 ? ranking.proximity_weight : 0);
    std::size_t essential = 0;
    double last_threshold = -std::numeric_limits<double>::infinity();
    struct Match {
        std::size_t leaf;
        std::size_t entry;  // in the leaf's list
        float weight;
    };
    std::vector<Match> matches;
    std::vector<std::vector<std::uint32_t>> match_positions(positive.size());
    std::vector<std::vector<index::PostingCursor>> proximity_cursors(positive.size());
    // Probes lists [0, below) for unit u, highest bound first, after the `score` of the lists above them
    // (`matches` so far): given up as soon as that score and the bounds left cannot reach theta; else the
    // unit's final score is offered.
    auto probe_and_finish = [&](std::uint32_t u, double score, std::size_t below, double theta) {
        double idf_sum = 0, idf_max = 0;  // of the terms matched so far
        for (const auto& m : matches) {
            idf_sum += positive[m.leaf].term.idf;
            idf_max = std::max(idf_max, positive[m.leaf].term.idf);
        }
        for (std::size_t i = below; i-- > 0;) {
            if (score + bounds.scores_below(i + 1) + bounds.proximity_with(idf_sum, idf_max, i + 1) < theta) return;
            auto& c = cursors[i];
            const auto& list = c.list->units;
            c.at = gallop(list, c.at, u);
            if (c.at < list.size() && list[c.at] == u) {
                score += score_of(c.idf, ranking.k1, c.list->weight[c.at]);
                matches.push_back({c.leaf, c.at, c.list->weight[c.at]});
                idf_sum += c.idf;
                idf_max = std::max(idf_max, c.idf);
            }
        }
        if (score + bounds.proximity_with(idf_sum, idf_max, 0) < theta) return;
        score = final_score(matches, positive, ranking, match_positions, [&](const Match& m, std::vector<std::uint32_t>& out) {
            const auto& leaf = positive[m.leaf].term;
            term_lists.unit_positions(s, unit, *leaf.lists[s], m.entry, leaf.fields, out, &proximity_cursors[m.leaf]);
        });
        ++result.scored;
        scoring.offer(score, u);
    };
    // Filters that leave few members of long lists: the members are the candidates, in order, and every
    // list is probed for them (highest bound first, with the same pruning), instead of walking the lists'
    // units to find the members among them.
    std::size_t listed_units = 0;
    for (const auto& c : cursors) listed_units += c.list->units.size();
    if (filtered && matched.size() * 8 < listed_units) {
        std::sort(matched.begin(), matched.end());
        for (std::size_t j = 0; j < matched.size(); ++j) {
            if ((j + 1) % 4096 == 0 && scoring.expired()) return false;
            const auto u = matched[j];
            if (!is_member(u)) continue;  // left out by the date order above
            matches.clear();
            probe_and_finish(u, 0, cursors.size(), pruning_threshold(scoring.top.threshold()));
        }
        return true;
    }
    for (std::uint32_t steps = 1;; ++steps) {
        if (steps % 4096 == 0 && scoring.expired()) return false;
        const double theta = pruning_threshold(scoring.top.threshold());
        if (theta != last_threshold) {
            last_threshold = theta;
            essential = bounds.first_essential(essential, theta);
            if (essential == cursors.size()) break;
        }
        // Block-max skipping: a block of an essential list whose best score, with every other list's
        // bound, stays under the threshold holds no unit that can enter the top k (its units are still
        // counted: the matching set is exact on its own).
        if (theta > -std::numeric_limits<double>::infinity()) {
            double essential_bounds = 0;
            for (std::size_t i = essential; i < cursors.size(); ++i) essential_bounds += cursors[i].bound;
            const double rest = bounds.scores_below(essential) + proximity_bound;
            for (std::size_t i = essential; i < cursors.size(); ++i) {
                auto& c = cursors[i];
                const auto size = c.list->units.size();
                const double others = essential_bounds - c.bound + rest;
                while (c.at < size && block_score(c) + others < theta)
                    c.at = (c.at / UnitPostings::kBlock + 1) * UnitPostings::kBlock;
                c.at = std::min(c.at, size);
            }
        }
        std::uint32_t u = kNone;
        for (std::size_t i = essential; i < cursors.size(); ++i)
            if (cursors[i].at < cursors[i].list->units.size()) u = std::min(u, cursors[i].list->units[cursors[i].at]);
        if (u == kNone) break;
        matches.clear();
        double score = 0;
        for (std::size_t i = essential; i < cursors.size(); ++i) {
            auto& c = cursors[i];
            if (c.at < c.list->units.size() && c.list->units[c.at] == u) {
                if (is_member(u)) {
                    score += score_of(c.idf, ranking.k1, c.list->weight[c.at]);
                    matches.push_back({c.leaf, c.at, c.list->weight[c.at]});
                }
                ++c.at;
            }
        }
        if (!is_member(u)) continue;
        probe_and_finish(u, score, essential, theta);
    }
    return true;
}

}  // namespace presser::search
