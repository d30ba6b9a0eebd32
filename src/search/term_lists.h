// The unit lists of query terms: a term bound to the index (BoundTerm) and, per segment, its occurrences
// grouped by unit (turn, exchange or event) with their BM25(F) pseudo-frequencies (UnitPostings), which the
// scorers walk. TermLists builds them from the index's per-turn frequencies or positional postings, caches
// them per segment and term, and reads a unit's positions back for proximity and snippets.
//
// Contract: a list's units rise; weight[i] is the pseudo-frequency of units[i] under the options'
// ranking parameters; live_units and max_weight count only units of live events. Lists are cached until
// clear() or until the cache passes its budget (trim()); a Searcher's TermLists is not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "index/index.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "search/segment_tables.h"

namespace presser::search {

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
    index::Attribute attribute = index::Attribute::lower;
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
    index::Attribute attribute = index::Attribute::lemma;
    std::vector<std::vector<std::string>> slots;  // phrase tokens (one slot for a word), each with its forms
    std::string prefix;
    std::uint8_t fields = kAnyField;
    std::uint32_t length = 1;  // tokens covered by one occurrence
    std::string key;
    double idf = 0;
    std::vector<const UnitPostings*> lists;  // per segment
};

// A term of the query as a leaf of its clause.
struct Leaf {
    BoundTerm term;
    std::size_t clause;
};

// Turns as sorted [first, end) ranges.
using TurnRanges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Term ids of a word's forms or of a prefix's range in a segment.
[[nodiscard]] std::vector<std::uint32_t> term_ids(const index::Segment& segment, const BoundTerm& term);
// Start positions of a term's occurrences in a segment (a phrase is the positions where it starts).
[[nodiscard]] std::vector<std::uint32_t> term_positions(const index::Segment& segment, const BoundTerm& term);
// Whether a term's unit lists come from the index's per-turn frequencies (else from its positions).
[[nodiscard]] bool reads_turn_frequencies(const index::Segment& segment, const BoundTerm& term);

class TermLists {
public:
    // `tables`: shared with other Searchers of the same Index, or null for tables of its own.
    TermLists(const index::Index& index, std::shared_ptr<SearchTables> tables);

    [[nodiscard]] const index::Index& index() const { return index_; }
    [[nodiscard]] const index::Segment& segment(std::size_t s) const { return *index_.segments()[s]; }
    [[nodiscard]] const SegmentTables& segment_tables(std::size_t s) const { return tables_->at(s); }
    // Index-wide statistics of a unit type over live units, computed once.
    [[nodiscard]] const UnitStatistics& unit_statistics(Unit unit) {
        auto& stats = statistics_[static_cast<int>(unit)];
        if (!stats.ready) compute_statistics(unit, stats);
        return stats;
    }

    // 1 / (1 - b + b * length / average length) of a turn of `length` tokens, as a float: the factor that
    // turns a frequency into a BM25 pseudo-frequency (for blocks of `turns.blk`, at their impact points).
    [[nodiscard]] float turn_inverse_norm(std::uint32_t length, double b) {
        const double avg = unit_statistics(Unit::turn).average_length[0];
        return static_cast<float>(avg > 0 ? 1 / (1 - b + b * length / avg) : 1);
    }
    // turn_inverse_norm of every turn of segment s, computed once per b.
    [[nodiscard]] const std::vector<float>& turn_inverse_norms(std::size_t s, double b);

    // The term's list in segment s, from the cache or built into it.
    [[nodiscard]] const UnitPostings& unit_postings(std::size_t s, const BoundTerm& term, const SearchOptions& options);
    [[nodiscard]] bool cached(std::size_t s, const BoundTerm& term) const { return cache_[s].contains(term.key); }
    // A term's unit list in segment s, not cached. With `within` (turns only, and a term read from
    // positions), the list holds only the turns of those ranges, and `live_turns` receives the number of
    // live turns of the whole segment that hold the term in its fields: the term's document frequency
    // there, which the list's live_units no longer is.
    [[nodiscard]] std::unique_ptr<UnitPostings> build_unit_postings(std::size_t s, const BoundTerm& term, const SearchOptions& options,
                                                                    const TurnRanges* within = nullptr, std::uint64_t* live_turns = nullptr);

    // Token range of unit u of segment s.
    [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> unit_range(std::size_t s, Unit unit, std::uint32_t u) const;
    // Start positions of entry `entry` of a list, in the fields the term is scoped to, into `out`.
    // `cursors`, when given, are reused across calls for increasing units (the scorer's order), so each
    // list is decoded once per segment at most.
    void unit_positions(std::size_t s, Unit unit, const UnitPostings& list, std::size_t entry, std::uint8_t fields,
                        std::vector<std::uint32_t>& out, std::vector<index::PostingCursor>* cursors = nullptr) const;

    // Empties the cache once it holds more than its budget (call between searches, never during one).
    void trim();
    void clear();

private:
    void compute_statistics(Unit unit, UnitStatistics& stats) const;

    static constexpr std::size_t kCacheBudget = std::size_t{1} << 30;
    const index::Index& index_;
    std::shared_ptr<SearchTables> tables_;
    std::vector<std::vector<float>> inverse_norms_;  // per segment: turn_inverse_norm of every turn, for
    std::vector<double> inverse_norm_b_;              // the b of the same segment
    UnitStatistics statistics_[3];
    std::vector<std::unordered_map<std::string, std::unique_ptr<UnitPostings>>> cache_;
    std::size_t cache_bytes_ = 0;
};

}  // namespace presser::search
