// Query -> per-segment plan -> hits. Per segment, the query's regexes become term-id sets (term_sets.h),
// its region constraints region masks (region_filter.h), its anchors sorted boundary lists. Then:
//  * phrase: a sequence of single tokens ([] allowed, `::` tested on its hits) is answered by position
//    arithmetic: the rarest position's postings drive, the other positions are checked by seeking their
//    postings (one term) or by reading the token stream (term sets, negations, region tests);
//  * gap: `A []{low,high} B` with plain tests is answered by position arithmetic from the rarer side;
//  * automaton: anything else runs the reference's set-of-states exploration (same code shape, so the
//    same semantics), but only from candidate starts: the union of the postings of every token that can
//    come first, or every position of the regions a positive `within` allows;
//  * region: <X/> [!]containing Q walks the matching regions and searches Q's candidates inside each.
//
// SegmentRun evaluates a compiled query (compiled_query.h) over one segment, or a range of its start
// positions, by the first plan that applies; a file per plan (phrase_plan.cpp, gap_plan.cpp,
// automaton_plan.cpp, region_plan.cpp) and the shared machinery in segment_run.cpp.
//
// Contract: every plan gives exactly the hits of the reference evaluator (query/reference_evaluator.h) under
// the query's matching strategy, in (start, end) order, none crossing an event boundary;
// tests/cql_index_equivalence_test.cpp compares them. Only the phrase plan (every strategy: its matches
// all have one length) and the automaton plan serve strategies other than `standard`.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "index/index.h"
#include "query/corpus_query.h"
#include "query/corpus_query_impl.h"
#include "query/position_stream.h"
#include "query/region_filter.h"
#include "query/term_sets.h"

namespace presser::query::plan {

using index::Attribute;
using index::Segment;
using index::Structure;

constexpr std::uint32_t kUnbound = UINT32_MAX;

struct SPred {
    cql::Condition::Kind kind = cql::Condition::Kind::test;
    bool region = false;
    Attribute attribute = Attribute::word;
    bool negated = false;
    std::shared_ptr<const TermSet> terms;  // shared by the runs of one query on one segment
    const index::Regions* regions = nullptr;
    const index::RegionColumn* column = nullptr;
    std::vector<bool> accepted;  // by value id (region tests; negation folded in)
    bool outside = false;        // value for a position in no region
    mutable std::uint64_t region_hint = 0;  // the last region found (one run's positions mostly rise)
    std::vector<SPred> operands;
};

struct SElement {
    cql::Element::Kind kind = cql::Element::Kind::token;
    int label = -1;
    std::optional<SPred> condition;
    std::vector<std::uint32_t> boundaries;  // anchors: positions where it holds
    std::vector<std::vector<SElement>> alternatives;
    std::uint32_t min = 1, max = 1;
};

struct State {
    std::uint32_t pos = 0;
    std::vector<std::uint32_t> labels;
    auto operator<=>(const State&) const = default;
};
using States = std::vector<State>;  // sorted, distinct

inline void normalize(States& states) {
    std::sort(states.begin(), states.end());
    states.erase(std::unique(states.begin(), states.end()), states.end());
}

class Canceller {
public:
    explicit Canceller(const QueryOptions& options) : options_(options) {}
    // Cheap enough for every candidate: the clock is read every 1024 calls.
    [[nodiscard]] std::optional<Error> check() {
        if ((calls_++ & 1023) != 0) return std::nullopt;
        return options_.interruption();
    }

private:
    const QueryOptions& options_;
    std::uint64_t calls_ = 0;
};

// One within clause in a segment: the matching regions of a structure, or the hits of a sub-query
// (`within (QUERY)`), sorted by start with the furthest end reached by each prefix.
struct WithinSpans {
    bool negated = false;
    RegionMask mask;
    bool by_hits = false;
    std::vector<std::uint32_t> starts, ends, reach;
    // The furthest end of an allowed span that holds `pos`; nullopt when none does.
    [[nodiscard]] std::optional<std::uint32_t> furthest_end(std::uint32_t pos) const {
        if (!by_hits) {
            auto r = mask.containing(pos);
            if (!r) return std::nullopt;
            return mask.regions().end(*r);
        }
        const auto after = std::upper_bound(starts.begin(), starts.end(), pos);
        if (after == starts.begin()) return std::nullopt;
        const auto furthest = reach[static_cast<std::size_t>(after - starts.begin()) - 1];
        if (furthest <= pos) return std::nullopt;
        return furthest;
    }
    [[nodiscard]] bool everywhere() const { return !by_hits && mask.all(); }
};

class SegmentRun {
public:
    SegmentRun(const CorpusQuery::Impl& query, const Segment& segment, std::uint32_t id);

