#include "search/searcher.h"
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
constexpr std::uint32_t kNone = UINT32_MAX;

// Field number of a turn kind: the bit of FieldMask it sets.
std::uint8_t field_bit(std::string_view kind) {
    if (kind == "question") return kQuestionField;
    if (kind == "answer") return kAnswerField;
    if (kind == "statement") return kStatementField;
    return kOtherField;
}

// A value id of a string column, as an index into a table of `size` entries over its values; `size` (out
// of range) for a damaged file, which callers treat as "no value" rather than reading past the table.
std::size_t value_index(const index::RegionColumn& column, std::uint64_t region, std::size_t size) {
    const std::size_t id = column.id(region);
    return id < size ? id : size;
}

Error error(std::string message) {
    Error e;
    e.message = std::move(message);
    return e;
}

// The turn columns that facets count, in the order of FacetKind's first four (speaker, outlet, role, kind).
constexpr const char* kTurnFacetColumns[4] = {"speaker", "affiliation", "role", "kind"};
struct TurnFacetRow {
    std::uint32_t ids[4];
    std::uint32_t event;
};

// What a segment needs to map positions to units, computed once per segment.
struct SegmentTables {
    std::vector<std::uint32_t> turn_starts;  // plus the token count as a sentinel
    std::vector<std::uint8_t> turn_field;
    std::vector<std::uint32_t> turn_event;
    std::vector<std::uint32_t> turn_exchange;
    struct UnitTable {
        std::vector<std::uint32_t> length[2];  // exchanges: question, answer tokens; others: all tokens
        std::vector<std::uint8_t> live;
        std::vector<std::uint32_t> event;
    } units[3];
    bool every_unit_live = false;  // no deleted event: the `live` tables need not be read
    std::vector<std::uint32_t> event_first_turn;  // per event, its first turn (events' turns are contiguous); plus a sentinel
    // Built on first use (by whichever Searcher sharing the tables needs them first).
    mutable std::once_flag facet_rows_built;
    mutable std::vector<TurnFacetRow> turn_facet_rows;
};

