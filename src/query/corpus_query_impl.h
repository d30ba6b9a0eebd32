// CorpusQuery's state (corpus_query.h): the compiled query, the index and options, the term sets matched
// per segment, and the parallel evaluation over ranges of segments.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "query/compiled_query.h"
#include "query/corpus_query.h"
#include "query/term_sets.h"

namespace presser::query {

struct CorpusQuery::Impl : CompiledQuery {
    const index::Index* index = nullptr;
    QueryOptions options;
    // For each within clause, the query of `within (QUERY)` ready to run (null for a region).
    std::vector<std::shared_ptr<const Impl>> within_queries;

    static std::shared_ptr<Impl> make(CompiledQuery compiled, const index::Index& index, const QueryOptions& options);

    // The term set of a token test in a segment, matched over the lexicon once per query (a regex may
    // scan the whole lexicon): the ranges of a split segment and the planner's estimate share it.
    [[nodiscard]] std::shared_ptr<const TermSet> term_set(std::size_t segment, const CompiledPattern& pattern, index::Attribute attribute) const;
    mutable std::mutex term_sets_mutex;
    mutable std::map<std::tuple<std::size_t, const CompiledPattern*, index::Attribute>, std::shared_ptr<const TermSet>> term_sets;

    Result<bool> run_segment(std::size_t segment, const std::function<bool(const IndexHit&)>& sink, PlanInfo* plan,
                             std::uint64_t* counter = nullptr, std::uint32_t from = 0, std::uint32_t to = UINT32_MAX) const;
    // Every hit (or, with `count_only`, the number of hits) using up to `threads` threads: segments in
    // parallel, and large segments split into ranges of start positions.
    Result<std::pair<std::vector<IndexHit>, std::uint64_t>> collect(unsigned threads, bool count_only) const;

    // A range of start positions of one segment, evaluated by one task.
    struct Range {
        std::size_t segment;
        std::uint32_t from, to;
        bool whole;
    };
    // Segments, large ones split into ranges of a few million tokens so that one segment still keeps every
    // thread busy (unless `may_split` is false).
    // `threads` is lowered to 1 when the whole query is light (threads would cost more than they save).
    std::vector<Range> plan_ranges(unsigned& threads, bool may_split) const;
    // Runs task(worker, range index) for every range on up to `threads` threads; the first error wins.
    std::optional<Error> run_ranges(unsigned threads, std::size_t ranges,
                                    const std::function<Result<bool>(unsigned, std::size_t)>& task) const;
    // Whether every hit has the same length (so two ranges can never give hits with the same end).
    bool fixed_length() const;
};

}  // namespace presser::query