    // Hits starting in [from, to) only. With `counter`, hits may be counted into it instead of being
    // passed to the sink.
    Result<bool> run(const std::function<bool(const IndexHit&)>& sink, PlanInfo* plan, std::uint64_t* counter = nullptr,
                     std::uint32_t from = 0, std::uint32_t to = UINT32_MAX);

    // A trailing optional element never changes the shortest match of a sequence that consumes a token
    // without it (`"dog" []*` is `"dog"`), so it is not explored. Not with `::` constraints, whose labels
    // it could bind.
    void drop_trailing_optionals();

    // The label slots of the first path (in the order of states) through the whole pattern that matches
    // exactly [start, end) with the `::` constraints true; nullopt when none does (hit_labels.h).
    std::optional<std::vector<std::uint32_t>> label_slots(std::uint32_t start, std::uint32_t end);

    // Rough number of candidates the plan will examine (lexicon counts; no postings read): whether
    // splitting the segment into ranges can pay for the threads.
    std::uint64_t estimated_work() const;

private:
    // ---- compiling against this segment

    SPred compile(const CCondition& c);

    std::vector<std::vector<SElement>> compile(const std::vector<std::vector<CElement>>& alternatives);

    // ---- token conditions

    std::uint32_t term(Attribute attribute, std::uint32_t pos) const { return seg_.term_at(attribute, pos); }

    bool holds(const SPred& p, std::uint32_t pos) const {
        switch (p.kind) {
            case cql::Condition::Kind::test:
                if (p.region) {
                    auto r = p.regions->find_from(pos, p.region_hint);
                    if (!r) return p.outside;
                    p.region_hint = *r;
                    return p.column ? bool(p.accepted[p.column->id(*r)]) : bool(p.accepted[0]);
                }
                return p.terms->contains(term(p.attribute, pos)) != p.negated;
            case cql::Condition::Kind::negation:
                return !holds(p.operands.front(), pos);
            case cql::Condition::Kind::all:
                for (const auto& o : p.operands)
                    if (!holds(o, pos)) return false;
                return true;
            case cql::Condition::Kind::any:
                for (const auto& o : p.operands)
                    if (holds(o, pos)) return true;
                return false;
        }
        return false;
    }

    // Posting lists (attribute, term ids) whose union contains every position where `p` holds; false
    // when no such lists exist (negations, region tests alone).
    using Lists = std::vector<std::pair<Attribute, const std::vector<std::uint32_t>*>>;
    std::uint64_t estimate(const Lists& lists) const;
    bool resolve(const SPred& p, Lists& out) const;

    // Lists covering every token that can be consumed first by `alternatives`; `nullable` when they can
    // match without consuming a token.
    bool first(const std::vector<std::vector<SElement>>& alternatives, Lists& out, bool& nullable) const;

    std::vector<std::uint32_t> positions(const Lists& lists) const;

    // Beyond this many terms a union is materialised at once (a heap of that many cursors costs more than
    // the first page it would save).
    static constexpr std::size_t kMaxHeapTerms = 16384;

    // The union of `lists` from position `from` on.
    PositionStream stream(const Lists& lists, std::uint32_t from) const;

    // ---- exploration (the reference evaluator's algorithm, on compiled conditions)

    States advance_alternatives(const std::vector<std::vector<SElement>>& alternatives, const States& from, std::uint32_t limit);

    States advance_repeated(const SElement& e, const States& from, std::uint32_t limit);
    States advance_repetitions(const SElement& e, const States& from, std::uint32_t limit);

    States advance_once(const SElement& e, const States& from, std::uint32_t limit);

    std::string_view value(const CValue& v, std::uint32_t pos) const;
    // A label's value in a state: its token's, or a group label's span joined in `joined` (nullopt when
    // unbound).
    std::optional<std::string_view> label_value(const CValue& v, const State& s, std::string& joined) const;

    bool constraint_holds(const CConstraint& c, const State& s) const;
    bool constraints_hold(const State& s) const;

    std::optional<std::uint32_t> shortest_end(const std::vector<std::vector<SElement>>& alternatives, std::uint32_t start,
                                              std::uint32_t limit, bool check_constraints);

