// CQL evaluated on a corpus index: compile a parsed query against an Index, then stream its hits in corpus
// order (segment by segment, by start), count them exactly, or stop early.
//
//   auto query = presser::query::CorpusQuery::compile(index, parsed.value(), options);
//   query->for_each([&](const IndexHit& hit) { ...; return keep_going; });
//
// Contract:
//  * The hits of every segment are exactly those the reference evaluator (reference_evaluator.h) gives on
//    that segment read as a MemoryCorpus (memory_view.h), with the same max_span and matching strategy;
//    segments are separate corpora (no hit crosses a segment), and no hit crosses an event. Deleted events are invisible: no hit touches one and no region
//    query returns one.
//  * Metadata filters (QueryOptions::filter) restrict the corpus to the turns and events that pass them:
//    they act as extra positive `within <turn .../>` / `within <event .../>` clauses.
//  * No caps: counts are exact. Work is checked against QueryOptions::cancel and ::deadline every few
//    thousand candidates; a cancelled or late evaluation returns an error ("cancelled", "timed out").
//  * A CorpusQuery is immutable after compile; for_each may run from several threads at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/index.h"
#include "model/error.h"
#include "query/cql_ast.h"
#include "query/matching_strategy.h"

namespace presser::query {

struct MetadataFilter {
    std::optional<std::string> date_from, date_to;  // ISO prefixes, inclusive: "2023", "2023-03", "2023-03-07"
    // Compared as the filter model says (index/filter_values.h): speaker, outlet (one of the turn's
    // affiliations), language and organiser whole and case-insensitive; role, kind and event id exact.
    std::optional<std::string> speaker, role, kind;  // turn attributes
    std::optional<std::string> outlet;               // one of the turn's affiliations
    std::optional<std::string> event, language;      // event id, event language
    std::optional<std::string> organiser;            // the event's organiser
    [[nodiscard]] bool empty() const {
        return !date_from && !date_to && !speaker && !role && !kind && !outlet && !event && !language && !organiser;
    }
};

// The machine's hardware threads (at least 1), the default for `threads = 0`. Asked once: each
// std::thread::hardware_concurrency() call reads a system file, which costs as much as a rare phrase query.
[[nodiscard]] unsigned hardware_threads();

struct QueryOptions {
    MetadataFilter filter;
    MatchingStrategy matching = MatchingStrategy::standard;
    std::uint32_t max_span = 500;  // CQP's hard boundary, as ReferenceOptions::max_span
    std::uint64_t split_tokens = 4u << 20;  // count()/all_hits() split segments into ranges of about this size
    const std::atomic<bool>* cancel = nullptr;
    std::optional<std::chrono::steady_clock::time_point> deadline;
    // Called at every check of the deadline, from any evaluation thread; an error stops the evaluation. The
    // server moves a request that has computed for long to its slow lane here (it may wait there).
    std::function<std::optional<Error>()> checkpoint;
    // The error (code cancelled or timed_out, or the checkpoint's) when the evaluation must stop now, else
    // none. Reads the clock: loops ask it every so many steps.
    [[nodiscard]] std::optional<Error> interruption() const;
};

struct IndexHit {
    std::uint32_t segment = 0;
    std::uint32_t start = 0;
    std::uint32_t end = 0;  // exclusive
    auto operator<=>(const IndexHit&) const = default;
};

// What the evaluator chose, for --explain and the benchmark.
struct PlanInfo {
    std::string strategy;           // "phrase", "gap", "automaton", "region", "postings count"
    std::uint64_t candidates = 0;   // start positions (or regions) examined
};

class HitLabeler;

class CorpusQuery {
public:
    [[nodiscard]] static Result<std::shared_ptr<const CorpusQuery>> compile(const index::Index& index, const cql::Query& query,
                                                                            const QueryOptions& options = {});
    ~CorpusQuery();

    // Calls `sink` for every hit in order until it returns false. Ok(true) when every hit was seen,
    // Ok(false) when the sink stopped it, an error when cancelled or past the deadline.
    [[nodiscard]] Result<bool> for_each(const std::function<bool(const IndexHit&)>& sink, PlanInfo* plan = nullptr) const;
    // Hits [offset, offset + limit) in order; the evaluation stops after the last of them.
    [[nodiscard]] Result<std::vector<IndexHit>> page(std::uint64_t offset, std::uint64_t limit) const;
    // The hits of one segment, in order.
    [[nodiscard]] Result<std::vector<IndexHit>> segment_hits(std::size_t segment, PlanInfo* plan = nullptr) const;
    // Exact number of hits (segments evaluated on up to `threads` threads; 0 = hardware concurrency).
    [[nodiscard]] Result<std::uint64_t> count(unsigned threads = 0) const;
    // Every hit, in order (segments evaluated on up to `threads` threads).
    [[nodiscard]] Result<std::vector<IndexHit>> all_hits(unsigned threads = 0) const;
    // Calls visit(worker, hit) for every hit that all_hits() gives, without keeping them, on up to `threads`
    // threads; `worker` (below the number returned) names the calling thread, so that each can keep its own
    // tallies. Hits come in order within a segment range, ranges and segments in any order.
    [[nodiscard]] Result<unsigned> for_each_parallel(unsigned threads,
                                                     const std::function<void(unsigned worker, const IndexHit&)>& visit) const;

    // When the query's hits in `segment` are exactly the positions of some terms, one token each (a single
    // plain token test: no region test, negation, label constraint, within clause or metadata filter, and
    // no deleted event in the segment): those terms as (attribute, term id) pairs. Otherwise nullopt.
    // Counts per region (group-by) can then be taken from the postings without evaluating the query.
    [[nodiscard]] std::optional<std::vector<std::pair<index::Attribute, std::uint32_t>>> bare_terms(std::size_t segment) const;
    [[nodiscard]] const QueryOptions& options() const;
    // The labels the query's own pattern defines (not those of a containing sub-pattern or a within query),
    // in the order of definition; none for a region query.
    [[nodiscard]] std::vector<std::string> label_names() const;

    [[nodiscard]] const index::Index& index() const;
    struct Impl;

private:
    friend class HitLabeler;  // hit_labels.h: runs the compiled pattern over one hit
    explicit CorpusQuery(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace presser::query
