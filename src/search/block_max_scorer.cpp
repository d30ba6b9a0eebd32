#include "search/block_max_scorer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <utility>

#include "search/scoring.h"
#include "search/turn_list_cursor.h"

namespace presser::search {

namespace {

// The largest pseudo-frequency of an entry of a `turns.blk` block: an entry under the block's impact points'
// hull is bounded in exact arithmetic, and the margin covers the float rounding of its own weight.
float weight_bound(TermLists& term_lists, const index::TurnBlock& block, double b) {
    float bound = 0;
    for (std::uint32_t i = 0; i < block.point_count; ++i) {
        const auto [frequency, length] = block.point(i);
        bound = std::max(bound, static_cast<float>(frequency) * term_lists.turn_inverse_norm(length, b));
    }
    return bound * 1.000001F;
}

}  // namespace

UnitPostings positions_by_term(const BlockedList& list, index::Attribute attribute) {
    UnitPostings out;
    out.has_positions = false;
    out.attribute = attribute;
    if (list.present) out.terms = {list.term};
    return out;
}

bool BlockMaxScorer::score_word(const SegmentScoring& scoring, TermLists& term_lists, const BlockedList& list) {
    const auto& ranking = scoring.ranking;
    scoring.result.total += list.entries;
    if (scoring.top.k() == 0) return true;
    const auto& leaf = scoring.positive[0].term;
    const auto& inverse_norm = term_lists.turn_inverse_norms(scoring.s, ranking.b);
    const auto turn_count = inverse_norm.size();
    for (std::uint64_t b = 0; b < list.blocks.size(); ++b) {
        if (b % 256 == 255 && scoring.expired()) return false;
        const auto block = list.blocks[b];
        const double theta = pruning_threshold(scoring.top.threshold());
        if (score_of(leaf.idf, ranking.k1, weight_bound(term_lists, block, ranking.b)) < theta) continue;
        index::TurnFrequencyReader reader(list.list, block, std::min<std::uint64_t>(index::kTurnBlockSize, list.entries - b * index::kTurnBlockSize));
        std::uint32_t t = 0, tf = 0;
        while (reader.next(t, tf)) {
            if (t >= turn_count || !scoring.unit_table.live[t]) continue;
            ++scoring.result.scored;
            scoring.offer(score_of(leaf.idf, ranking.k1, static_cast<float>(tf) * inverse_norm[t]), t);
        }
    }
    return true;
}

bool BlockMaxScorer::score_words(const SegmentScoring& scoring, TermLists& term_lists, const std::vector<BlockedList>& lists,
                                 const SegmentFilter& filter, FacetCounter& facets, const TurnRanges* accepted_ranges) {
    const auto s = scoring.s;
    const auto& positive = scoring.positive;
    const auto& ranking = scoring.ranking;
    const bool filtered = filter.active();
    // With `accepted_ranges` (the only turns the filters accept, sorted [first, end) ranges), a block whose
    // turns miss every range is neither scored nor counted.
    auto may_hold_accepted = [&](std::uint32_t first, std::uint32_t last) {
        if (accepted_ranges == nullptr) return true;
        const auto after = std::upper_bound(accepted_ranges->begin(), accepted_ranges->end(), last,
                                            [](std::uint32_t turn, const auto& range) { return turn < range.first; });
        return after != accepted_ranges->begin() && std::prev(after)->second > first;
    };
    const auto& inverse_norm = term_lists.turn_inverse_norms(s, ranking.b);
    // The matching set is the union of the lists' turns (those accepted, when filtered): the scorer sets
    // the bits of the blocks it decodes, the blocks it skipped are decoded for their turns at the end.
    union_bits_.assign((inverse_norm.size() + 63) / 64, 0);

    struct Cursor {
        TurnListCursor list;
        double idf;
        double bound;
        std::size_t leaf;
        std::uint64_t bounded_block = UINT64_MAX;  // whose score bound is block_score
        double block_score = 0;
        bool block_accepted = true;  // it may hold a turn the filters accept
    };
    std::vector<Cursor> cursors;
    for (std::size_t l = 0; l < lists.size(); ++l) {
        if (lists[l].entries == 0) continue;
        std::vector<float> bounds;
        for (std::uint64_t b = 0; b < lists[l].blocks.size(); ++b) bounds.push_back(weight_bound(term_lists, lists[l].blocks[b], ranking.b));
        TurnListCursor cursor(lists[l].list, lists[l].blocks, std::move(bounds), inverse_norm, union_bits_);
        const double idf = positive[l].term.idf;
        const double bound = score_of(idf, ranking.k1, cursor.max_bound());
        cursors.push_back({std::move(cursor), idf, bound, l, UINT64_MAX, 0, true});
    }
    std::sort(cursors.begin(), cursors.end(), [](const Cursor& a, const Cursor& b) { return a.bound < b.bound; });
    const ListBounds bounds(cursors, scoring.proximity_bound > 0 ? ranking.proximity_weight : 0);

    // The proximity bonus reads positions back by term.
    std::vector<UnitPostings> singles;
    for (std::size_t l = 0; l < lists.size(); ++l) singles.push_back(positions_by_term(lists[l], positive[l].term.attribute));
    struct Match {
        std::size_t leaf;
        float weight;
    };
    std::vector<Match> matches;
    std::vector<std::vector<std::uint32_t>> match_positions(positive.size());
    std::vector<std::vector<index::PostingCursor>> proximity_cursors(positive.size());
    // The essential lists are read a window of turns at a time, term by term: each entry adds its score
    // to its turn's slot (and notes its list and weight), then the window's turns are candidates in
    // order. A candidate costs a slot read instead of a merge step per list; the sums only decide pruning
    // (the threshold's margin covers their rounding), and a candidate that may enter the top k is scored
    // in the general path's order. The essential set, the threshold's and the blocks' bounds are taken
    // again at each window.
    const std::size_t n = cursors.size();
    window_scores_.assign(kWindow, 0.0);
    window_lists_.assign(kWindow, 0);
    window_weights_.resize(n * kWindow);
    std::array<std::uint64_t, kWindow / 64> occupied{};
    std::size_t essential = 0;
    double last_threshold = -std::numeric_limits<double>::infinity();
    float light = 0;  // with one essential list: entries lighter than this are pruned anyway
    while (scoring.top.k() > 0) {
        if (scoring.expired()) return false;
        double theta = pruning_threshold(scoring.top.threshold());
        if (theta != last_threshold) {
            last_threshold = theta;
            essential = bounds.first_essential(essential, theta);
            if (essential == n) break;
            // (A unit of the essential list alone: every other list's bound, and their idfs for proximity.)
            light = essential + 1 == n ? weight_floor(cursors.back().idf, ranking.k1,
                                                      theta - (bounds.scores_below(essential) + bounds.proximity_weight() * bounds.idfs_below(essential)))
                                       : 0;
        }
        // Blocks of iterated lists that hold no accepted turn, or (once the heap is full) whose bound with
        // every other list's cannot reach the threshold, are passed without decoding.
        const bool bounded = theta > -std::numeric_limits<double>::infinity();
        double essential_bounds = 0;
        for (std::size_t i = essential; i < n; ++i) essential_bounds += cursors[i].bound;
        const double rest = bounds.scores_below(essential) + scoring.proximity_bound;
        auto pass_blocks = [&](Cursor& c) {
            const double others = essential_bounds - c.bound + rest;
            while (!c.list.at_end()) {
                if (c.bounded_block != c.list.block()) {
                    c.bounded_block = c.list.block();
                    c.block_score = score_of(c.idf, ranking.k1, c.list.block_bound());
                    c.block_accepted = may_hold_accepted(c.list.block_first(), c.list.block_last());
                }
                if (c.block_accepted && (!bounded || c.block_score + others >= theta)) return;
                c.list.next_block();
            }
        };
        std::uint32_t first = kNone;
        for (std::size_t i = essential; i < n; ++i) {
            pass_blocks(cursors[i]);
            if (cursors[i].list.valid()) first = std::min(first, cursors[i].list.turn());
        }
        if (first == kNone) break;
        const std::uint64_t window_end = std::uint64_t{first} + kWindow;
        const std::size_t window_essential = essential;
        for (std::size_t i = essential; i < n; ++i) {
            auto& c = cursors[i];
            const std::uint64_t bit = std::uint64_t{1} << i;
            float* weights_of_list = window_weights_.data() + i * kWindow;
            for (pass_blocks(c); c.list.valid(); pass_blocks(c)) {
                const auto turns = c.list.rest_turns();
                const auto weights = c.list.rest_weights();
                std::size_t j = 0;
                // (Light entries are passed before their turn is read, past the window too: they stay
                // light as the threshold rises.)
                for (; j < turns.size(); ++j) {
                    const float w = weights[j];
                    if (w < light) continue;
                    if (turns[j] >= window_end) break;
                    const auto slot = turns[j] - first;
                    window_scores_[slot] += score_of(c.idf, ranking.k1, w);
                    weights_of_list[slot] = w;
                    window_lists_[slot] |= bit;
                    occupied[slot / 64] |= std::uint64_t{1} << (slot % 64);
                }
                c.list.advance(j);
                if (j < turns.size()) break;  // the rest lies past the window
            }
        }
        for (std::size_t word = 0; word < occupied.size(); ++word) {
            for (auto bits = std::exchange(occupied[word], 0); bits != 0; bits &= bits - 1) {
                const auto slot = static_cast<std::uint32_t>(word * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
                const std::uint32_t u = first + slot;
                double score = std::exchange(window_scores_[slot], 0.0);
                const auto listed = std::exchange(window_lists_[slot], 0);
                if (filtered && !filter.accepts(u)) continue;
                // First against the whole query's proximity bound, which most candidates fail cheaply.
                if (score + bounds.scores_below(window_essential) + scoring.proximity_bound < theta) continue;
                double idf_sum = 0, idf_max = 0;  // of the words matched so far
                for (auto l = listed; l != 0; l &= l - 1) {
                    const double idf = cursors[static_cast<std::size_t>(std::countr_zero(l))].idf;
                    idf_sum += idf;
                    idf_max = std::max(idf_max, idf);
                }
                matches.clear();
                bool pruned = false;
                for (std::size_t i = window_essential; i-- > 0;) {
                    if (score + bounds.scores_below(i + 1) + bounds.proximity_with(idf_sum, idf_max, i + 1) < theta) {
                        pruned = true;
                        break;
                    }
                    auto& c = cursors[i];
                    c.list.seek(u);
                    if (c.list.valid() && c.list.turn() == u) {
                        score += score_of(c.idf, ranking.k1, c.list.weight());
                        matches.push_back({c.leaf, c.list.weight()});
                        idf_sum += c.idf;
                        idf_max = std::max(idf_max, c.idf);
                    }
                }
                if (pruned || score + bounds.proximity_with(idf_sum, idf_max, 0) < theta) continue;
                for (auto l = listed; l != 0; l &= l - 1) {
                    const auto i = static_cast<std::size_t>(std::countr_zero(l));
                    matches.push_back({cursors[i].leaf, window_weights_[i * kWindow + slot]});
                }
                score = final_score(matches, positive, ranking, match_positions, [&](const Match& m, std::vector<std::uint32_t>& out) {
                    auto& single = singles[m.leaf];
                    single.units.assign(1, u);
                    term_lists.unit_positions(s, Unit::turn, single, 0, kAnyField, out, &proximity_cursors[m.leaf]);
                });
                ++scoring.result.scored;
                scoring.offer(score, u);
                theta = pruning_threshold(scoring.top.threshold());
            }
        }
    }
    for (auto& c : cursors) c.list.set_remaining_bits(may_hold_accepted);
    if (!filtered && facets.empty()) {
        scoring.result.total += count_bits(union_bits_);
        return true;
    }
    // (Written by index into a list sized by the count: a push_back per member is a call when not
    // inlined, and this runs once per matching turn.)
    auto& members = members_;
    members.resize(count_bits(union_bits_));
    std::size_t kept = 0;
    for (std::size_t w = 0; w < union_bits_.size(); ++w)
        for (auto bits = union_bits_[w]; bits != 0; bits &= bits - 1) {
            const auto u = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
            members[kept] = u;
            kept += !filtered || filter.accepts(u) ? 1 : 0;
        }
    members.resize(kept);
    scoring.result.total += members.size();
    facets.count(scoring.segment, scoring.tables, Unit::turn, members);
    return true;
}

}  // namespace presser::search
