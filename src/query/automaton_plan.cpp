// The automaton plan: the reference's set-of-states exploration, from candidate starts only.
#include "query/segment_run.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace presser::query::plan {

States SegmentRun::advance_alternatives(const std::vector<std::vector<SElement>>& alternatives, const States& from, std::uint32_t limit) {
    States out;
    for (const auto& sequence : alternatives) {
        States reached = from;
        for (const auto& e : sequence) {
            reached = advance_repeated(e, reached, limit);
            if (reached.empty()) break;
        }
        out.insert(out.end(), reached.begin(), reached.end());
    }
    if (alternatives.size() > 1) normalize(out);
    return out;
}

States SegmentRun::advance_repeated(const SElement& e, const States& from, std::uint32_t limit) {
    if (e.kind != cql::Element::Kind::group || e.label < 0) return advance_repetitions(e, from, limit);
    // A group label spans the group's repetitions: its start slot set on entry, its end slot after; a group
    // that consumed no token leaves it unbound.
    States entry = from;
    for (State& s : entry) s.labels[e.label] = s.pos;
    normalize(entry);
    States out = advance_repetitions(e, entry, limit);
    for (State& s : out) {
        s.labels[e.label + 1] = s.pos;
        if (s.labels[e.label] == s.pos) s.labels[e.label] = s.labels[e.label + 1] = kUnbound;
    }
    normalize(out);
    return out;
}

States SegmentRun::advance_repetitions(const SElement& e, const States& from, std::uint32_t limit) {
    States current = from;
    for (std::uint32_t i = 0; i < e.min; ++i) {
        States next = advance_once(e, current, limit);
        if (next == current) break;
        current = std::move(next);
        if (current.empty()) return current;
    }
    if (e.max == e.min) return current;
    // A set, as in the reference: repetitions can add states one at a time for hundreds of rounds.
    std::set<State> result(current.begin(), current.end());
    States frontier = std::move(current);
    for (std::uint64_t done = e.min; done < e.max && !frontier.empty(); ++done) {
        States next = advance_once(e, frontier, limit);
        frontier.clear();
        for (State& state : next)
            if (result.insert(state).second) frontier.push_back(std::move(state));
    }
    return States(result.begin(), result.end());
}

States SegmentRun::advance_once(const SElement& e, const States& from, std::uint32_t limit) {
    States out;
    switch (e.kind) {
        case cql::Element::Kind::token:
            for (const State& s : from) {
                if (s.pos >= limit) continue;
                if (e.condition && !holds(*e.condition, s.pos)) continue;
                State next = s;
                next.pos = s.pos + 1;
                if (e.label >= 0) next.labels[e.label] = s.pos;
                out.push_back(std::move(next));
            }
            if (e.label >= 0) normalize(out);  // relabelling can reorder states
            break;
        case cql::Element::Kind::region_start:
        case cql::Element::Kind::region_end:
            for (const State& s : from)
                if (std::binary_search(e.boundaries.begin(), e.boundaries.end(), s.pos)) out.push_back(s);
            break;
        case cql::Element::Kind::group:
            out = advance_alternatives(e.alternatives, from, limit);
            break;
    }
    return out;
}

std::string_view SegmentRun::value(const CValue& v, std::uint32_t pos) const {
    if (!v.region) {
        const auto& lexicon = seg_.lexicon(v.attribute);
        const auto id = term(v.attribute, pos);
        return id < lexicon.size() ? lexicon.term(id) : std::string_view();
    }
    const auto& regions = seg_.regions(v.structure);
    const auto* column = regions.column(v.column);
    if (!column || column->numeric()) return {};
    auto r = regions.find(pos);
    return r ? column->string(*r) : std::string_view();
}

std::optional<std::string_view> SegmentRun::label_value(const CValue& v, const State& s, std::string& joined) const {
    if (v.label < 0 || s.labels[v.label] == kUnbound) return std::nullopt;
    const auto start = s.labels[v.label];
    if (!v.group || v.region) return value(v, start);
    const auto end = s.labels[v.label + 1];
    joined.clear();
    for (auto p = start; p < end; ++p) {
        if (p > start) joined += ' ';
        joined += value(v, p);
    }
    return std::string_view(joined);
}

bool SegmentRun::constraint_holds(const CConstraint& c, const State& s) const {
    using Kind = cql::GlobalConstraint::Kind;
    switch (c.kind) {
        case Kind::comparison: {
            std::string left_span, right_span;
            const auto left = label_value(c.left, s, left_span);
            if (!left) return false;
            bool equal;
            if (c.right) {
                const auto right = label_value(*c.right, s, right_span);
                if (!right) return false;
                equal = *left == *right;
            } else {
                equal = c.pattern->matches(*left);
            }
            return equal != c.negated;
        }
        case Kind::bound: return c.left.label >= 0 && s.labels[c.left.label] != kUnbound;
        case Kind::negation: return !constraint_holds(c.operands.front(), s);
        case Kind::all:
            for (const auto& o : c.operands)
                if (!constraint_holds(o, s)) return false;
            return true;
        case Kind::any:
            for (const auto& o : c.operands)
                if (constraint_holds(o, s)) return true;
            return false;
        case Kind::implies: return !constraint_holds(c.operands[0], s) || constraint_holds(c.operands[1], s);
    }
    return false;
}

bool SegmentRun::constraints_hold(const State& s) const {
    for (const auto& c : q_.constraints)
        if (!constraint_holds(c, s)) return false;
    return true;
}