    // Whether [start, end) holds a match of the `containing` sub-pattern (searched inside it).
    bool contains_match(std::uint32_t start, std::uint32_t end);
    // The hits of each `within (QUERY)` clause's query in this segment, once per run.
    std::optional<Error> find_within_hits();

    // Every end of a match from `start` not beyond `limit`, in order (the strategies other than standard).
    void match_ends(std::uint32_t start, std::uint32_t limit, std::vector<std::uint32_t>& ends);

    // ---- limits and filters

    // End of the live stretch from `pos` (the next deleted event), or nullopt when `pos` is deleted.
    std::optional<std::uint32_t> live_end(std::uint32_t pos) const {
        auto it = std::upper_bound(deleted_.begin(), deleted_.end(), std::pair<std::uint32_t, std::uint32_t>{pos, UINT32_MAX});
        if (it != deleted_.begin() && pos < std::prev(it)->second) return std::nullopt;
        return it == deleted_.end() ? tokens_ : it->first;
    }

    bool has_positive_within() const {
        return std::any_of(within_.begin(), within_.end(), [](const auto& w) { return !w.negated; });
    }

    // The first position after `pos` where an event starts or ends (the segment's end when none): no hit
    // crosses it. Remembered for the positions before it, which ask in order.
    std::uint32_t event_boundary_after(std::uint32_t pos) const {
        if (pos >= boundary_from_ && pos < boundary_) return boundary_;
        const auto& events = seg_.regions(Structure::event);
        std::uint32_t boundary = tokens_;
        const auto around = events.find_from(pos, event_hint_);
        if (around) {
            event_hint_ = *around;
            boundary = events.end(*around);
        }
        if (!events.tiled() || !around) {  // with gaps between events, the next one may start sooner
            const auto next = events.first_starting_at_or_after(pos + 1);
            if (next < events.size()) boundary = std::min(boundary, events.start(next));
        }
        boundary_from_ = pos;
        boundary_ = boundary;
        return boundary;
    }
    bool crosses_event(std::uint32_t start, std::uint32_t end) const { return end > event_boundary_after(start); }

    // The limit for a match starting at `start`, or nullopt when none can start there. `events`: bounded by
    // the next event boundary too (the phrase plan, whose matches have one length, checks that apart).
    std::optional<std::uint32_t> limit_for(std::uint32_t start, bool events = true) const {
        auto live = live_end(start);
        if (!live) return std::nullopt;
        std::uint32_t limit = events ? std::min(*live, event_boundary_after(start)) : *live;
        bool positive = false;
        for (const auto& w : within_) {
            if (w.negated) continue;
            positive = true;
            auto end = w.furthest_end(start);
            if (!end) return std::nullopt;
            limit = std::min(limit, *end);
        }
        if (!positive) limit = static_cast<std::uint32_t>(std::min<std::uint64_t>(limit, std::uint64_t{start} + q_.options.max_span));
        return limit;
    }

    bool passes_within(std::uint32_t start, std::uint32_t end) const {
        for (const auto& w : within_) {
            auto furthest = w.furthest_end(start);
            bool inside = furthest && end <= *furthest;
            if (inside == w.negated) return false;
        }
        return true;
    }

    // Candidate starts when nothing narrows them: the positions of the regions of the first positive
    // within (all positions without one).
    template <class F>
    std::optional<Error> for_each_position(F&& f) {
        for (const auto& w : within_) {
            if (w.negated || w.everywhere()) continue;
            if (w.by_hits) {
                std::uint32_t p = from_;
                for (std::size_t h = 0; h < w.starts.size() && w.starts[h] < to_; ++h)
                    for (p = std::max(p, w.starts[h]); p < std::min(to_, w.ends[h]); ++p) {
                        if (auto e = cancel_.check()) return e;
                        if (!f(p)) return std::nullopt;
                    }
                return std::nullopt;
            }
            const auto& mask = w.mask;
            const auto& regions = mask.regions();
            for (std::uint64_t r = 0; r < regions.size(); ++r) {
                if (!mask.matches(r) || regions.end(r) <= from_) continue;
                if (regions.start(r) >= to_) break;
                for (std::uint32_t p = std::max(from_, regions.start(r)), end = std::min(to_, regions.end(r)); p < end; ++p) {
                    if (auto e = cancel_.check()) return e;
                    if (!f(p)) return std::nullopt;
                }
            }
            return std::nullopt;
        }
        for (std::uint32_t p = from_; p < to_; ++p) {
            if (auto e = cancel_.check()) return e;
            if (!f(p)) return std::nullopt;
        }
        return std::nullopt;
    }