std::unique_ptr<SegmentTables> build_tables(const Segment& segment) {
    auto tables = std::make_unique<SegmentTables>();
    const auto& turns = segment.regions(Structure::turn);
    const auto& events = segment.regions(Structure::event);
    const auto& exchanges = segment.regions(Structure::exchange);
    const auto* kind = turns.column("kind");
    const std::uint64_t n = turns.size();
    tables->turn_starts.resize(n + 1);
    tables->turn_field.resize(n);
    tables->turn_event.resize(n);
    tables->turn_exchange.assign(n, kNone);
    std::vector<std::uint8_t> kind_bits;
    if (kind != nullptr && !kind->numeric())
        for (std::uint32_t v = 0; v < kind->values().size(); ++v) kind_bits.push_back(field_bit(kind->values().at(v)));
    std::uint64_t event = 0;
    for (std::uint64_t t = 0; t < n; ++t) {
        const auto start = turns.start(t);
        tables->turn_starts[t] = start;
        const auto k = kind_bits.empty() ? 0 : value_index(*kind, t, kind_bits.size());
        tables->turn_field[t] = k < kind_bits.size() ? kind_bits[k] : static_cast<std::uint8_t>(kOtherField);
        while (event + 1 < events.size() && events.start(event + 1) <= start) ++event;
        tables->turn_event[t] = static_cast<std::uint32_t>(event);
    }
    tables->turn_starts[n] = static_cast<std::uint32_t>(segment.tokens());

    tables->every_unit_live = !segment.has_deleted_events() && events.size() > 0;
    tables->event_first_turn.assign(events.size() + 1, static_cast<std::uint32_t>(n));
    for (std::uint64_t t = n; t-- > 0;) tables->event_first_turn[tables->turn_event[t]] = static_cast<std::uint32_t>(t);
    for (std::uint64_t e = events.size(); e-- > 0;)  // events without turns start where the next does
        tables->event_first_turn[e] = std::min(tables->event_first_turn[e], tables->event_first_turn[e + 1]);
    auto& turn_unit = tables->units[static_cast<int>(Unit::turn)];
    turn_unit.length[0].resize(n);
    turn_unit.live.resize(n);
    turn_unit.event = tables->turn_event;
    for (std::uint64_t t = 0; t < n; ++t) {
        turn_unit.length[0][t] = tables->turn_starts[t + 1] - tables->turn_starts[t];
        turn_unit.live[t] = events.size() > 0 && !segment.event_deleted(tables->turn_event[t]);
    }

    auto& exchange_unit = tables->units[static_cast<int>(Unit::exchange)];
    const auto x_count = exchanges.size();
    exchange_unit.length[0].assign(x_count, 0);
    exchange_unit.length[1].assign(x_count, 0);
    exchange_unit.live.resize(x_count);
    exchange_unit.event.resize(x_count);
    for (std::uint64_t x = 0; x < x_count; ++x) {
        const auto start = exchanges.start(x), end = exchanges.end(x);
        auto t = static_cast<std::uint64_t>(std::upper_bound(tables->turn_starts.begin(), tables->turn_starts.begin() + n, start) -
                                            tables->turn_starts.begin());
        t = t == 0 ? 0 : t - 1;
        exchange_unit.event[x] = n > 0 ? tables->turn_event[t] : 0;
        exchange_unit.live[x] = events.size() > 0 && !segment.event_deleted(exchange_unit.event[x]);
        for (; t < n && tables->turn_starts[t] < end; ++t) {
            tables->turn_exchange[t] = static_cast<std::uint32_t>(x);
            const auto length = tables->turn_starts[t + 1] - tables->turn_starts[t];
            if (tables->turn_field[t] == kQuestionField) exchange_unit.length[0][x] += length;
            if (tables->turn_field[t] == kAnswerField) exchange_unit.length[1][x] += length;
        }
    }

    auto& event_unit = tables->units[static_cast<int>(Unit::event)];
    event_unit.length[0].resize(events.size());
    event_unit.live.resize(events.size());
    event_unit.event.resize(events.size());
    for (std::uint64_t e = 0; e < events.size(); ++e) {
        event_unit.length[0][e] = events.end(e) - events.start(e);
        event_unit.live[e] = !segment.event_deleted(e);
        event_unit.event[e] = static_cast<std::uint32_t>(e);
    }
    return tables;
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

class SearchTables {
public:
    explicit SearchTables(const index::Index& index) : index_(index), slots_(new Slot[index.segments().size()]) {}
    const SegmentTables& at(std::size_t s) const {
        auto& slot = slots_[s];
        std::call_once(slot.built, [&] { slot.tables = build_tables(*index_.segments()[s]); });
        return *slot.tables;
    }

private:
    struct Slot {
        std::once_flag built;
        std::unique_ptr<SegmentTables> tables;
    };
    const index::Index& index_;
    std::unique_ptr<Slot[]> slots_;
};

std::shared_ptr<SearchTables> make_search_tables(const index::Index& index) { return std::make_shared<SearchTables>(index); }

namespace {

// Index-wide statistics of one unit type over live units.
struct UnitStatistics {
    bool ready = false;
    std::uint64_t count = 0;
    double average_length[2] = {0, 0};
};

// One query term's occurrences in one segment, grouped by unit: the per-unit frequency list that BM25
// and MaxScore walk. `weight` is the BM25F pseudo-frequency (field weights and length normalisation
// applied), so a unit's score is idf * (k1 + 1) * weight / (k1 + weight).
struct UnitPostings {
    std::vector<std::uint32_t> units;
    std::vector<float> weight;
    // Start positions grouped by unit, when the list was built from positional postings; lists built from
    // the index's per-turn frequencies leave them out and read them back from `terms` when needed.
    bool has_positions = true;
    std::vector<std::uint32_t> position_begin;  // units.size() + 1 offsets into positions
    std::vector<std::uint32_t> positions;
    Attribute attribute = Attribute::lower;
    std::vector<std::uint32_t> terms;
    std::uint64_t live_units = 0;
    float max_weight = 0;  // over live units: the term's upper bound in this segment
    static constexpr std::size_t kBlock = 64;
    std::vector<float> block_max;  // largest weight of each block of kBlock entries
    [[nodiscard]] std::size_t bytes() const { return units.size() * 12 + positions.size() * 4 + 64; }
};

// A query term bound to the index: the forms to look up, per token of a phrase.
struct BoundTerm {
    QueryTerm::Kind kind = QueryTerm::Kind::word;
    Attribute attribute = Attribute::lemma;
    std::vector<std::vector<std::string>> slots;  // phrase tokens (one slot for a word), each with its forms
    std::string prefix;
    std::uint8_t fields = kAnyField;
    std::uint32_t length = 1;  // tokens covered by one occurrence
    std::string key;
    double idf = 0;
    std::vector<const UnitPostings*> lists;  // per segment
};

enum class FacetKind { speaker, outlet, role, kind, day, month, year, event, language };
using FacetCounts = std::vector<std::unordered_map<std::string_view, std::uint64_t>>;

// Turns as sorted [first, end) ranges.
using TurnRanges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Loops over units fetch the rows of the units this many entries ahead, so that the cache misses overlap.
constexpr std::size_t kAhead = 16;

// A term of the query as a leaf of its clause.
struct Leaf {
    BoundTerm term;
    std::size_t clause;
};

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

std::vector<std::uint32_t> merge_lists(std::vector<std::vector<std::uint32_t>> lists) {
    lists.erase(std::remove_if(lists.begin(), lists.end(), [](const auto& l) { return l.empty(); }), lists.end());
    if (lists.empty()) return {};
    if (lists.size() == 1) return std::move(lists[0]);
    std::vector<std::uint32_t> all;
    for (const auto& l : lists) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

std::vector<std::uint32_t> positions_of_forms(const Segment& segment, Attribute attribute, const std::vector<std::string>& forms) {
    std::vector<std::vector<std::uint32_t>> lists;
    const auto& lexicon = segment.lexicon(attribute);
    for (const auto& form : forms) {
        const auto id = lexicon.terms().find(form);
        if (!id) continue;
        auto cursor = segment.postings(attribute, *id);
        std::vector<std::uint32_t> positions;
        positions.reserve(cursor.size());
        cursor.drain(positions);
        lists.push_back(std::move(positions));
    }
    return merge_lists(std::move(lists));
}

// Term ids of a word's forms or of a prefix's range in a segment.
std::vector<std::uint32_t> term_ids(const Segment& segment, const BoundTerm& term) {
    std::vector<std::uint32_t> ids;
    const auto& lexicon = segment.lexicon(term.attribute);
    if (term.kind == QueryTerm::Kind::prefix) {
        const auto [first, last] = lexicon.terms().prefix_range(term.prefix);
        for (auto id = first; id < last; ++id) ids.push_back(id);
    } else {
        for (const auto& form : term.slots[0])
            if (const auto id = lexicon.terms().find(form)) ids.push_back(*id);
    }
    return ids;
}

// Start positions of a term's occurrences in a segment (a phrase is the positions where it starts).
std::vector<std::uint32_t> term_positions(const Segment& segment, const BoundTerm& term) {
    if (term.kind == QueryTerm::Kind::prefix) {
        const auto& lexicon = segment.lexicon(term.attribute);
        const auto [first, last] = lexicon.terms().prefix_range(term.prefix);
        std::vector<std::vector<std::uint32_t>> lists;
        for (auto id = first; id < last; ++id) {
            auto cursor = segment.postings(term.attribute, id);
            std::vector<std::uint32_t> positions;
            positions.reserve(cursor.size());
            cursor.drain(positions);
            lists.push_back(std::move(positions));
        }
        return merge_lists(std::move(lists));
    }
    if (term.slots.size() == 1) return positions_of_forms(segment, term.attribute, term.slots[0]);
    std::vector<std::vector<std::uint32_t>> slots;
    std::size_t rarest = 0;
    for (std::size_t i = 0; i < term.slots.size(); ++i) {
        slots.push_back(positions_of_forms(segment, term.attribute, term.slots[i]));
        if (slots.back().empty()) return {};
        if (slots[i].size() < slots[rarest].size()) rarest = i;
    }
    std::vector<std::uint32_t> starts;
    std::vector<std::size_t> at(slots.size(), 0);
    for (const auto p : slots[rarest]) {
        if (p < rarest) continue;
        const std::uint32_t start = p - static_cast<std::uint32_t>(rarest);
        bool all = true;
        for (std::size_t i = 0; i < slots.size() && all; ++i) {
            if (i == rarest) continue;
            const auto& list = slots[i];
            const std::uint32_t want = start + static_cast<std::uint32_t>(i);
            // Forward from the last place (starts only grow): a few steps first, since in a frequent phrase
            // the next occurrence is usually a few entries on, then galloping.
            auto& next = at[i];
            for (int n = 0; n < 4 && next < list.size() && list[next] < want; ++n) ++next;
            if (next < list.size() && list[next] < want) next = gallop(list, next, want);
            all = next < list.size() && list[next] == want;
        }
        if (all) starts.push_back(start);
    }
    return starts;
}

// Whether a term's unit lists come from the index's per-turn frequencies (else from its positions).
bool reads_turn_frequencies(const Segment& segment, const BoundTerm& term) {
    return term.kind != QueryTerm::Kind::phrase && term.attribute != Attribute::word && segment.has_turn_frequencies();
}

double score_of(double idf, double k1, float weight) { return idf * (k1 + 1) * weight / (k1 + weight); }

// The threshold that pruning compares bounds with. Bounds are sums in another order than the scores they
// bound: a unit that ties the threshold (and would win on date) must not be lost to rounding, so pruning
// keeps a relative margin.
double pruning_threshold(double threshold) { return threshold - 1e-9 * std::abs(threshold); }

// A weight below which score_of(idf, k1, weight) < need for certain (score_of rises with the weight): the
// exact inverse less a margin far wider than the rounding of either side; 0 when every weight may reach.
float weight_floor(double idf, double k1, double need) {
    if (need <= 0 || idf <= 0 || k1 <= 0) return 0;
    const double top = idf * (k1 + 1);  // what score_of tends to
    if (need > top * (1 + 1e-9)) return std::numeric_limits<float>::infinity();
    if (need > top * (1 - 1e-9)) return 0;
    return static_cast<float>(need * k1 / (top - need) * (1 - 1e-6));
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
    std::shared_ptr<SearchTables> tables;
    std::vector<std::vector<float>> inverse_norms;  // per segment: turn_inverse_norm of every turn, for
    std::vector<double> inverse_norm_b;              // the b of the same segment
    UnitStatistics statistics[3];
    std::vector<std::unordered_map<std::string, std::unique_ptr<UnitPostings>>> cache;
    std::size_t cache_bytes = 0;
    static constexpr std::size_t kCacheBudget = std::size_t{1} << 30;

    Impl(const index::Index& idx, std::shared_ptr<SearchTables> shared)
        : index(idx), tables(shared ? std::move(shared) : make_search_tables(idx)) {
        std::set<std::string> seen;
        for (const auto& segment : index.segments())
            for (const auto& language : segment->languages()) seen.insert(language);
        languages.assign(seen.begin(), seen.end());
        cache.resize(index.segments().size());
        inverse_norms.resize(index.segments().size());
        inverse_norm_b.assign(index.segments().size(), -1);
    }

    const SegmentTables& segment_tables(std::size_t s) { return tables->at(s); }

    const UnitStatistics& unit_statistics(Unit unit) {
        auto& stats = statistics[static_cast<int>(unit)];
        if (stats.ready) return stats;
        double sums[2] = {0, 0};
        for (std::size_t s = 0; s < index.segments().size(); ++s) {
            const auto& table = segment_tables(s).units[static_cast<int>(unit)];
            for (std::size_t u = 0; u < table.live.size(); ++u) {
                if (!table.live[u]) continue;
                ++stats.count;
                for (int f = 0; f < 2; ++f)
                    if (!table.length[f].empty()) sums[f] += table.length[f][u];
            }
        }
        for (int f = 0; f < 2; ++f) stats.average_length[f] = stats.count > 0 ? sums[f] / static_cast<double>(stats.count) : 0;
        stats.ready = true;
        return stats;
    }

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

    // 1 / (1 - b + b * length / average length) of a turn of `length` tokens, as a float: the factor that
    // turns a frequency into a BM25 pseudo-frequency (for blocks of `turns.blk`, at their impact points).
    float turn_inverse_norm(std::uint32_t length, double b) {
        const double avg = unit_statistics(Unit::turn).average_length[0];
        return static_cast<float>(avg > 0 ? 1 / (1 - b + b * length / avg) : 1);
    }
    // turn_inverse_norm of every turn of segment s, computed once per b.
    const std::vector<float>& turn_inverse_norms(std::size_t s, double b) {
        auto& norms = inverse_norms[s];
        if (inverse_norm_b[s] != b) {
            const auto& lengths = segment_tables(s).units[static_cast<int>(Unit::turn)].length[0];
            norms.resize(lengths.size());
            for (std::size_t t = 0; t < lengths.size(); ++t) norms[t] = turn_inverse_norm(lengths[t], b);
            inverse_norm_b[s] = b;
        }
        return norms;
    }

    const UnitPostings& unit_postings(std::size_t s, const BoundTerm& term, const SearchOptions& options) {
        auto& slot = cache[s][term.key];
        if (!slot) {
            slot = build_unit_postings(s, term, options);
            cache_bytes += slot->bytes();
        }
        return *slot;
    }

    // A term's unit list in segment s. With `within` (turns only, and a term read from positions), the list
    // holds only the turns of those ranges, and `live_turns` receives the number of live turns of the whole
    // segment that hold the term in its fields: the term's document frequency there, which the list's
    // live_units no longer is.
    std::unique_ptr<UnitPostings> build_unit_postings(std::size_t s, const BoundTerm& term, const SearchOptions& options,
                                                      const TurnRanges* within = nullptr, std::uint64_t* live_turns = nullptr) {
        const auto& segment = *index.segments()[s];
        const auto& tables = segment_tables(s);
        const auto& unit_table = tables.units[static_cast<int>(options.unit)];
        const auto& stats = unit_statistics(options.unit);
        auto list = std::make_unique<UnitPostings>();
        list->attribute = term.attribute;
        const std::size_t turn_count = tables.turn_field.size();
        std::vector<std::uint32_t> frequencies[2];
        // Adds `count` occurrences in turn t (and `position` to the unit's positions unless kNone).
        auto add = [&](std::size_t t, std::uint32_t count, std::uint32_t position) {
            const auto field = tables.turn_field[t];
            if ((field & term.fields) == 0) return;
            std::uint32_t unit = static_cast<std::uint32_t>(t);
            int f = 0;
            if (options.unit == Unit::exchange) {
                unit = tables.turn_exchange[t];
                if (unit == kNone || (field != kQuestionField && field != kAnswerField)) return;
                f = field == kQuestionField ? 0 : 1;
            } else if (options.unit == Unit::event) {
                unit = tables.turn_event[t];
            }
            if (list->units.empty() || list->units.back() != unit) {
                list->units.push_back(unit);
                if (position != kNone) list->position_begin.push_back(static_cast<std::uint32_t>(list->positions.size()));
                frequencies[0].push_back(0);
                frequencies[1].push_back(0);
            }
            frequencies[f].back() += count;
            if (position != kNone) list->positions.push_back(position);
        };
        const bool from_turn_lists = reads_turn_frequencies(segment, term);
        if (from_turn_lists && options.unit == Unit::turn) {
            // The common case, kept tight: turns straight from `turns.tf`, weights from the cached norms.
            const auto& inverse_norm = turn_inverse_norms(s, options.ranking.b);
            list->has_positions = false;
            list->terms = term_ids(segment, term);
            // Every turn is in one of the fields: an unscoped term reads no field (nor, without deleted
            // events, liveness) per entry.
            const bool any_field = term.fields == kAnyField;
            auto add_unit = [&](std::size_t i, std::uint32_t t, std::uint32_t tf) {
                const float weight = static_cast<float>(tf) * inverse_norm[t];
                list->units[i] = t;
                list->weight[i] = weight;
                auto& block = list->block_max[i / UnitPostings::kBlock];
                block = std::max(block, weight);
                if (tables.every_unit_live || unit_table.live[t]) {
                    ++list->live_units;
                    list->max_weight = std::max(list->max_weight, weight);
                }
            };
            if (list->terms.size() == 1 && any_field) {
                // One form, every field: the list is already the units' list, in order.
                index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, list->terms[0]));
                list->units.resize(reader.size());
                list->weight.resize(reader.size());
                list->block_max.assign((reader.size() + UnitPostings::kBlock - 1) / UnitPostings::kBlock, 0.0F);
                std::size_t n = 0;
                std::uint32_t t = 0, tf = 0;
                while (reader.next(t, tf))
                    if (t < turn_count) add_unit(n++, t, tf);
                list->units.resize(n);
                list->weight.resize(n);
                list->block_max.resize((n + UnitPostings::kBlock - 1) / UnitPostings::kBlock);
                return list;
            }
            std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
            for (const auto id : list->terms) {
                index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, id));
                pairs.reserve(pairs.size() + reader.size());
                std::uint32_t t = 0, tf = 0;
                while (reader.next(t, tf))
                    if (t < turn_count && (any_field || (tables.turn_field[t] & term.fields) != 0)) pairs.emplace_back(t, tf);
            }
            if (list->terms.size() > 1) {
                std::sort(pairs.begin(), pairs.end());
                std::size_t out = 0;
                for (std::size_t i = 0; i < pairs.size(); ++i) {
                    if (out > 0 && pairs[out - 1].first == pairs[i].first) pairs[out - 1].second += pairs[i].second;
                    else pairs[out++] = pairs[i];
                }
                pairs.resize(out);
            }
            list->units.resize(pairs.size());
            list->weight.resize(pairs.size());
            list->block_max.assign((pairs.size() + UnitPostings::kBlock - 1) / UnitPostings::kBlock, 0.0F);
            for (std::size_t i = 0; i < pairs.size(); ++i) add_unit(i, pairs[i].first, pairs[i].second);
            return list;
        }
        if (from_turn_lists) {
            list->has_positions = false;
            list->terms = term_ids(segment, term);
            std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
            std::uint32_t t = 0, tf = 0;
            if (list->terms.size() == 1) {
                index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, list->terms[0]));
                while (reader.next(t, tf))
                    if (t < turn_count) add(t, tf, kNone);
            } else {
                for (const auto id : list->terms) {
                    index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, id));
                    while (reader.next(t, tf)) pairs.emplace_back(t, tf);
                }
                std::sort(pairs.begin(), pairs.end());
                for (std::size_t i = 0; i < pairs.size();) {
                    std::uint32_t sum = 0;
                    std::size_t j = i;
                    for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j) sum += pairs[j].second;
                    if (pairs[i].first < turn_count) add(pairs[i].first, sum, kNone);
                    i = j;
                }
            }
        } else {
            const auto positions = term_positions(segment, term);
            std::size_t t = 0, counted = SIZE_MAX, range = 0;
            for (const auto p : positions) {
                if (turn_count == 0 || p < tables.turn_starts[0]) continue;
                // The turn of p: the last start at or before it, galloping on from the previous one (positions
                // rise; most lie a few turns on).
                if (p >= tables.turn_starts[t + 1]) t = std::min(gallop(tables.turn_starts, t + 1, p + 1), turn_count) - 1;
                if (p + term.length > tables.turn_starts[t + 1]) continue;  // a phrase may not cross turns
                if (live_turns != nullptr && t != counted) {
                    counted = t;
                    if ((term.fields == kAnyField || (tables.turn_field[t] & term.fields) != 0) && (tables.every_unit_live || unit_table.live[t]))
                        ++*live_turns;
                }
                if (within != nullptr) {
                    while (range < within->size() && (*within)[range].second <= t) ++range;
                    if (range == within->size() || (*within)[range].first > t) continue;
                }
                add(t, 1, p);
            }
            list->position_begin.push_back(static_cast<std::uint32_t>(list->positions.size()));
        }
        const auto& r = options.ranking;
        list->weight.resize(list->units.size());
        for (std::size_t i = 0; i < list->units.size(); ++i) {
            const auto u = list->units[i];
            float weight = 0;
            if (options.unit == Unit::exchange) {
                const double weights[2] = {r.question_weight, r.answer_weight};
                double w = 0;
                for (int f = 0; f < 2; ++f) {
                    if (frequencies[f][i] == 0) continue;
                    const double avg = stats.average_length[f];
                    const double norm = avg > 0 ? 1 - r.b + r.b * unit_table.length[f][u] / avg : 1;
                    w += weights[f] * frequencies[f][i] / norm;
                }
                weight = static_cast<float>(w);
            } else {
                const double avg = stats.average_length[0];
                const double norm = avg > 0 ? 1 - r.b + r.b * unit_table.length[0][u] / avg : 1;
                weight = static_cast<float>(frequencies[0][i] / norm);
            }
            list->weight[i] = weight;
            if (i % UnitPostings::kBlock == 0) list->block_max.push_back(0);
            list->block_max.back() = std::max(list->block_max.back(), weight);
            if (unit_table.live[u]) {
                ++list->live_units;
                list->max_weight = std::max(list->max_weight, weight);
            }
        }
        return list;
    }

    // Token range of unit u of segment s.
    std::pair<std::uint32_t, std::uint32_t> unit_range(std::size_t s, Unit unit, std::uint32_t u) {
        const auto& segment = *index.segments()[s];
        if (unit == Unit::turn) {
            const auto& starts = segment_tables(s).turn_starts;
            return {starts[u], starts[u + 1]};
        }
        const auto& regions = segment.regions(unit == Unit::exchange ? Structure::exchange : Structure::event);
        return {regions.start(u), regions.end(u)};
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
                             Accepted&& accepted, const std::vector<std::pair<std::string, FacetKind>>& facet_kinds,
                             FacetCounts& facet_counts, const std::vector<std::pair<std::uint32_t, std::uint32_t>>* accepted_ranges) {
        // With `accepted_ranges` (the only turns the filters accept, sorted [first, end) ranges), a block whose
        // turns miss every range is neither scored nor counted.
        auto may_hold_accepted = [&](std::uint32_t first, std::uint32_t last) {
            if (accepted_ranges == nullptr) return true;
            const auto after = std::upper_bound(accepted_ranges->begin(), accepted_ranges->end(), last,
                                                [](std::uint32_t turn, const auto& range) { return turn < range.first; });
            return after != accepted_ranges->begin() && std::prev(after)->second > first;
        };
        const auto& inverse_norm = turn_inverse_norms(s, ranking.b);
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
                    bound = std::max(bound, static_cast<float>(frequency) * turn_inverse_norm(length, ranking.b));
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
                            unit_positions(s, Unit::turn, single, 0, kAnyField, match_positions[m], &proximity_cursors[matches[m].leaf]);
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
        if (!filtered && facet_kinds.empty()) {
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
        count_facets(s, Unit::turn, members, facet_kinds, facet_counts);
        return true;
    }

    // Facets: exact counts over the matching units of segment s (sorted), added to `counts`, per value id of
    // the unit's columns and per event for event attributes, in one pass over the units (for turns, through
    // the segment's rows of turn value ids, so a unit costs one cache line whatever the number of facets).
    void count_facets(std::size_t s, Unit unit, const std::vector<std::uint32_t>& matched,
                      const std::vector<std::pair<std::string, FacetKind>>& facet_kinds, FacetCounts& facet_counts) {
        if (facet_kinds.empty()) return;
        const auto& segment = *index.segments()[s];
        const auto& unit_table = segment_tables(s).units[static_cast<int>(unit)];
        const auto& events = segment.regions(Structure::event);
        const bool is_turn = unit == Unit::turn;
        struct UnitFacet {
            std::size_t facet;
            const index::RegionColumn* column;
            std::size_t slot;  // in TurnFacetRow::ids
        };
        std::vector<UnitFacet> unit_facets;
        bool event_facets = false;
        for (std::size_t f = 0; f < facet_kinds.size(); ++f) {
            const auto kind = facet_kinds[f].second;
            if (kind > FacetKind::kind) {
                event_facets = true;
                continue;
            }
            const auto slot = static_cast<std::size_t>(kind);  // speaker, outlet, role, kind: kTurnFacetColumns' order
            const char* name = nullptr;
            if (is_turn) name = kTurnFacetColumns[slot];
            else name = kind == FacetKind::speaker ? "answerer" : kind == FacetKind::outlet ? "asker_affiliation" : "answerer_role";
            const auto* column = segment.regions(is_turn ? Structure::turn : Structure::exchange).column(name);
            if (column == nullptr || column->numeric()) continue;
            unit_facets.push_back({f, column, slot});
            facet_scratch[f].assign(column->values().size() + 1, 0);  // last: damaged ids
        }
        auto& per_event = event_scratch;
        if (event_facets) per_event.assign(events.size(), 0);
        if (is_turn && !unit_facets.empty()) {
            const auto& rows = turn_facet_rows(s);
            // (Rows are fetched ahead, as `state` above.)
            for (std::size_t i = 0; i < matched.size(); ++i) {
                if (i + kAhead < matched.size()) __builtin_prefetch(&rows[matched[i + kAhead]]);
                const auto& row = rows[matched[i]];
                for (const auto& facet : unit_facets) {
                    auto& per_value = facet_scratch[facet.facet];
                    const auto id = row.ids[facet.slot];
                    ++per_value[id < per_value.size() - 1 ? id : per_value.size() - 1];
                }
                if (event_facets) ++per_event[row.event];
            }
        } else {
            for (const auto& facet : unit_facets) {
                auto& per_value = facet_scratch[facet.facet];
                for (const auto u : matched) ++per_value[value_index(*facet.column, u, per_value.size() - 1)];
            }
            if (event_facets)
                for (const auto u : matched) ++per_event[unit_table.event[u]];
        }
        for (const auto& facet : unit_facets) {
            const auto& per_value = facet_scratch[facet.facet];
            auto& counts = facet_counts[facet.facet];
            for (std::uint32_t v = 0; v + 1 < per_value.size(); ++v)
                if (per_value[v] > 0) {
                    const auto value = facet.column->values().at(v);
                    counts[value.empty() ? "(none)" : value] += per_value[v];
                }
        }
        // Event attributes: counts per event become counts per value id of the event's column, then per
        // key; a column's values are sorted, so the values that share a key (a year, a month) are adjacent
        // and each key is counted once per segment.
        for (std::size_t f = 0; f < facet_kinds.size() && event_facets; ++f) {
            const auto kind = facet_kinds[f].second;
            if (kind <= FacetKind::kind) continue;
            auto& counts = facet_counts[f];
            const auto* column = events.column(kind == FacetKind::event ? "id" : kind == FacetKind::language ? "language" : "date");
            const bool strings = column != nullptr && !column->numeric();
            if (kind == FacetKind::event) {
                for (std::size_t e = 0; e < per_event.size(); ++e)
                    if (per_event[e] > 0) counts[strings ? column->string(e) : std::string_view{}] += per_event[e];
                continue;
            }
            const std::size_t value_count = strings ? column->values().size() : 0;
            auto& per_value = value_scratch;
            per_value.assign(value_count + 1, 0);  // last: no value (damaged ids, or no column)
            for (std::size_t e = 0; e < per_event.size(); ++e)
                if (per_event[e] > 0) per_value[strings ? value_index(*column, e, value_count) : value_count] += per_event[e];
            const std::size_t length = kind == FacetKind::day ? 10 : kind == FacetKind::month ? 7 : 4;
            auto key_of = [&](std::size_t v) -> std::string_view {
                const auto value = v < value_count ? column->values().at(v) : std::string_view{};
                if (kind == FacetKind::language) return value.empty() ? "(none)" : value;
                return value.size() >= length ? value.substr(0, length) : "(unknown)";
            };
            std::string_view run_key;
            std::uint64_t run_count = 0;
            for (std::size_t v = 0; v < per_value.size(); ++v) {
                if (per_value[v] == 0) continue;
                const auto key = key_of(v);
                if (run_count > 0 && key != run_key) {
                    counts[run_key] += run_count;
                    run_count = 0;
                }
                run_key = key;
                run_count += per_value[v];
            }
            if (run_count > 0) counts[run_key] += run_count;
        }
    }

    void unit_positions(std::size_t s, Unit unit, const UnitPostings& list, std::size_t entry, std::uint8_t fields,
                        std::vector<std::uint32_t>& out, std::vector<index::PostingCursor>* cursors = nullptr) {
        out.clear();
        if (list.has_positions) {
            out.assign(list.positions.begin() + list.position_begin[entry], list.positions.begin() + list.position_begin[entry + 1]);
            return;
        }
        const auto& segment = *index.segments()[s];
        const auto& tables = segment_tables(s);
        const auto [begin, end] = unit_range(s, unit, list.units[entry]);
        std::vector<index::PostingCursor> local;
        if (cursors == nullptr) cursors = &local;
        if (cursors->empty())
            for (const auto id : list.terms) cursors->push_back(segment.postings(list.attribute, id));
        for (auto& cursor : *cursors) {
            for (cursor.seek(begin); cursor.valid() && cursor.value() < end; cursor.next()) {
                const auto p = cursor.value();
                if (fields != kAnyField || unit == Unit::exchange) {
                    const auto t = static_cast<std::size_t>(std::upper_bound(tables.turn_starts.begin(), tables.turn_starts.end() - 1, p) -
                                                            tables.turn_starts.begin()) - 1;
                    const auto field = tables.turn_field[t];
                    if ((field & fields) == 0) continue;
                    if (unit == Unit::exchange && field != kQuestionField && field != kAnswerField) continue;
                }
                out.push_back(p);
            }
        }
        if (list.terms.size() > 1) std::sort(out.begin(), out.end());
    }

    // Value ids of the turn columns that facets count (kTurnFacetColumns' order; UINT32_MAX when a column
    // is absent) and the turn's event, per turn of segment s; built on first use.
    const std::vector<TurnFacetRow>& turn_facet_rows(std::size_t s) {
        const auto& tables = segment_tables(s);
        std::call_once(tables.facet_rows_built, [&] {
            const auto& turns = index.segments()[s]->regions(Structure::turn);
            const index::RegionColumn* columns[4];
            for (std::size_t c = 0; c < 4; ++c) {
                columns[c] = turns.column(kTurnFacetColumns[c]);
                if (columns[c] != nullptr && columns[c]->numeric()) columns[c] = nullptr;
            }
            tables.turn_facet_rows.resize(tables.turn_event.size());
            for (std::size_t t = 0; t < tables.turn_facet_rows.size(); ++t) {
                auto& row = tables.turn_facet_rows[t];
                for (std::size_t c = 0; c < 4; ++c) row.ids[c] = columns[c] != nullptr ? columns[c]->id(t) : UINT32_MAX;
                row.event = tables.turn_event[t];
            }
        });
        return tables.turn_facet_rows;
    }

    Result<SearchResult> search(std::string_view text, const SearchOptions& options);

    // Per-search buffers, kept to spare an allocation of the size of a segment's units on every search.
    std::vector<std::uint16_t> state_scratch;
    std::vector<std::uint32_t> matched_scratch;
    std::vector<std::vector<std::uint64_t>> facet_scratch;  // per facet: hits per value id
    std::vector<std::uint64_t> event_scratch;                // hits per event
    std::vector<std::uint64_t> value_scratch;                // hits per value id of an event column
    std::vector<std::uint64_t> union_scratch;                // a bit per unit
    // score_blocked_words' window of turns: per slot the essential lists' score sum, which lists hold
    // the turn (a bit each) and, per list, its weight there.
    static constexpr std::uint32_t kWindow = 2048;
    std::vector<double> window_scores;
    std::vector<std::uint64_t> window_lists;
    std::vector<float> window_weights;
};

