#include "search/searcher.h"
#include "search/facets.h"
#include "search/scoring.h"
#include "search/segment_tables.h"
#include "search/term_lists.h"
#include "search/unit_filter.h"
#include "search/turn_list_cursor.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>
#include <unordered_map>

#include "search/query_parser.h"
#include "text/analyzer.h"

namespace presser::search {

std::string_view to_string(Unit unit) {
    switch (unit) {
        case Unit::turn: return "turn";
        case Unit::exchange: return "exchange";
        case Unit::event: return "event";
    }
    return "turn";
}

namespace {

using index::Attribute;
using index::Segment;
using index::Structure;



Error error(std::string message) {
    Error e;
    e.message = std::move(message);
    return e;
}




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


namespace {









bool is_punctuation(std::string_view token) {
    std::int32_t i = 0;
    const auto size = static_cast<std::int32_t>(token.size());
    while (i < size) {
        UChar32 c;
        U8_NEXT(token.data(), i, size, c);
        if (c < 0 || !(u_ispunct(c) || u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) || u_charType(c) == U_MATH_SYMBOL ||
                       u_charType(c) == U_OTHER_SYMBOL || u_charType(c) == U_MODIFIER_SYMBOL))
            return false;
    }
    return true;
}







// A single word's per-turn frequency list in one segment, read block by block from the index.
struct BlockedList {
    std::uint32_t term = 0;
    std::string_view list;
    index::TurnBlocks blocks;
    std::uint64_t entries = 0;
    bool present = false;  // the segment has the term
};

struct Candidate {
    double score = 0;
    std::string_view date;
    std::uint32_t segment = 0;
    std::uint32_t unit = 0;
};

}  // namespace

struct Searcher::Impl {
    const index::Index& index;
    text::Analyzer analyzer;
    std::vector<std::string> languages;
    TermLists term_lists;

    Impl(const index::Index& idx, std::shared_ptr<SearchTables> shared) : index(idx), term_lists(idx, std::move(shared)) {
        std::set<std::string> seen;
        for (const auto& segment : index.segments())
            for (const auto& language : segment->languages()) seen.insert(language);
        languages.assign(seen.begin(), seen.end());
    }

    const SegmentTables& segment_tables(std::size_t s) { return term_lists.segment_tables(s); }

    Result<BoundTerm> bind(const QueryTerm& term, const SearchOptions& options) {
        BoundTerm bound;
        bound.kind = term.kind;
        bound.fields = term.fields;
        bound.attribute = options.exact_forms ? Attribute::lower : Attribute::lemma;
        const auto where = "column " + std::to_string(term.column) + ": ";
        if (options.unit == Unit::exchange && (term.fields & ~(kQuestionField | kAnswerField)) != 0 && term.fields != kAnyField)
            return error(where + "statement: does not apply to --unit exchange (its fields are question: and answer:)");
        if (term.kind == QueryTerm::Kind::prefix) {
            bound.attribute = Attribute::lower;
            bound.prefix = analyzer.lower(term.text);
        } else {
            std::vector<text::Token> tokens;
            analyzer.tokenize(term.text, "", tokens);
            std::vector<std::string_view> words;
            for (const auto& token : tokens) {
                const auto word = std::string_view(term.text).substr(token.begin, token.end - token.begin);
                if (term.kind == QueryTerm::Kind::word && is_punctuation(word)) continue;
                words.push_back(word);
            }
            if (words.empty()) return error(where + "expected a word with letters or digits, found '" + term.text + "'");
            if (words.size() > 1) bound.kind = QueryTerm::Kind::phrase;
            for (const auto word : words) {
                const auto lower = analyzer.lower(word);
                std::set<std::string> forms;
                if (options.exact_forms) {
                    forms.insert(lower);
                } else {
                    for (const auto& language : languages) forms.insert(analyzer.lemma(lower, language));
                    if (forms.empty()) forms.insert(lower);
                }
                bound.slots.emplace_back(forms.begin(), forms.end());
            }
            bound.length = static_cast<std::uint32_t>(bound.slots.size());
        }
        bound.key = std::to_string(static_cast<int>(options.unit)) + '|' + std::to_string(bound.fields) + '|' +
                    std::to_string(static_cast<int>(bound.attribute)) + '|' + std::to_string(static_cast<int>(bound.kind)) + '|' +
                    bound.prefix;
        for (const auto& slot : bound.slots) {
            bound.key += '\x1f';
            for (const auto& form : slot) bound.key += form + '\x1e';
        }
        const auto& r = options.ranking;
        bound.key += '|' + std::to_string(r.k1) + ',' + std::to_string(r.b) + ',' + std::to_string(r.question_weight) + ',' +
                     std::to_string(r.answer_weight);
        return bound;
    }