    bool emit(std::uint32_t start, std::uint32_t end) {
        if (filter_containing_ && contains_match(start, end) != (q_.containing == cql::Query::Containing::containing))
            return true;
        return (*sink_)(IndexHit{id_, start, end});
    }

    // ---- strategies

    // (`::` constraints are allowed: every label is at a fixed offset from the start.)
    bool phrase_possible() const;

    Result<bool> phrase(PlanInfo* plan);

    // The phrase driven by one posting list, a decoded block at a time: the block's starts are filtered by
    // each cursor check in turn (a merge with that list's blocks), and the few that remain go to `accept`.
    template <typename Check, typename Accept>
    Result<bool> phrase_by_blocks(std::size_t driver, std::uint32_t length, std::vector<Check>& checks, const Lists& driver_lists,
                                  Accept& accept, PlanInfo* plan);

    // Two terms of comparable frequency at fixed offsets (`the [] of`): both lists are decoded slice by
    // slice; the checked term's starts are set in a bitmap of the slice (it stays in the core's cache) and
    // each driver position tests its bit, which costs a step per position instead of a seek per candidate
    // (and no branch mispredicted per step, as a merge would).
    Result<bool> phrase_by_merge(std::size_t driver, std::uint32_t length, std::uint32_t check_offset, index::PostingCursor& check,
                                 const Lists& driver_lists, PlanInfo* plan);

    // Clears, in a slice's bitmap of phrase starts (bit i: start slice + i, below slice_end), the starts
    // whose `length` tokens would cross an event boundary.
    void clear_event_crossings(std::uint64_t* bits, std::uint32_t slice, std::uint32_t slice_end, std::uint32_t length) const;

    // `A []{low,high} B`, A and B plain tests (their postings are exactly where they hold); high may be
    // unbounded.
    bool gap_possible() const;

    // The first position at or after a given one of a union of posting lists: one cursor's skips, or the
    // materialised union (galloping).
    class Seekable;

    // `A []{low,high} B` by position arithmetic. From a start p (an A), the shortest match ends after the
    // first B at or after p + 1 + low, if it is at most p + 1 + high; of the starts that share that B, the
    // first that passes the filters is the hit (step 2). Driven by the rarer side: by A, each A seeks B;
    // by B (each B after the one before it, `previous`), the starts whose first B it is are the A in
    // [max(b - 1 - high, previous - low), b - 1 - low], and the first of them that passes is the hit.
    // Hits come out in start order either way.
    Result<bool> gap(PlanInfo* plan);

    Result<bool> automaton(PlanInfo* plan);

    // Widths in tokens of what an element or alternatives can consume: [low, high], high kInfinite when
    // unbounded.
    static constexpr std::uint64_t kInfinite = UINT64_MAX / 4;
    static std::pair<std::uint64_t, std::uint64_t> width(const std::vector<std::vector<SElement>>& alternatives);
    static std::pair<std::uint64_t, std::uint64_t> width(const SElement& e);

    struct Required {
        Lists lists;
        std::uint64_t low = 0, high = 0;  // offsets from the start where its first token lies
    };
    // In a single sequence, the rarest token every match must consume at a bounded offset, when rarer
    // than the first tokens by a margin.
    std::optional<Required> required_element(std::uint64_t first_cost) const;

    Result<bool> regions(PlanInfo* plan);

    const CorpusQuery::Impl& q_;
    const Segment& seg_;
    std::uint32_t id_;
    std::uint32_t tokens_;
    Canceller cancel_;
    std::vector<std::vector<SElement>> alternatives_;
    std::vector<WithinSpans> within_;
    std::vector<std::vector<SElement>> contained_;  // `containing`'s sub-pattern
    std::vector<std::vector<SElement>> whole_pattern_;  // alternatives_ before drop_trailing_optionals, when asked
    bool whole_pattern_compiled_ = false;
    bool contained_prepared_ = false, contained_resolved_ = false;
    std::vector<std::uint32_t> contained_starts_;  // its candidate starts, when its first tokens resolve
    bool filter_containing_ = false;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deleted_;  // deleted events' spans, by start
    const std::function<bool(const IndexHit&)>* sink_ = nullptr;
    std::uint64_t* counter_ = nullptr;
    std::uint32_t from_ = 0, to_ = 0;
    mutable std::uint32_t boundary_from_ = 1, boundary_ = 0;  // event_boundary_after's last answer
    mutable std::uint64_t event_hint_ = 0;
};

}  // namespace presser::query::plan