namespace {

// Case-insensitive matching of filter values against a string column's distinct values.
class ValueMatcher {
public:
    ValueMatcher(text::Analyzer& analyzer, const std::vector<std::string>& wanted, bool substring)
        : analyzer_(analyzer), substring_(substring) {
        for (const auto& w : wanted) wanted_.push_back(analyzer.lower(w));
    }
    [[nodiscard]] bool empty() const { return wanted_.empty(); }
    [[nodiscard]] std::vector<std::uint8_t> table(const index::RegionColumn* column) const {
        std::vector<std::uint8_t> ok;
        if (column == nullptr || column->numeric()) return ok;
        ok.resize(column->values().size());
        for (std::uint32_t v = 0; v < ok.size(); ++v) ok[v] = matches(column->values().at(v));
        return ok;
    }
    [[nodiscard]] bool matches(std::string_view value) const {
        const auto lower = analyzer_.lower(value);
        for (const auto& w : wanted_)
            if (substring_ ? lower.find(w) != std::string::npos : lower == w) return true;
        return false;
    }

private:
    text::Analyzer& analyzer_;
    bool substring_;
    std::vector<std::string> wanted_;
};

struct ColumnFilter {
    Structure structure;
    std::string column;
    ValueMatcher matcher;
    bool negate = false;
};

// A search's filters in one segment: per filtered column, a table over its distinct values, so that a unit
// costs a value-id read per filter.
class SegmentFilter {
public:
    SegmentFilter(const std::vector<ColumnFilter>& filters, const SearchOptions& options, const Segment& segment,
                  const SegmentTables& tables, Unit unit)
        : unit_table_(tables.units[static_cast<int>(unit)]), every_unit_live_(tables.every_unit_live),
          by_date_(!options.from.empty() || !options.to.empty()) {
        const auto& events = segment.regions(Structure::event);
        dates_ = events.column("date");
        // A column's values are sorted, so the accepted dates are one range of value ids: from the first not
        // before `from` to the last that is at most `to` or starts with it (those follow `to` directly); the
        // empty date, if any, sorts first and is never accepted.
        if (by_date_ && dates_ != nullptr && !dates_->numeric()) {
            const auto& values = dates_->values();
            date_ok_.assign(values.size(), 0);
            std::uint32_t first = options.from.empty() ? 0 : values.lower_bound(options.from);
            if (first < values.size() && values.at(first).empty()) ++first;
            const std::uint32_t last = options.to.empty() ? values.size() : values.prefix_range(options.to).second;
            if (first < last) std::fill(date_ok_.begin() + first, date_ok_.begin() + last, 1);
        }
        for (const auto& filter : filters) {
            const auto& regions = segment.regions(filter.structure);
            Table table;
            table.by_event = filter.structure == Structure::event;
            table.negate = filter.negate;
            if (filter.column == "asker|answerer") table.columns = {regions.column("asker"), regions.column("answerer")};
            else table.columns = {regions.column(filter.column)};
            for (const auto* column : table.columns) table.ok.push_back(filter.matcher.table(column));
            tables_.push_back(std::move(table));
        }
    }

