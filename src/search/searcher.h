// Ranked search over turns, exchanges or events of an index (docs/search.md).
//
//   presser::search::Searcher searcher(index);
//   auto result = searcher.search("sanctions OR embargo", {.unit = Unit::exchange, .limit = 10});
//
// Pipeline: the parsed query is bound to the index (Weight: forms of every term, index-wide BM25 statistics
// over live units), each segment is scored (per-unit term-frequency lists built from the positional
// postings, MaxScore over them), and one collector keeps the top k across segments. The matching set is
// computed exactly, so totals and facets are exact whatever the pruning skips.
//
// Contract:
//  * Deleted events are never returned nor counted.
//  * Scores: BM25 (k1 1.2, b 0.75) for turns and events, BM25F over the question and answer fields for
//    exchanges, plus a bounded proximity bonus; ties go to the newest date, then to index order.
//  * A search past SearchOptions::deadline returns the error "timed out", never a partial result.
//  * A Searcher caches per-segment tables and per-unit term lists; it is not thread-safe (one per thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/index.h"
#include "model/error.h"

namespace presser::search {

enum class Unit : std::uint8_t { turn, exchange, event };
enum class SortOrder : std::uint8_t { score, date };
[[nodiscard]] std::string_view to_string(Unit unit);

struct RankingParameters {
    double k1 = 1.2;
    double b = 0.75;
    double question_weight = 1.0;   // BM25F field weights (exchanges)
    double answer_weight = 1.0;
    // Bonus for two consecutive query terms found d tokens apart in a unit: weight * min(idf) / d.
    double proximity_weight = 0.5;
};

struct SearchOptions {
    Unit unit = Unit::turn;
    std::string from, to;  // ISO dates, compared as strings; `to` also admits dates it is a prefix of
    // Case-insensitive substrings (speaker, outlet, organiser) or exact values (role, kind, event, language);
    // several values of one filter are alternatives.
    std::vector<std::string> speakers, outlets, roles, kinds, events, languages, organisers;
    std::vector<std::string> facets;  // speaker, outlet, role, kind, day, month, year, event, language
    std::size_t facet_limit = 10;     // values shown per facet (counts are always exact)
    std::size_t limit = 20;
    SortOrder sort = SortOrder::score;
    bool exact_forms = false;  // match `lower` instead of `lemma`
    bool snippets = true;
    RankingParameters ranking;
    // Past it, search() stops and returns the error "timed out" (checked between segments and every few
    // thousand units, so it overruns by well under a millisecond).
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct MatchOffsets {
    std::uint32_t begin = 0, end = 0;  // in Snippet::text
    std::uint64_t source_begin = 0, source_end = 0;
};

struct Snippet {
    std::uint64_t paragraph = 0;  // segment-local paragraph number
    std::string text;             // the paragraph, or a window of it
    bool truncated_before = false, truncated_after = false;
    std::vector<MatchOffsets> matches;
};

struct Hit {
    double score = 0;
    std::size_t segment = 0;
    std::uint64_t unit = 0;  // segment-local region number of the unit
    std::string event_id, turn_id, exchange_id, date, speaker, role, kind, outlet, source, title;
    Snippet snippet;
    Snippet answer;  // exchanges: the opening paragraph of the answer, when the best paragraph is not it
    // Every occurrence of a query term in the unit as segment-local token positions [first, last], sorted
    // (filled with the snippets; the event reader highlights them).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> matched_spans;
};

struct FacetValue {
    std::string value;
    std::uint64_t count = 0;
};
struct Facet {
    std::string name;
    std::uint64_t distinct = 0;
    std::vector<FacetValue> values;  // most frequent first
};

struct SearchResult {
    std::uint64_t total = 0;   // exact number of matching units
    std::vector<Hit> hits;
    std::vector<Facet> facets;
    std::uint64_t scored = 0;  // units fully scored (the rest were skipped by MaxScore)
};

// What searches derive from each segment of an Index (turn boundaries, units' lengths and events, the
// value ids that facets count), built on a segment's first search and then only read. Searchers over one
// Index may share them (a server's pool: one copy in memory and in the caches instead of one per Searcher);
// sharing them is thread-safe.
class SearchTables;
[[nodiscard]] std::shared_ptr<SearchTables> make_search_tables(const index::Index& index);

class Searcher {
public:
    // `tables`: shared with other Searchers of the same Index, or null for tables of its own.
    explicit Searcher(const index::Index& index, std::shared_ptr<SearchTables> tables = nullptr);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    [[nodiscard]] Result<SearchResult> search(std::string_view query, const SearchOptions& options);
    void clear_cache();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace presser::search
