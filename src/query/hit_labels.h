// Where the labels of a query's own pattern (`a:[...]`, `g:( ... )`) lie in its hits, for KWIC lines.
// Hits are (start, end) only: the evaluator keeps no label positions, so a hit's labels are found again
// afterwards, by exploring the pattern from the hit's start to its end (as the automaton plan does) and
// taking the first path, in the order of states, whose `::` constraints hold. That costs a page of lines
// a few explorations and the queries without labels nothing.
//
// Contract: for a hit of the query, labels() names each label the path bound, in the order the query
// defines them: a token label its token [pos, pos + 1), a group label the tokens of all its repetitions;
// a label the path left unbound (an optional token skipped, a group that matched no token) is absent.
// Positions are the segment's, as IndexHit::start and ::end. Labels inside a `containing` sub-pattern or
// a `within ( QUERY )` are not the hit's and are never given.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "query/corpus_query.h"

namespace presser::query {

namespace plan {
class SegmentRun;
}

struct LabelSpan {
    std::string name;
    std::uint32_t start = 0;
    std::uint32_t end = 0;  // exclusive
    auto operator<=>(const LabelSpan&) const = default;
};

// One per thread: keeps the last segment's compiled form.
class HitLabeler {
public:
    explicit HitLabeler(const CorpusQuery& query);
    ~HitLabeler();
    HitLabeler(const HitLabeler&) = delete;
    HitLabeler& operator=(const HitLabeler&) = delete;

    // Whether the query's pattern defines labels; when not, labels() is always empty.
    [[nodiscard]] bool any() const;
    [[nodiscard]] std::vector<LabelSpan> labels(const IndexHit& hit);

private:
    const CorpusQuery::Impl& query_;
    std::uint32_t segment_ = UINT32_MAX;
    std::unique_ptr<plan::SegmentRun> run_;
};

}  // namespace presser::query