    // Any filter at all (units that are not accepted may then match the query).
    [[nodiscard]] bool active() const { return by_date_ || !tables_.empty(); }
    // Every filter tests the unit's event alone (date, event, language, organiser).
    [[nodiscard]] bool by_events() const {
        return active() && std::all_of(tables_.begin(), tables_.end(), [](const Table& t) { return t.by_event; });
    }

    [[nodiscard]] bool accepts(std::uint32_t u) const {
        if (!every_unit_live_ && !unit_table_.live[u]) return false;
        return accepts(u, unit_table_.event[u]);
    }

    // For turns under filters by_events(): the accepted turns, as sorted [first, end) ranges (an event's
    // turns are contiguous, so whole events are accepted or not).
    [[nodiscard]] TurnRanges accepted_turn_ranges(const SegmentTables& tables) const {
        TurnRanges ranges;
        for (std::uint32_t e = 0; e + 1 < tables.event_first_turn.size(); ++e) {
            const auto first = tables.event_first_turn[e], end = tables.event_first_turn[e + 1];
            if (first >= end || (!every_unit_live_ && !unit_table_.live[first]) || !accepts(first, e)) continue;
            if (!ranges.empty() && ranges.back().second == first) ranges.back().second = end;
            else ranges.emplace_back(first, end);
        }
        return ranges;
    }

private:
    // Whether live unit u of event `event` passes the filters.
    [[nodiscard]] bool accepts(std::uint32_t u, std::uint32_t event) const {
        if (by_date_) {
            const auto d = date_ok_.empty() ? 0 : value_index(*dates_, event, date_ok_.size());
            if (d >= date_ok_.size() || !date_ok_[d]) return false;
        }
        for (const auto& table : tables_) {
            const std::uint64_t region = table.by_event ? event : u;
            bool any = false;
            for (std::size_t c = 0; c < table.columns.size(); ++c)
                if (!table.ok[c].empty()) {
                    const auto v = value_index(*table.columns[c], region, table.ok[c].size());
                    any = any || (v < table.ok[c].size() && table.ok[c][v]);
                }
            if (any == table.negate) return false;
        }
        return true;
    }