    // Start positions of entry `entry` (unit u) of a list, in the fields the term is scoped to.
    // `cursors`, when given, are reused across calls for increasing units (the scorer's order), so each
    // list is decoded once per segment at most.
    // The top k of segment s for alternatives of words read block by block (blocked[s] of search(): one
    // list per leaf), and its share of the total: the union of the lists' turns. MaxScore over the lists
    // ordered by bound, as the general scorer, with block-max skipping from the index's block bounds: a
    // block of an iterated list is decoded only if its bound and every other list's can reach the
    // threshold, and a probed list is moved past blocks that end before the unit without decoding them.
    // Weights and the order of the final sum are the general path's, so scores are bit-identical. False
    // when the deadline passed.
    template <class Threshold, class Offer, class DateOf, class Expired, class Accepted>
    bool score_blocked_words(std::size_t s, const std::vector<BlockedList>& lists, const std::vector<Leaf>& positive,
                             const RankingParameters& ranking, double proximity_bound, std::size_t k, SearchResult& result,
                             Threshold&& threshold, Offer&& offer, DateOf&& date_of, Expired&& expired, bool filtered,
                             Accepted&& accepted, FacetCounter& facets, const TurnRanges* accepted_ranges) {
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
        union_scratch.assign((inverse_norm.size() + 63) / 64, 0);

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
            for (std::uint64_t b = 0; b < lists[l].blocks.size(); ++b) {
                const auto block = lists[l].blocks[b];
                float bound = 0;
                for (std::uint32_t i = 0; i < block.point_count; ++i) {
                    const auto [frequency, length] = block.point(i);
                    bound = std::max(bound, static_cast<float>(frequency) * term_lists.turn_inverse_norm(length, ranking.b));
                }
                // Exact arithmetic bounds every entry; the margin covers the float rounding of its weight.
                bounds.push_back(bound * 1.000001F);
            }
            TurnListCursor cursor(lists[l].list, lists[l].blocks, std::move(bounds), inverse_norm, union_scratch);
            const double idf = positive[l].term.idf;
            const double bound = score_of(idf, ranking.k1, cursor.max_bound());
            cursors.push_back({std::move(cursor), idf, bound, l, UINT64_MAX, 0, true});
        }
        std::sort(cursors.begin(), cursors.end(), [](const Cursor& a, const Cursor& b) { return a.bound < b.bound; });
        std::vector<double> prefix_bound(cursors.size() + 1, 0);
        for (std::size_t i = 0; i < cursors.size(); ++i) prefix_bound[i + 1] = prefix_bound[i] + cursors[i].bound;
        const auto proximity_prefix = proximity_prefix_bounds(cursors, proximity_bound > 0 ? ranking.proximity_weight : 0);
        // A unit's proximity bonus is at most weight * (the sum of its matched words' idfs - the largest),
        // which only grows as words are added; so a candidate is bounded by the words it matches and those
        // still to probe, not by the whole query's.
        const double proximity_weight = proximity_bound > 0 ? ranking.proximity_weight : 0;
        std::vector<double> prefix_idf(cursors.size() + 1, 0), prefix_max_idf(cursors.size() + 1, 0);
        for (std::size_t i = 0; i < cursors.size(); ++i) {
            prefix_idf[i + 1] = prefix_idf[i] + cursors[i].idf;
            prefix_max_idf[i + 1] = std::max(prefix_max_idf[i], cursors[i].idf);
        }