std::optional<std::uint32_t> SegmentRun::shortest_end(const std::vector<std::vector<SElement>>& alternatives, std::uint32_t start,
                                                     std::uint32_t limit, bool check_constraints) {
    States from{State{start, std::vector<std::uint32_t>(q_.label_count, kUnbound)}};
    std::optional<std::uint32_t> best;
    for (const State& s : advance_alternatives(alternatives, from, limit)) {
        if (s.pos <= start || (best && s.pos >= *best)) continue;
        if (check_constraints && !q_.constraints.empty() && !constraints_hold(s)) continue;
        best = s.pos;
    }
    return best;
}

void SegmentRun::match_ends(std::uint32_t start, std::uint32_t limit, std::vector<std::uint32_t>& ends) {
    ends.clear();
    States from{State{start, std::vector<std::uint32_t>(q_.label_count, kUnbound)}};
    for (const State& s : advance_alternatives(alternatives_, from, limit)) {
        if (s.pos <= start || (!ends.empty() && ends.back() == s.pos)) continue;
        if (!q_.constraints.empty() && !constraints_hold(s)) continue;
        ends.push_back(s.pos);  // states are sorted by position
    }
}

Result<bool> SegmentRun::automaton(PlanInfo* plan) {
    if (plan) plan->strategy = "automaton";
    const auto strategy = q_.options.matching;
    std::vector<std::uint64_t> ends((tokens_ + 64) / 64, 0);
    std::vector<std::uint32_t> match_end_list;
    // `shortest`: a hit waits until no later start can end where it ends (its end is reached), and gives way
    // to a later start with the same end.
    struct Pending {
        std::uint32_t start, end;
        bool alive;
    };
    std::deque<Pending> pending;
    std::unordered_map<std::uint32_t, std::size_t> pending_by_end;  // end -> index from pending_base
    std::size_t pending_base = 0;
    bool stopped = false;
    bool past = false;
    auto first_per_end = [&](std::uint32_t end) {
        auto& word = ends[end >> 6];
        const auto bit = std::uint64_t{1} << (end & 63);
        if (word & bit) return false;  // step 2: a hit starting further left ends here
        word |= bit;
        return true;
    };
    auto release = [&](std::uint32_t before) {  // pending hits that no start from `before` on can replace
        while (!pending.empty() && (pending.front().end <= before || !pending.front().alive)) {
            const Pending hit = pending.front();
            pending.pop_front();
            ++pending_base;
            if (!hit.alive) continue;
            pending_by_end.erase(hit.end);
            if (!emit(hit.start, hit.end)) return false;
        }
        return true;
    };
    auto try_start = [&](std::uint32_t start) {
        if (start < from_) return true;
        if (start >= to_) {
            past = true;
            return false;
        }
        if (plan) ++plan->candidates;
        if (strategy == MatchingStrategy::shortest && !release(start)) {
            stopped = true;
            return false;
        }
        auto limit = limit_for(start);
        if (!limit) return true;
        if (strategy == MatchingStrategy::standard) {
            auto end = shortest_end(alternatives_, start, *limit, true);
            if (!end || !passes_within(start, *end) || !first_per_end(*end)) return true;
            if (!emit(start, *end)) stopped = true;
            return !stopped;
        }
        match_ends(start, *limit, match_end_list);
        if (match_end_list.empty()) return true;
        switch (strategy) {
            case MatchingStrategy::standard:
            case MatchingStrategy::shortest: {
                const auto end = match_end_list.front();
                if (!passes_within(start, end)) return true;
                if (auto found = pending_by_end.find(end); found != pending_by_end.end()) pending[found->second - pending_base].alive = false;
                pending_by_end[end] = pending_base + pending.size();
                pending.push_back({start, end, true});
                return true;
            }
            case MatchingStrategy::longest: {
                const auto end = match_end_list.back();
                if (!passes_within(start, end) || !first_per_end(end)) return true;
                if (!emit(start, end)) stopped = true;
                return !stopped;
            }
            case MatchingStrategy::all:
                for (const auto end : match_end_list)
                    if (passes_within(start, end) && !emit(start, end)) {
                        stopped = true;
                        return false;
                    }
                return true;
        }
        return true;
    };
    Lists lists;
    bool nullable = false;
    const bool resolved = first(alternatives_, lists, nullable);
    const std::uint64_t first_cost = resolved ? estimate(lists) : UINT64_MAX;
    auto required = required_element(first_cost);
    if (required) {
        // Starts near the required element's occurrences, and among the first tokens' when known.
        const auto anchors = positions(required->lists);
        std::vector<std::uint32_t> starts;
        if (resolved) {
            auto firsts = positions(lists);
            firsts.erase(firsts.begin(), std::lower_bound(firsts.begin(), firsts.end(), from_));
            auto a = anchors.begin();
            for (const auto s : firsts) {
                while (a != anchors.end() && *a < std::uint64_t{s} + required->low) ++a;
                if (a == anchors.end()) break;
                if (*a <= std::uint64_t{s} + required->high) starts.push_back(s);
            }
        } else {
            for (const auto p : anchors) {
                if (p < required->low) continue;
                const auto from = static_cast<std::uint32_t>(p >= required->high ? p - required->high : 0);
                const auto to = p - static_cast<std::uint32_t>(required->low);  // inclusive
                for (std::uint32_t s = std::max<std::uint32_t>(from, starts.empty() ? 0 : starts.back() + 1); s <= to; ++s)
                    starts.push_back(s);
            }
        }
        for (const auto p : starts) {
            if (auto e = cancel_.check()) return *e;
            if (!try_start(p)) break;
        }
    } else if (resolved) {
        auto candidates = stream(lists, from_);
        for (std::uint32_t p; candidates.next(p);) {
            if (auto e = cancel_.check()) return *e;
            if (!try_start(p)) break;
        }
    } else if (auto e = for_each_position(try_start)) {
        return *e;
    }
    if (!stopped && !release(UINT32_MAX)) stopped = true;
    return !stopped;
}

}  // namespace presser::query::plan
