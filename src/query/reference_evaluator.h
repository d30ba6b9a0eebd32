// A deliberately naive evaluator of CQL queries over a small in-memory corpus: the specification the
// index's optimised evaluator is tested against (docs/cql.md, "Matching semantics"). It tries every start
// position and explores every path through the query; only use it on corpora of a few thousand tokens.
//
// Semantics (CQP's `standard` matching strategy, made exact):
//  * A match of a pattern is a span [start, end) of at least one token that some path through the query
//    covers, with the `::` constraints true for that path's label positions.
//  * Step 1, at most one hit per start position: the shortest match from that start (CQP stops its
//    automaton at the first final state). A trailing optional element never lengthens a hit:
//    `[lower="dog"] [lower="barks"]?` on "big red dog barks" gives 2-3 only.
//  * Step 2 (after the within filters), at most one hit per end position: of the step-1 hits ending at the
//    same position, only the one starting first stays (CQP's RLeftMaximalMatches). So leading optional
//    elements are matched as far left as they reach: `[lower="big|red"]* [lower="dog"]` gives 0-3, not
//    also 1-3 and 2-3. Hits therefore have distinct starts and distinct ends. Region queries (<X/>) skip
//    this step: they return regions.
//  * Other strategies (MatchingStrategy): `shortest` keeps, of the step-1 hits ending at the same
//    position, the one starting last; `longest` takes the longest match from each start in step 1; `all`
//    gives every matching span (no step 1 choice, no step 2).
//  * No hit crosses an event boundary: a match never contains both a token of an `event` region and a
//    token outside it (the next start or end of an event after a hit's start bounds its end).
//  * Span limit: without a positive `within`, a match has at most ReferenceOptions::max_span tokens (CQP's
//    hard boundary; presser counts tokens). With `within X`, the match must end inside the X region that
//    contains its start, and there is no other limit. So `[]*` or `[]{5,}` never run away.
//  * `within X`: the hit lies inside one X region whose attributes match; `!within X`: inside none.
//    `<X/>`: the regions of X themselves; `<X/> containing Q`: those containing at least one match of Q
//    (searched inside the region only); `!containing`: those containing none.
//  * Region attributes of a token (`_.turn_kind`) are those of the region of that structure containing it;
//    a missing region or attribute reads as "". `<s>` holds where an s region starts, `</s>` where one ends.
//  * Labels take the position of the token they are on (the last one when inside a repetition); a
//    constraint on a label that the path did not bind is false.
//  * Regexes are RE2 full matches; %c compiles case-insensitively, %d strips diacritics (NFD, marks
//    removed, NFC) from both the regex and the value.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/error.h"
#include "query/cql_ast.h"
#include "query/matching_strategy.h"

namespace presser::query {

struct MemoryRegion {
    std::uint32_t start = 0;
    std::uint32_t end = 0;  // exclusive
    std::map<std::string, std::string> attributes;  // "speaker" -> "Qin Gang"
};

struct MemoryCorpus {
    std::vector<std::string> word, lower, lemma;  // one entry per token, all the same length
    std::map<std::string, std::vector<MemoryRegion>> regions;  // structure name -> regions sorted by start
    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(word.size()); }
};

struct Hit {
    std::uint32_t start = 0;
    std::uint32_t end = 0;  // exclusive
    auto operator<=>(const Hit&) const = default;
};

struct ReferenceOptions {
    std::uint32_t max_span = 500;     // CQP's default HardBoundary
    bool collapse_same_end = true;    // step 2; false gives the strategy's matches of every start
    MatchingStrategy matching = MatchingStrategy::standard;
};

// Hits sorted by start, at most one per start and one per end. Fails only for a regex that no longer compiles (e.g. after %d).
[[nodiscard]] Result<std::vector<Hit>> evaluate_reference(const cql::Query& query, const MemoryCorpus& corpus,
                                                          const ReferenceOptions& options = {});

}  // namespace presser::query