        // The proximity bonus reads positions back by term, as for lists built from `turns.tf`.
        std::vector<UnitPostings> singles(positive.size());
        for (std::size_t l = 0; l < lists.size(); ++l) {
            singles[l].has_positions = false;
            singles[l].attribute = positive[l].term.attribute;
            if (lists[l].present) singles[l].terms = {lists[l].term};
        }
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
        window_scores.assign(kWindow, 0.0);
        window_lists.assign(kWindow, 0);
        window_weights.resize(n * kWindow);
        std::array<std::uint64_t, kWindow / 64> occupied{};
        std::size_t essential = 0;
        double last_threshold = -std::numeric_limits<double>::infinity();
        float light = 0;  // with one essential list: entries lighter than this are pruned anyway
        while (k > 0) {
            if (expired()) return false;
            double theta = pruning_threshold(threshold());
            if (theta != last_threshold) {
                last_threshold = theta;
                while (essential < n && prefix_bound[essential + 1] + proximity_prefix[essential + 1] < theta) ++essential;
                if (essential == n) break;
                // (A unit of the essential list alone: every other list's bound, and their idfs for proximity.)
                light = essential + 1 == n ? weight_floor(cursors.back().idf, ranking.k1,
                                                          theta - (prefix_bound[essential] + proximity_weight * prefix_idf[essential]))
                                           : 0;
            }
            // Blocks of iterated lists that hold no accepted turn, or (once the heap is full) whose bound with
            // every other list's cannot reach the threshold, are passed without decoding.
            const bool bounded = theta > -std::numeric_limits<double>::infinity();
            double essential_bounds = 0;
            for (std::size_t i = essential; i < n; ++i) essential_bounds += cursors[i].bound;
            const double rest = prefix_bound[essential] + proximity_bound;
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
                float* weights_of_list = window_weights.data() + i * kWindow;
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
                        window_scores[slot] += score_of(c.idf, ranking.k1, w);
                        weights_of_list[slot] = w;
                        window_lists[slot] |= bit;
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
                    double score = std::exchange(window_scores[slot], 0.0);
                    const auto listed = std::exchange(window_lists[slot], 0);
                    if (filtered && !accepted(u)) continue;
                    // First against the whole query's proximity bound, which most candidates fail cheaply.
                    if (score + prefix_bound[window_essential] + proximity_bound < theta) continue;
                    double idf_sum = 0, idf_max = 0;  // of the words matched so far
                    for (auto l = listed; l != 0; l &= l - 1) {
                        const double idf = cursors[static_cast<std::size_t>(std::countr_zero(l))].idf;
                        idf_sum += idf;
                        idf_max = std::max(idf_max, idf);
                    }
                    matches.clear();
                    bool pruned = false;
                    for (std::size_t i = window_essential; i-- > 0;) {
                        const double spare_idf = idf_sum + prefix_idf[i + 1] - std::max(idf_max, prefix_max_idf[i + 1]);
                        if (score + prefix_bound[i + 1] + proximity_weight * spare_idf < theta) {
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
                    if (pruned || score + proximity_weight * (idf_sum - idf_max) < theta) continue;
                    for (auto l = listed; l != 0; l &= l - 1) {
                        const auto i = static_cast<std::size_t>(std::countr_zero(l));
                        matches.push_back({cursors[i].leaf, window_weights[i * kWindow + slot]});
                    }
                    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.leaf < b.leaf; });
                    score = 0;
                    for (const auto& m : matches) score += score_of(positive[m.leaf].term.idf, ranking.k1, m.weight);
                    if (matches.size() > 1 && ranking.proximity_weight > 0) {
                        for (std::size_t m = 0; m < matches.size(); ++m) {
                            auto& single = singles[matches[m].leaf];
                            single.units.assign(1, u);
                            term_lists.unit_positions(s, Unit::turn, single, 0, kAnyField, match_positions[m], &proximity_cursors[matches[m].leaf]);
                        }
                        score += proximity_bonus(positive, matches, match_positions, ranking);
                    }
                    ++result.scored;
                    offer({score, date_of(u), static_cast<std::uint32_t>(s), u});
                    theta = pruning_threshold(threshold());
                }
            }
        }
        for (auto& c : cursors) c.list.set_remaining_bits(may_hold_accepted);
        if (!filtered && facets.empty()) {
            result.total += count_bits(union_scratch);
            return true;
        }
        // (Written by index into a list sized by the count: a push_back per member is a call when not
        // inlined, and this runs once per matching turn.)
        auto& members = matched_scratch;
        members.resize(count_bits(union_scratch));
        std::size_t kept = 0;
        for (std::size_t w = 0; w < union_scratch.size(); ++w)
            for (auto bits = union_scratch[w]; bits != 0; bits &= bits - 1) {
                const auto u = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
                members[kept] = u;
                kept += !filtered || accepted(u) ? 1 : 0;
            }
        members.resize(kept);
        result.total += members.size();
        facets.count(*index.segments()[s], segment_tables(s), Unit::turn, members);
        return true;
    }




    Result<SearchResult> search(std::string_view text, const SearchOptions& options);

    // Per-search buffers, kept to spare an allocation of the size of a segment's units on every search.
    std::vector<std::uint16_t> state_scratch;
    std::vector<std::uint32_t> matched_scratch;
    std::vector<std::vector<std::uint64_t>> facet_scratch;  // per facet: hits per value id
    std::vector<std::uint64_t> date_scratch;                 // matching units per date value id
    FacetCounter facet_counter;
    std::vector<std::uint64_t> union_scratch;                // a bit per unit
    // score_blocked_words' window of turns: per slot the essential lists' score sum, which lists hold
    // the turn (a bit each) and, per list, its weight there.
    static constexpr std::uint32_t kWindow = 2048;
    std::vector<double> window_scores;
    std::vector<std::uint64_t> window_lists;
    std::vector<float> window_weights;
};

