#include "search/searcher.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "search/block_max_scorer.h"
#include "search/facets.h"
#include "search/hits.h"
#include "search/maxscore_scorer.h"
#include "search/query_parser.h"
#include "search/segment_scoring.h"
#include "search/segment_tables.h"
#include "search/term_lists.h"
#include "search/top_k.h"
#include "search/unit_filter.h"
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
            return plain_error(where + "statement: does not apply to --unit exchange (its fields are question: and answer:)");
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
            if (words.empty()) return plain_error(where + "expected a word with letters or digits, found '" + term.text + "'");
            if (words.size() > kMaxPhraseWords)
                return plain_error(where + "a phrase of " + std::to_string(words.size()) + " words, more than the " +
                                   std::to_string(kMaxPhraseWords) + " a phrase may have: shorten it");
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

    Result<SearchResult> search(std::string_view text, const SearchOptions& options);

    // Kept from search to search, with their buffers.
    FacetCounter facet_counter;
    BlockMaxScorer block_max_scorer;
    MaxScoreScorer max_score_scorer;
};

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
    std::size_t clause_count = 0;
    for (const auto& clause : parsed->clauses) {
        for (const auto& alternative : clause.alternatives) {
            auto bound = bind(alternative, options);
            if (!bound) return bound.error();
            (clause.excluded ? negative : positive).push_back({std::move(bound.value()), clause_count});
        }
        if (!clause.excluded) ++clause_count;
    }
    auto expired = [&options] { return past(options.deadline); };
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
    auto accepted_turns_of = [&](std::size_t s) -> const TurnRanges& {
        if (!accepted_turns[s]) accepted_turns[s] = filter_of(s).accepted_turn_ranges(segment_tables(s));
        return *accepted_turns[s];
    };
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
                if (expired()) return stopped_error(ErrorCode::timed_out);
                if (!blocked[s].empty() && leaves == &positive) {
                    leaf.term.lists.push_back(nullptr);
                    df += blocked[s][l].entries;
                    continue;
                }
                if (lists_accepted_turns_only(s, leaf.term)) {
                    std::uint64_t live_turns = 0;
                    filtered_lists.push_back(term_lists.build_unit_postings(s, leaf.term, options, &accepted_turns_of(s), &live_turns));
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
    TopK top(options.limit, by_date);
    for (std::size_t s = 0; s < segment_count; ++s) {
        if (expired()) return stopped_error(ErrorCode::timed_out);
        const auto& segment = *index.segments()[s];
        const auto& tables = segment_tables(s);
        if (tables.units[static_cast<int>(unit)].live.empty()) continue;
        const SegmentScoring scoring(s, segment, tables, unit, ranking, positive, proximity_bound, top, result, options.deadline);
        const bool blocked_words = blocked[s].size() > 1 || (!blocked[s].empty() && filtered_or_faceted);
        if (!blocked[s].empty() && !blocked_words) {
            if (!block_max_scorer.score_word(scoring, term_lists, blocked[s][0])) return stopped_error(ErrorCode::timed_out);
            continue;
        }
        const auto& filter = filter_of(s);
        if (blocked_words) {
            // Filters on the event alone accept whole events, whose turns are contiguous: the accepted turns
            // are a few ranges, and blocks outside them are never read.
            const auto* accepted_ranges = filter.by_events() ? &accepted_turns_of(s) : nullptr;
            if (!block_max_scorer.score_words(scoring, term_lists, blocked[s], filter, facets, accepted_ranges))
                return stopped_error(ErrorCode::timed_out);
            continue;
        }
        if (!max_score_scorer.score(scoring, term_lists, negative, clause_count, filter, facets, by_date)) return stopped_error(ErrorCode::timed_out);
    }

    result.facets = facets.facets(options.facet_limit);
    if (expired()) return stopped_error(ErrorCode::timed_out);
    std::vector<std::uint32_t> positions;
    for (const auto& c : top.sorted()) {
        const auto& segment = *index.segments()[c.segment];
        const auto& tables = segment_tables(c.segment);
        auto hit = describe_hit(segment, tables, unit, c);
        if (options.snippets) {
            // The unit's matches, then its snippets.
            Spans spans;
            std::vector<std::pair<std::uint32_t, double>> weighted;
            for (const auto& leaf : positive) {
                UnitPostings single;  // the hit's entry of a blocked list (which has no unit list)
                const bool from_blocks = !blocked[c.segment].empty();
                if (from_blocks) {
                    single = positions_by_term(blocked[c.segment][static_cast<std::size_t>(&leaf - positive.data())], leaf.term.attribute);
                    single.units = {c.unit};
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
            add_snippets(hit, segment, tables, unit, term_lists.unit_range(c.segment, unit, c.unit), weighted);
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