    struct Table {
        bool by_event = false;
        bool negate = false;
        std::vector<const index::RegionColumn*> columns;
        std::vector<std::vector<std::uint8_t>> ok;
    };
    const SegmentTables::UnitTable& unit_table_;
    bool every_unit_live_;
    bool by_date_;
    const index::RegionColumn* dates_ = nullptr;
    std::vector<std::uint8_t> date_ok_;
    std::vector<Table> tables_;
};

std::string_view column_string(const index::Regions& regions, std::string_view name, std::uint64_t region) {
    const auto* column = regions.column(name);
    if (column == nullptr || column->numeric() || region >= regions.size()) return {};
    return column->string(region);
}

}  // namespace

Result<SearchResult> Searcher::Impl::search(std::string_view text, const SearchOptions& options) {
    auto parsed = parse_query(text);
    if (!parsed) return parsed.error();
    if (cache_bytes > kCacheBudget) {
        for (auto& c : cache) c.clear();
        cache_bytes = 0;
    }
    const auto unit = options.unit;
    const auto& ranking = options.ranking;

    // Filters, as tests on the columns of turns, exchanges or events.
    std::vector<ColumnFilter> filters;
    const bool is_turn = unit == Unit::turn;
    auto add_filter = [&](std::string_view name, const std::vector<std::string>& values, bool substring,
                          bool negate) -> std::optional<Error> {
        if (values.empty()) return std::nullopt;
        if (name == "speaker" || name == "outlet" || name == "role" || name == "kind") {
            if (unit == Unit::event) return error("the " + std::string(name) + " filter does not apply to --unit event");
            if (name == "kind" && !is_turn) return error("the kind filter applies to --unit turn only");
            if (is_turn) {
                filters.push_back({Structure::turn, name == "outlet" ? "affiliation" : std::string(name),
                                   ValueMatcher(analyzer, values, substring), negate});
            } else if (name == "speaker") {
                // Either side of the exchange: one filter whose column is resolved below.
                filters.push_back({Structure::exchange, "asker|answerer", ValueMatcher(analyzer, values, substring), negate});
            } else {
                filters.push_back({Structure::exchange, name == "outlet" ? "asker_affiliation" : "answerer_role",
                                   ValueMatcher(analyzer, values, substring), negate});
            }
            return std::nullopt;
        }
        filters.push_back({Structure::event, std::string(name), ValueMatcher(analyzer, values, substring), negate});
        return std::nullopt;
    };
    std::optional<Error> problem;
    auto check = [&](std::optional<Error> e) {
        if (e && !problem) problem = std::move(e);
    };
    check(add_filter("speaker", options.speakers, true, false));
    check(add_filter("outlet", options.outlets, true, false));
    check(add_filter("role", options.roles, false, false));
    check(add_filter("kind", options.kinds, false, false));
    check(add_filter("id", options.events, false, false));
    check(add_filter("language", options.languages, false, false));
    check(add_filter("organiser", options.organisers, true, false));
    for (const auto& f : parsed->filters)
        check(add_filter(f.field == MetadataFilter::Field::speaker ? "speaker" : "outlet", {f.value}, true, f.excluded));
    if (problem) return *problem;
    const bool date_filter = !options.from.empty() || !options.to.empty();

    // Unit attributes first (up to kind), then event attributes.
    std::vector<std::pair<std::string, FacetKind>> facet_kinds;
    for (const auto& name : options.facets) {
        static const std::pair<std::string_view, FacetKind> kNames[] = {
            {"speaker", FacetKind::speaker}, {"outlet", FacetKind::outlet}, {"role", FacetKind::role},
            {"kind", FacetKind::kind},       {"day", FacetKind::day},       {"month", FacetKind::month},
            {"year", FacetKind::year},       {"event", FacetKind::event},   {"language", FacetKind::language}};
        const auto found = std::find_if(std::begin(kNames), std::end(kNames), [&](const auto& n) { return n.first == name; });
        if (found == std::end(kNames))
            return error("unknown facet '" + name + "'; expected speaker, outlet, role, kind, day, month, year, event or language");
        if (unit == Unit::event && found->second <= FacetKind::kind)
            return error("the " + name + " facet does not apply to --unit event");
        if (unit == Unit::exchange && found->second == FacetKind::kind) return error("the kind facet applies to --unit turn only");
        facet_kinds.emplace_back(name, found->second);
    }

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
    const auto& stats = unit_statistics(unit);
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
    const bool filtered_or_faceted = !filters.empty() || date_filter || !facet_kinds.empty();
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
        if (!segment_filters[s]) segment_filters[s].emplace(filters, options, *index.segments()[s], segment_tables(s), unit);
        return *segment_filters[s];
    };
    // Filters on events alone accept a few ranges of turns. A term read from its positions (a phrase) and not
    // cached is then listed over the accepted turns only, its document frequency counted over the whole
    // segment on the way: the turns the filters reject are never weighed, marked or tested. Such lists are
    // the search's own (they depend on its filters) and are not cached.
    std::vector<std::optional<TurnRanges>> accepted_turns(segment_count);
    std::vector<std::unique_ptr<UnitPostings>> filtered_lists;
    auto lists_accepted_turns_only = [&](std::size_t s, const BoundTerm& term) {
        return unit == Unit::turn && !reads_turn_frequencies(*index.segments()[s], term) && !cache[s].contains(term.key) &&
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
                    filtered_lists.push_back(build_unit_postings(s, leaf.term, options, &*accepted_turns[s], &live_turns));
                    leaf.term.lists.push_back(filtered_lists.back().get());
                    df += live_turns;
                    continue;
                }
                leaf.term.lists.push_back(&unit_postings(s, leaf.term, options));
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
    FacetCounts facet_counts(facet_kinds.size());
    auto& state = state_scratch;
    auto& matched = matched_scratch;
    facet_scratch.resize(std::max(facet_scratch.size(), facet_kinds.size()));
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
            const auto& inverse_norm = turn_inverse_norms(s, ranking.b);
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
                    bound = std::max(bound, static_cast<float>(frequency) * turn_inverse_norm(length, ranking.b));
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
                                     filtered, accepted, facet_kinds, facet_counts, by_events ? &accepted_ranges : nullptr))
                return error("timed out");
            continue;
        }

        // The matching set: every positive clause satisfied (state counts them in order), no excluded term,
        // accepted. Members end with state == clause_count + 1.
        // The lists' units are sparse in `state`: each access is a cache miss, so the entries some units
        // ahead are fetched early and the misses overlap.
        matched.clear();
        // Listed for facets and the date order, and when filtered (few members may then be scored one by one).
        const bool list_members = !facet_kinds.empty() || by_date || filtered;
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

        count_facets(s, unit, matched, facet_kinds, facet_counts);
        if (members == 0 || k == 0) continue;

        // Newest first: when more than k units match, the k-th newest date of this segment's matching units
        // bounds the top k (at least k units are as new), so older units leave the set to score. Date value
        // ids are in the order of the ISO strings (a column's values are sorted).
        if (by_date && matched.size() > k && dates != nullptr && !dates->numeric()) {
            auto& per_date = event_scratch;
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
                    unit_positions(s, unit, *leaf.lists[s], matches[m].entry, leaf.fields, match_positions[m],
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

    for (std::size_t f = 0; f < facet_kinds.size(); ++f) {
        Facet facet;
        facet.name = facet_kinds[f].first;
        facet.distinct = facet_counts[f].size();
        std::vector<std::pair<std::string_view, std::uint64_t>> values(facet_counts[f].begin(), facet_counts[f].end());
        const auto shown = std::min<std::size_t>(values.size(), options.facet_limit);
        std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(shown), values.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        for (std::size_t v = 0; v < shown; ++v) facet.values.push_back({std::string(values[v].first), values[v].second});
        result.facets.push_back(std::move(facet));
    }

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
                unit_positions(c.segment, unit, list, entry, leaf.term.fields, positions);
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
                const auto [x_begin, x_end] = unit_range(c.segment, unit, c.unit);
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

void Searcher::clear_cache() {
    for (auto& c : impl_->cache) c.clear();
    impl_->cache_bytes = 0;
}

}  // namespace presser::search