namespace {




std::string_view column_string(const index::Regions& regions, std::string_view name, std::uint64_t region) {
    const auto* column = regions.column(name);
    if (column == nullptr || column->numeric() || region >= regions.size()) return {};
    return column->string(region);
}

}  // namespace

Result<SearchResult> Searcher::Impl::search(std::string_view text, const SearchOptions& options) {
    auto parsed = parse_query(text);
    if (!parsed) return parsed.error();
    term_lists.trim();
    const auto unit = options.unit;
    const auto& ranking = options.ranking;

    auto facet_kinds = facet_requests(options);
    if (!facet_kinds) return facet_kinds.error();
    auto& facets = facet_counter;
    facets.reset(*facet_kinds);
    auto filters = column_filters(options, parsed->filters, analyzer);
    if (!filters) return filters.error();
    const bool date_filter = !options.from.empty() || !options.to.empty();


    // Weight: bind every term, then index-wide document frequencies and idf.
    std::vector<Leaf> positive, negative;
    std::vector<std::size_t> clause_of_leaf;
    std::size_t clause_count = 0;
    for (const auto& clause : parsed->clauses) {
        for (const auto& alternative : clause.alternatives) {
            auto bound = bind(alternative, options);
            if (!bound) return bound.error();
            (clause.excluded ? negative : positive).push_back({std::move(bound.value()), clause_count});
        }
        if (!clause.excluded) ++clause_count;
    }
    auto expired = [&options] { return options.deadline && std::chrono::steady_clock::now() > *options.deadline; };
    const auto& stats = term_lists.unit_statistics(unit);
    const auto segment_count = index.segments().size();
    const bool by_date = options.sort == SortOrder::date;

    // Words over turns in one clause (one word, or alternatives), in score order: in a segment without
    // deleted events where each word has at most one term, the lists are read block by block from the index
    // (block-max skipping; blocked[s] holds one list per positive leaf). A word's document frequency is its
    // list's entry count, the matching set is the union of the lists' turns that pass the filters (facets
    // count over it), and the top k decodes only the blocks whose bound can still enter it. A single word
    // needs a block directory (a short list is as fast the general way); unfiltered and unfaceted, its total
    // is its entry count. Elsewhere the terms' unit lists are built as for any query, and a blocked
    // segment's lists[s] stays null.
    std::vector<std::vector<BlockedList>> blocked(segment_count);
    const bool filtered_or_faceted = !filters->empty() || date_filter || !facets.empty();
    // (At most 64 words: the scorer notes which lists hold a turn as bits of a word.)
    const bool words_in_one_clause =
        unit == Unit::turn && clause_count == 1 && negative.empty() && !by_date && positive.size() <= 64 && std::all_of(positive.begin(), positive.end(), [](const Leaf& leaf) {
            return leaf.term.kind == QueryTerm::Kind::word && leaf.term.fields == kAnyField && leaf.term.attribute != Attribute::word;
        });
    for (std::size_t s = 0; s < segment_count && words_in_one_clause; ++s) {
        const auto& segment = *index.segments()[s];
        if (!segment.has_turn_frequencies() || segment.has_deleted_events() || segment.events() == 0) continue;
        std::vector<BlockedList> lists;
        for (const auto& leaf : positive) {
            const auto ids = term_ids(segment, leaf.term);
            if (ids.size() > 1) break;
            BlockedList list;
            if (!ids.empty()) {
                list = {ids[0], segment.turn_frequencies(leaf.term.attribute, ids[0]), segment.turn_blocks(leaf.term.attribute, ids[0]), 0, true};
                list.entries = index::TurnFrequencyReader(list.list).size();
            }
            lists.push_back(list);
        }
        if (lists.size() != positive.size() || (lists.size() == 1 && lists[0].blocks.empty())) continue;
        blocked[s] = std::move(lists);
    }

    std::vector<std::optional<SegmentFilter>> segment_filters(segment_count);
    auto filter_of = [&](std::size_t s) -> const SegmentFilter& {
        if (!segment_filters[s]) segment_filters[s].emplace(*filters, options, *index.segments()[s], segment_tables(s), unit);
        return *segment_filters[s];
    };
    // Filters on events alone accept a few ranges of turns. A term read from its positions (a phrase) and not
    // cached is then listed over the accepted turns only, its document frequency counted over the whole
    // segment on the way: the turns the filters reject are never weighed, marked or tested. Such lists are
    // the search's own (they depend on its filters) and are not cached.
    std::vector<std::optional<TurnRanges>> accepted_turns(segment_count);
    std::vector<std::unique_ptr<UnitPostings>> filtered_lists;
    auto lists_accepted_turns_only = [&](std::size_t s, const BoundTerm& term) {
        return unit == Unit::turn && !reads_turn_frequencies(*index.segments()[s], term) && !term_lists.cached(s, term) &&
               filter_of(s).by_events();
    };

    double idf_sum = 0, idf_max = 0;
    for (auto* leaves : {&positive, &negative}) {
        for (std::size_t l = 0; l < leaves->size(); ++l) {
            auto& leaf = (*leaves)[l];
            std::uint64_t df = 0;
            for (std::size_t s = 0; s < segment_count; ++s) {
                if (expired()) return error("timed out");
                if (!blocked[s].empty() && leaves == &positive) {
                    leaf.term.lists.push_back(nullptr);
                    df += blocked[s][l].entries;
                    continue;
                }
                if (lists_accepted_turns_only(s, leaf.term)) {
                    if (!accepted_turns[s]) accepted_turns[s] = filter_of(s).accepted_turn_ranges(segment_tables(s));
                    std::uint64_t live_turns = 0;
                    filtered_lists.push_back(term_lists.build_unit_postings(s, leaf.term, options, &*accepted_turns[s], &live_turns));
                    leaf.term.lists.push_back(filtered_lists.back().get());
                    df += live_turns;
                    continue;
                }
                leaf.term.lists.push_back(&term_lists.unit_postings(s, leaf.term, options));
                df += leaf.term.lists.back()->live_units;
            }
            const double n = static_cast<double>(stats.count);
            leaf.term.idf = std::log(1 + (n - static_cast<double>(df) + 0.5) / (static_cast<double>(df) + 0.5));
            if (leaves == &positive) {
                idf_sum += leaf.term.idf;
                idf_max = std::max(idf_max, leaf.term.idf);
            }
        }
    }
    // The proximity bonus of a unit is a sum over a chain of matched terms of w * min(idf of the pair),
    // which never exceeds w * (sum of idfs - the largest).
    const double proximity_bound = positive.size() > 1 ? ranking.proximity_weight * (idf_sum - idf_max) : 0;

    SearchResult result;
    auto better = [by_date](const Candidate& a, const Candidate& b) {
        if (by_date) {
            if (a.date != b.date) return a.date > b.date;
            if (a.score != b.score) return a.score > b.score;
        } else {
            if (a.score != b.score) return a.score > b.score;
            if (a.date != b.date) return a.date > b.date;
        }
        if (a.segment != b.segment) return a.segment < b.segment;
        return a.unit < b.unit;
    };
    std::vector<Candidate> heap;  // worst on top
    const std::size_t k = options.limit;
    auto offer = [&](const Candidate& c) {
        if (k == 0) return;
        if (heap.size() < k) {
            heap.push_back(c);
            std::push_heap(heap.begin(), heap.end(), better);
        } else if (better(c, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = c;
            std::push_heap(heap.begin(), heap.end(), better);
        }
    };
    auto threshold = [&]() {
        return !by_date && k > 0 && heap.size() == k ? heap.front().score : -std::numeric_limits<double>::infinity();
    };

    // Keys are views of the segments' mapped columns (or literals), so counting allocates nothing per value.
    auto& state = state_scratch;
    auto& matched = matched_scratch;
    for (std::size_t s = 0; s < segment_count; ++s) {
        if (expired()) return error("timed out");
        const auto& segment = *index.segments()[s];
        const auto& tables = segment_tables(s);
        const auto& unit_table = tables.units[static_cast<int>(unit)];
        const auto units = unit_table.live.size();
        if (units == 0) continue;
        const auto& events = segment.regions(Structure::event);
        const auto* dates = events.column("date");
        auto date_of = [&](std::uint32_t u) -> std::string_view {
            return dates != nullptr && !dates->numeric() ? dates->string(unit_table.event[u]) : std::string_view{};
        };

        const bool blocked_words = blocked[s].size() > 1 || (!blocked[s].empty() && filtered_or_faceted);
        if (!blocked[s].empty() && !blocked_words) {
            const auto& list = blocked[s][0];
            result.total += list.entries;
            if (k == 0) continue;
            const auto& leaf = positive[0].term;
            const auto& inverse_norm = term_lists.turn_inverse_norms(s, ranking.b);
            const auto turn_count = inverse_norm.size();
            for (std::uint64_t b = 0; b < list.blocks.size(); ++b) {
                if (b % 256 == 255 && expired()) return error("timed out");
                const auto block = list.blocks[b];
                const double theta = pruning_threshold(threshold());
                // An entry under the points' hull is bounded in exact arithmetic; the margin covers the
                // float rounding of its own weight.
                float bound = 0;
                for (std::uint32_t i = 0; i < block.point_count; ++i) {
                    const auto [frequency, length] = block.point(i);
                    bound = std::max(bound, static_cast<float>(frequency) * term_lists.turn_inverse_norm(length, ranking.b));
                }
                bound *= 1.000001F;
                if (score_of(leaf.idf, ranking.k1, bound) < theta) continue;
                index::TurnFrequencyReader reader(list.list, block, std::min<std::uint64_t>(index::kTurnBlockSize, list.entries - b * index::kTurnBlockSize));
                std::uint32_t t = 0, tf = 0;
                while (reader.next(t, tf)) {
                    if (t >= turn_count || !unit_table.live[t]) continue;
                    ++result.scored;
                    offer({score_of(leaf.idf, ranking.k1, static_cast<float>(tf) * inverse_norm[t]), date_of(t), static_cast<std::uint32_t>(s), t});
                }
            }
            continue;
        }

        const auto& filter = filter_of(s);
        auto accepted = [&filter](std::uint32_t u) { return filter.accepts(u); };
        const bool filtered = filter.active();
        if (blocked_words) {
            // Filters on the event alone accept whole events, whose turns are contiguous: the accepted turns
            // are a few ranges, and blocks outside them are never read.
            const bool by_events = filter.by_events();
            const auto accepted_ranges = by_events ? filter.accepted_turn_ranges(tables) : TurnRanges{};
            if (!score_blocked_words(s, blocked[s], positive, ranking, proximity_bound, k, result, threshold, offer, date_of, expired,
                                     filtered, accepted, facets, by_events ? &accepted_ranges : nullptr))
                return error("timed out");
            continue;
        }

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
            members = union_size(lists, units, union_scratch);
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
                    if (state[u] == clause_count && accepted(u)) {
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
        if (members == 0 || k == 0) continue;

        // Newest first: when more than k units match, the k-th newest date of this segment's matching units
        // bounds the top k (at least k units are as new), so older units leave the set to score. Date value
        // ids are in the order of the ISO strings (a column's values are sorted).
        if (by_date && matched.size() > k && dates != nullptr && !dates->numeric()) {
            auto& per_date = date_scratch;
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
        std::vector<double> prefix_bound(cursors.size() + 1, 0);
        for (std::size_t i = 0; i < cursors.size(); ++i) prefix_bound[i + 1] = prefix_bound[i] + cursors[i].bound;
        const auto proximity_prefix = proximity_prefix_bounds(cursors, proximity_bound > 0 ? ranking.proximity_weight : 0);
        std::size_t essential = 0;
        double last_threshold = -std::numeric_limits<double>::infinity();
        struct Match {
            std::size_t leaf;
            std::size_t entry;
        };
        std::vector<Match> matches;
        std::vector<std::vector<std::uint32_t>> match_positions(positive.size());
        std::vector<std::vector<index::PostingCursor>> proximity_cursors(positive.size());
        // A unit that may enter the top k: its final score, summed in query order so that equal units get
        // bit-identical scores whichever lists were essential when they were met, then offered.
        auto finish = [&](std::uint32_t u) {
            std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.leaf < b.leaf; });
            double score = 0;
            for (const auto& m : matches)
                score += score_of(positive[m.leaf].term.idf, ranking.k1, positive[m.leaf].term.lists[s]->weight[m.entry]);
            if (matches.size() > 1 && ranking.proximity_weight > 0) {
                for (std::size_t m = 0; m < matches.size(); ++m) {
                    const auto& leaf = positive[matches[m].leaf].term;
                    term_lists.unit_positions(s, unit, *leaf.lists[s], matches[m].entry, leaf.fields, match_positions[m],
                                   &proximity_cursors[matches[m].leaf]);
                }
                score += proximity_bonus(positive, matches, match_positions, ranking);
            }
            ++result.scored;
            offer({score, date_of(u), static_cast<std::uint32_t>(s), u});
        };
        // Probes lists [0, below) for unit u, highest bound first, after the `score` of the lists above
        // them: given up as soon as that score and the bounds left cannot reach theta; else finished.
        auto probe_and_finish = [&](std::uint32_t u, double score, std::size_t below, double theta) {
            for (std::size_t i = below; i-- > 0;) {
                if (score + prefix_bound[i + 1] + proximity_bound < theta) return;
                auto& c = cursors[i];
                const auto& list = c.list->units;
                c.at = gallop(list, c.at, u);
                if (c.at < list.size() && list[c.at] == u) {
                    score += score_of(c.idf, ranking.k1, c.list->weight[c.at]);
                    matches.push_back({c.leaf, c.at});
                }
            }
            if (score + proximity_bound >= theta) finish(u);
        };
        // Filters that leave few members of long lists: the members are the candidates, in order, and every
        // list is probed for them (highest bound first, with the same pruning), instead of walking the lists'
        // units to find the members among them.
        std::size_t listed_units = 0;
        for (const auto& c : cursors) listed_units += c.list->units.size();
        if (filtered && matched.size() * 8 < listed_units) {
            std::sort(matched.begin(), matched.end());
            for (std::size_t j = 0; j < matched.size(); ++j) {
                if ((j + 1) % 4096 == 0 && expired()) return error("timed out");
                const auto u = matched[j];
                if (!is_member(u)) continue;  // left out by the date order above
                matches.clear();
                probe_and_finish(u, 0, cursors.size(), pruning_threshold(threshold()));
            }
            continue;
        }
        for (std::uint32_t steps = 1;; ++steps) {
            if (steps % 4096 == 0 && expired()) return error("timed out");
            const double theta = pruning_threshold(threshold());
            if (theta != last_threshold) {
                last_threshold = theta;
                while (essential < cursors.size() && prefix_bound[essential + 1] + proximity_prefix[essential + 1] < theta) ++essential;
                if (essential == cursors.size()) break;
            }
            // Block-max skipping: a block of an essential list whose best score, with every other list's
            // bound, stays under the threshold holds no unit that can enter the top k (its units are still
            // counted: the matching set is exact on its own).
            if (theta > -std::numeric_limits<double>::infinity()) {
                double essential_bounds = 0;
                for (std::size_t i = essential; i < cursors.size(); ++i) essential_bounds += cursors[i].bound;
                const double rest = prefix_bound[essential] + proximity_bound;
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
                        matches.push_back({c.leaf, c.at});
                    }
                    ++c.at;
                }
            }
            if (!is_member(u)) continue;
            probe_and_finish(u, score, essential, theta);
        }
    }


    result.facets = facets.facets(options.facet_limit);
    if (expired()) return error("timed out");
    std::sort_heap(heap.begin(), heap.end(), better);
    std::vector<std::uint32_t> positions;
    for (const auto& c : heap) {
        const auto& segment = *index.segments()[c.segment];
        const auto& tables = segment_tables(c.segment);
        const auto& events = segment.regions(Structure::event);
        const auto& turns = segment.regions(Structure::turn);
        const auto& exchanges = segment.regions(Structure::exchange);
        Hit hit;
        hit.score = c.score;
        hit.segment = c.segment;
        hit.unit = c.unit;
        const auto event = tables.units[static_cast<int>(unit)].event[c.unit];
        hit.event_id = column_string(events, "id", event);
        hit.date = column_string(events, "date", event);
        hit.source = column_string(events, "source", event);
        hit.title = column_string(events, "title", event);
        std::uint32_t begin = 0;
        if (unit == Unit::turn) {
            hit.turn_id = column_string(turns, "id", c.unit);
            hit.speaker = column_string(turns, "speaker", c.unit);
            hit.role = column_string(turns, "role", c.unit);
            hit.kind = column_string(turns, "kind", c.unit);
            hit.outlet = column_string(turns, "affiliation", c.unit);
            begin = turns.start(c.unit);
        } else if (unit == Unit::exchange) {
            hit.exchange_id = column_string(exchanges, "id", c.unit);
            begin = exchanges.start(c.unit);
            if (const auto t = turns.find(begin)) hit.turn_id = column_string(turns, "id", *t);
            hit.speaker = column_string(exchanges, "answerer", c.unit);
            hit.role = column_string(exchanges, "answerer_role", c.unit);
            hit.outlet = column_string(exchanges, "asker_affiliation", c.unit);
            hit.kind = "exchange";
        } else {
            begin = events.start(c.unit);
            hit.kind = "event";
        }
        if (options.snippets) {
            // Matched spans of the unit, then the paragraph holding the most (distinct terms count most).
            std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  // first, last position
            std::vector<std::pair<std::uint32_t, double>> weighted;
            for (const auto& leaf : positive) {
                UnitPostings single;  // the hit's entry of a blocked list (which has no unit list)
                const bool from_blocks = !blocked[c.segment].empty();
                if (from_blocks) {
                    const auto& blocked_list = blocked[c.segment][static_cast<std::size_t>(&leaf - positive.data())];
                    single.units = {c.unit};
                    single.has_positions = false;
                    single.attribute = leaf.term.attribute;
                    if (blocked_list.present) single.terms = {blocked_list.term};
                }
                const auto& list = from_blocks ? single : *leaf.term.lists[c.segment];
                const auto found = std::lower_bound(list.units.begin(), list.units.end(), c.unit);
                if (found == list.units.end() || *found != c.unit) continue;
                const auto entry = static_cast<std::size_t>(found - list.units.begin());
                term_lists.unit_positions(c.segment, unit, list, entry, leaf.term.fields, positions);
                for (const auto p : positions) {
                    spans.emplace_back(p, p + leaf.term.length - 1);
                    weighted.emplace_back(p, leaf.term.idf);
                }
            }
            std::sort(spans.begin(), spans.end());
            hit.matched_spans = spans;
            const auto& paragraphs = segment.regions(Structure::p);
            std::unordered_map<std::uint64_t, double> paragraph_score;
            std::unordered_map<std::uint64_t, std::set<double>> seen;
            std::uint64_t best = paragraphs.find(begin).value_or(0);
            double best_score = -1;
            for (const auto& [position, idf] : weighted) {
                const auto p = paragraphs.find(position);
                if (!p) continue;
                auto& score = paragraph_score[*p];
                score += seen[*p].insert(idf).second ? idf : 0.1 * idf;
                if (score > best_score || (score == best_score && *p < best)) {
                    best_score = score;
                    best = *p;
                }
            }
            // The snippet of paragraph `index` (windowed around its first match), with the matches in it.
            auto make_snippet = [&](std::uint64_t index) -> std::optional<Snippet> {
                auto stored = segment.paragraph(index);
                if (!stored.ok() || index >= paragraphs.size()) return std::nullopt;
                const auto& para = stored.value();
                const auto p_start = paragraphs.start(index);
                const auto p_tokens = static_cast<std::uint32_t>(para.token_offsets.size());
                std::vector<MatchOffsets> offsets;
                for (const auto& [first, last] : spans) {
                    if (first < p_start || first - p_start >= p_tokens) continue;
                    const auto last_index = std::min(last - p_start, p_tokens - 1);
                    const auto word = segment.term_at(Attribute::word, p_start + last_index);
                    MatchOffsets m;
                    m.begin = para.token_offsets[first - p_start];
                    m.end = para.token_offsets[last_index] +
                            (word == Segment::kNoTerm ? 0 : static_cast<std::uint32_t>(segment.lexicon(Attribute::word).term(word).size()));
                    m.end = std::min<std::uint32_t>(m.end, static_cast<std::uint32_t>(para.text.size()));
                    m.source_begin = para.source_offset(m.begin);
                    m.source_end = m.end > m.begin ? para.source_offset(m.end - 1) + 1 : m.source_begin;
                    offsets.push_back(m);
                }
                Snippet snippet;
                snippet.paragraph = index;
                constexpr std::uint32_t kWindow = 320, kBefore = 80;
                std::uint32_t from = 0, to = static_cast<std::uint32_t>(para.text.size());
                if (para.text.size() > kWindow) {
                    const std::uint32_t anchor = offsets.empty() ? 0 : offsets.front().begin;
                    for (const auto o : para.token_offsets)
                        if (o + kBefore <= anchor) from = o;
                    to = from + kWindow;
                    for (const auto o : para.token_offsets)
                        if (o >= to) {
                            to = o;
                            break;
                        }
                    to = std::min<std::uint32_t>(to, static_cast<std::uint32_t>(para.text.size()));
                    // Never cut inside the last match shown.
                    for (const auto& m : offsets)
                        if (m.begin < to && m.end > to) to = m.end;
                }
                snippet.truncated_before = from > 0;
                snippet.truncated_after = to < para.text.size();
                snippet.text = para.text.substr(from, to - from);
                for (auto m : offsets) {
                    if (m.begin < from || m.end > to) continue;
                    m.begin -= from;
                    m.end -= from;
                    snippet.matches.push_back(m);
                }
                return snippet;
            };
            if (auto snippet = make_snippet(best)) hit.snippet = std::move(*snippet);
            if (unit == Unit::exchange) {
                // "Answers to questions about X": the answer's opening paragraph too.
                const auto& tables = segment_tables(c.segment);
                const auto [x_begin, x_end] = term_lists.unit_range(c.segment, unit, c.unit);
                for (auto t = turns.find(x_begin); t && *t < turns.size() && turns.start(*t) < x_end; t = *t + 1) {
                    if (tables.turn_field[*t] != kAnswerField) continue;
                    if (const auto p = paragraphs.find(turns.start(*t)); p && *p != best)
                        if (auto answer = make_snippet(*p)) hit.answer = std::move(*answer);
                    break;
                }
            }
        }
        result.hits.push_back(std::move(hit));
    }
    return result;
}

Searcher::Searcher(const index::Index& index, std::shared_ptr<SearchTables> tables)
    : impl_(std::make_unique<Impl>(index, std::move(tables))) {}
Searcher::~Searcher() = default;

Result<SearchResult> Searcher::search(std::string_view query, const SearchOptions& options) { return impl_->search(query, options); }

void Searcher::clear_cache() { impl_->term_lists.clear(); }

}  // namespace presser::search
