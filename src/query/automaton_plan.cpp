// The automaton plan: the reference's set-of-states exploration, from candidate starts only.
#include "query/segment_run.h"

#include <algorithm>

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

bool SegmentRun::constraints_hold(const State& s) const {
    for (const auto& c : q_.constraints) {
        if (c.left.label < 0 || s.labels[c.left.label] == kUnbound) return false;
        const auto left = value(c.left, s.labels[c.left.label]);
        bool equal;
        if (c.right) {
            if (c.right->label < 0 || s.labels[c.right->label] == kUnbound) return false;
            equal = left == value(*c.right, s.labels[c.right->label]);
        } else {
            equal = c.pattern->matches(left);
        }
        if (equal == c.negated) return false;
    }
    return true;
}

std::optional<std::uint32_t> SegmentRun::shortest_end(std::uint32_t start, std::uint32_t limit, bool check_constraints) {
    States from{State{start, std::vector<std::uint32_t>(q_.label_count, kUnbound)}};
    std::optional<std::uint32_t> best;
    for (const State& s : advance_alternatives(alternatives_, from, limit)) {
        if (s.pos <= start || (best && s.pos >= *best)) continue;
        if (check_constraints && !q_.constraints.empty() && !constraints_hold(s)) continue;
        best = s.pos;
    }
    return best;
}

Result<bool> SegmentRun::automaton(PlanInfo* plan) {
    if (plan) plan->strategy = "automaton";
    std::vector<std::uint64_t> ends((tokens_ + 64) / 64, 0);
    bool stopped = false;
    bool past = false;
    auto try_start = [&](std::uint32_t start) {
        if (start < from_) return true;
        if (start >= to_) {
            past = true;
            return false;
        }
        if (plan) ++plan->candidates;
        auto limit = limit_for(start);
        if (!limit) return true;
        auto end = shortest_end(start, *limit, true);
        if (!end || !passes_within(start, *end)) return true;
        auto& word = ends[*end >> 6];
        const auto bit = std::uint64_t{1} << (*end & 63);
        if (word & bit) return true;  // step 2: a hit starting further left ends here
        word |= bit;
        if (!emit(start, *end)) {
            stopped = true;
            return false;
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
    return !stopped;
}

}  // namespace presser::query::plan
