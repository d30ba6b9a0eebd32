// Set-of-states exploration: from one start position, the set of (position, label bindings) reachable after
// each query element. No cleverness on purpose; see the header for the semantics.
#include "query/reference_evaluator.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include "query/diacritics.h"

namespace presser::query {
namespace {

using cql::Attribute;
using cql::Condition;
using cql::Element;
using cql::Pattern;
using cql::Query;
using cql::RegionSpec;
using cql::Sequence;

struct EvaluationFailure {
    std::string message;
};

struct State {
    std::uint32_t pos = 0;
    std::vector<std::int64_t> labels;  // position bound to each label slot, -1 when unbound
    auto operator<=>(const State&) const = default;
};
using States = std::set<State>;

class Evaluator {
public:
    Evaluator(const Query& query, const MemoryCorpus& corpus, const ReferenceOptions& options)
        : query_(query), corpus_(corpus), options_(options) {
        collect_labels(query.alternatives);
        collect_labels(query.contained);
    }

    std::vector<Hit> run() {
        find_within_hits();
        std::vector<Hit> hits = query_.kind == Query::Kind::region ? region_hits() : pattern_hits();
        std::vector<Hit> kept;
        for (const Hit& hit : hits)
            if (passes_within(hit)) kept.push_back(hit);
        if (query_.kind != Query::Kind::pattern) return kept;
        if (options_.collapse_same_end) kept = second_step(kept);
        if (query_.containing == Query::Containing::none) return kept;
        // `containing` filters the hits the strategy gave.
        std::vector<Hit> filtered;
        for (const Hit& hit : kept)
            if (contains_match(hit) == (query_.containing == Query::Containing::containing)) filtered.push_back(hit);
        return filtered;
    }

private:
    std::vector<Hit> second_step(const std::vector<Hit>& hits) const {
        switch (options_.matching) {
            case MatchingStrategy::standard:
            case MatchingStrategy::longest: return leftmost_per_end(hits);
            case MatchingStrategy::shortest: return rightmost_per_end(hits);
            case MatchingStrategy::all: return hits;
        }
        return hits;
    }

    // Whether the `containing` sub-pattern matches inside the hit (searched there, no span limit).
    bool contains_match(const Hit& hit) {
        for (std::uint32_t start = hit.start; start < hit.end; ++start)
            if (!match_ends(query_.contained, start, hit.end, false).empty()) return true;
        return false;
    }

    // The hits of each `within (QUERY)` clause's query, by clause.
    void find_within_hits() {
        for (const cql::WithinClause& clause : query_.within) {
            std::vector<Hit> hits;
            if (!clause.query.empty()) {
                ReferenceOptions sub_options = options_;
                sub_options.collapse_same_end = true;  // the sub-query's hits, whatever the tests ask of this one
                Evaluator sub(clause.query.front(), corpus_, sub_options);
                hits = sub.run();
            }
            within_hits_.push_back(std::move(hits));
        }
    }

    // The [start, end) spans a within clause allows: its query's hits, or its structure's matching regions.
    std::vector<Hit> allowed_spans(std::size_t clause_index) {
        const cql::WithinClause& clause = query_.within[clause_index];
        if (!clause.query.empty()) return within_hits_[clause_index];
        std::vector<Hit> spans;
        for (const MemoryRegion& region : regions_of(clause.region.structure))
            if (region_matches(clause.region, region)) spans.push_back({region.start, region.end});
        return spans;
    }

    void collect_labels(const std::vector<Sequence>& alternatives) {
        for (const Sequence& sequence : alternatives)
            for (const Element& element : sequence) {
                if (!element.label.empty() && !slots_.count(element.label)) {
                    slots_[element.label] = slot_count_;
                    // A group label has two slots: where the group's first repetition starts and its last ends.
                    const bool group = element.kind == Element::Kind::group;
                    if (group) group_labels_.insert(element.label);
                    slot_count_ += group ? 2 : 1;
                }
                collect_labels(element.alternatives);
            }
    }

    // ---- values and regexes

    const std::vector<MemoryRegion>& regions_of(const std::string& structure) const {
        static const std::vector<MemoryRegion> none;
        auto it = corpus_.regions.find(structure);
        return it == corpus_.regions.end() ? none : it->second;
    }

    std::string_view value(const Attribute& attribute, std::uint32_t pos) const {
        if (attribute.structure.empty()) {
            const std::vector<std::string>& column = attribute.name == "word"    ? corpus_.word
                                                     : attribute.name == "lower" ? corpus_.lower
                                                                                 : corpus_.lemma;
            return pos < column.size() ? std::string_view(column[pos]) : std::string_view();
        }
        for (const MemoryRegion& region : regions_of(attribute.structure))
            if (region.start <= pos && pos < region.end) return region_value(region, attribute.name);
        return {};
    }

    static std::string_view region_value(const MemoryRegion& region, const std::string& name) {
        auto it = region.attributes.find(name);
        return it == region.attributes.end() ? std::string_view() : std::string_view(it->second);
    }

    bool full_match(const Pattern& pattern, std::string_view value) {
        auto key = std::make_tuple(pattern.regex, pattern.ignore_case, pattern.ignore_diacritics);
        auto it = regexes_.find(key);
        if (it == regexes_.end()) {
            RE2::Options re2_options;
            re2_options.set_log_errors(false);
            re2_options.set_case_sensitive(!pattern.ignore_case);
            std::string regex = pattern.ignore_diacritics ? strip_diacritics(pattern.regex) : pattern.regex;
            auto compiled = std::make_unique<RE2>(regex, re2_options);
            if (!compiled->ok())
                throw EvaluationFailure{"invalid regular expression \"" + regex + "\": " + compiled->error()};
            it = regexes_.emplace(key, std::move(compiled)).first;
        }
        if (pattern.ignore_diacritics) return RE2::FullMatch(strip_diacritics(value), *it->second);
        return RE2::FullMatch(value, *it->second);
    }

    bool test(const cql::AttributeTest& test, std::string_view value) {
        return full_match(test.pattern, value) != test.negated;
    }

    bool holds(const Condition& condition, std::uint32_t pos) {
        switch (condition.kind) {
            case Condition::Kind::test:
                return test(condition.test, value(condition.test.attribute, pos));
            case Condition::Kind::negation:
                return !holds(condition.operands.front(), pos);
            case Condition::Kind::all:
                return std::all_of(condition.operands.begin(), condition.operands.end(),
                                   [&](const Condition& operand) { return holds(operand, pos); });
            case Condition::Kind::any:
                return std::any_of(condition.operands.begin(), condition.operands.end(),
                                   [&](const Condition& operand) { return holds(operand, pos); });
        }
        return false;
    }

    bool region_matches(const RegionSpec& spec, const MemoryRegion& region) {
        return std::all_of(spec.tests.begin(), spec.tests.end(), [&](const cql::AttributeTest& t) {
            return test(t, region_value(region, t.attribute.name));
        });
    }

    // ---- exploring the query from one start

    States advance_alternatives(const std::vector<Sequence>& alternatives, const States& from, std::uint32_t limit) {
        States out;
        for (const Sequence& sequence : alternatives) {
            States reached = from;
            for (const Element& element : sequence) {
                reached = advance_repeated(element, reached, limit);
                if (reached.empty()) break;
            }
            out.insert(reached.begin(), reached.end());
        }
        return out;
    }

    // A state reached again after more repetitions has fewer repetitions left, so only new states expand.
    // The states after exactly k repetitions are a function of those after k-1, so once they repeat
    // themselves ([]?{10000}) the minimum is reached.
    States advance_repeated(const Element& element, const States& from, std::uint32_t limit) {
        if (element.kind != Element::Kind::group || element.label.empty()) return advance_repetitions(element, from, limit);
        const std::size_t slot = slots_.at(element.label);
        States entry;
        for (State state : from) {
            state.labels[slot] = state.pos;
            entry.insert(std::move(state));
        }
        States out;
        for (State state : advance_repetitions(element, entry, limit)) {
            state.labels[slot + 1] = state.pos;
            if (state.labels[slot] == state.pos) state.labels[slot] = state.labels[slot + 1] = -1;  // no token: unbound
            out.insert(std::move(state));
        }
        return out;
    }

    States advance_repetitions(const Element& element, const States& from, std::uint32_t limit) {
        States current = from;
        for (std::uint32_t i = 0; i < element.min; ++i) {
            States next = advance_once(element, current, limit);
            if (next == current) break;
            current = std::move(next);
            if (current.empty()) return current;
        }
        States result = current;
        States frontier = current;
        for (std::uint64_t done = element.min; done < element.max && !frontier.empty(); ++done) {
            States next = advance_once(element, frontier, limit);
            frontier.clear();
            for (const State& state : next)
                if (result.insert(state).second) frontier.insert(state);
        }
        return result;
    }

    States advance_once(const Element& element, const States& from, std::uint32_t limit) {
        States out;
        switch (element.kind) {
            case Element::Kind::token:
                for (const State& state : from) {
                    if (state.pos >= limit || state.pos >= corpus_.size()) continue;
                    if (element.condition && !holds(*element.condition, state.pos)) continue;
                    State next = state;
                    next.pos = state.pos + 1;
                    if (!element.label.empty()) next.labels[slots_.at(element.label)] = state.pos;
                    out.insert(std::move(next));
                }
                break;
            case Element::Kind::region_start:
            case Element::Kind::region_end:
                for (const State& state : from)
                    if (anchor_holds(element, state.pos)) out.insert(state);
                break;
            case Element::Kind::group:
                out = advance_alternatives(element.alternatives, from, limit);
                break;
        }
        return out;
    }

    bool anchor_holds(const Element& element, std::uint32_t pos) {
        for (const MemoryRegion& region : regions_of(element.region.structure)) {
            std::uint32_t boundary = element.kind == Element::Kind::region_start ? region.start : region.end;
            if (boundary == pos && region.start < region.end && region_matches(element.region, region)) return true;
        }
        return false;
    }

    std::int64_t bound_position(const State& state, const std::string& label) const {
        auto it = slots_.find(label);
        return it == slots_.end() ? -1 : state.labels[it->second];
    }

    // A label's value: its token's attribute, or for a group label the attribute of the tokens it spans
    // joined by spaces (a region attribute: its first token's). nullopt when the path did not bind it.
    std::optional<std::string> label_value(const State& state, const cql::LabelRef& ref) const {
        std::int64_t start = bound_position(state, ref.label);
        if (start < 0) return std::nullopt;
        if (!group_labels_.count(ref.label) || !ref.attribute.structure.empty())
            return std::string(value(ref.attribute, static_cast<std::uint32_t>(start)));
        std::int64_t end = state.labels[slots_.at(ref.label) + 1];
        std::string joined;
        for (std::int64_t p = start; p < end; ++p) {
            if (p > start) joined += ' ';
            joined += value(ref.attribute, static_cast<std::uint32_t>(p));
        }
        return joined;
    }

    bool constraint_holds(const cql::GlobalConstraint& constraint, const State& state) {
        using Kind = cql::GlobalConstraint::Kind;
        switch (constraint.kind) {
            case Kind::comparison: {
                std::optional<std::string> left = label_value(state, constraint.left);
                if (!left) return false;
                bool equal;
                if (constraint.right_label) {
                    std::optional<std::string> right = label_value(state, *constraint.right_label);
                    if (!right) return false;
                    equal = *left == *right;
                } else {
                    equal = full_match(constraint.right_pattern, *left);
                }
                return equal != constraint.negated;
            }
            case Kind::bound: return bound_position(state, constraint.left.label) >= 0;
            case Kind::negation: return !constraint_holds(constraint.operands.front(), state);
            case Kind::all:
                return std::all_of(constraint.operands.begin(), constraint.operands.end(),
                                   [&](const cql::GlobalConstraint& operand) { return constraint_holds(operand, state); });
            case Kind::any:
                return std::any_of(constraint.operands.begin(), constraint.operands.end(),
                                   [&](const cql::GlobalConstraint& operand) { return constraint_holds(operand, state); });
            case Kind::implies:
                return !constraint_holds(constraint.operands[0], state) || constraint_holds(constraint.operands[1], state);
        }
        return false;
    }

    bool constraints_hold(const State& state) {
        for (const cql::GlobalConstraint& constraint : query_.constraints)
            if (!constraint_holds(constraint, state)) return false;
        return true;
    }

    // The ends of the matches of `alternatives` from `start` not beyond `limit` (nor past the next event
    // boundary), in order.
    std::vector<std::uint32_t> match_ends(const std::vector<Sequence>& alternatives, std::uint32_t start, std::uint32_t limit,
                                          bool check_constraints) {
        limit = std::min(limit, event_boundary_after(start));
        States from{State{start, std::vector<std::int64_t>(slot_count_, -1)}};
        std::set<std::uint32_t> ends;
        for (const State& state : advance_alternatives(alternatives, from, limit)) {
            if (state.pos <= start || ends.count(state.pos)) continue;
            if (check_constraints && !constraints_hold(state)) continue;
            ends.insert(state.pos);
        }
        return {ends.begin(), ends.end()};
    }

    // The first position after `pos` where an event region starts or ends (the corpus size when none).
    std::uint32_t event_boundary_after(std::uint32_t pos) const {
        std::uint32_t boundary = corpus_.size();
        for (const MemoryRegion& event : regions_of("event")) {
            if (event.start > pos) boundary = std::min(boundary, event.start);
            if (event.end > pos) boundary = std::min(boundary, event.end);
        }
        return boundary;
    }

    // ---- hits

    // The end of the furthest matching region containing `pos`, for each positive within clause; the
    // smallest of those. nullopt when some clause has no region around `pos`.
    std::optional<std::uint32_t> within_limit(std::uint32_t pos) {
        std::optional<std::uint32_t> limit;
        for (std::size_t c = 0; c < query_.within.size(); ++c) {
            if (query_.within[c].negated) continue;
            std::optional<std::uint32_t> furthest;
            for (const Hit& span : allowed_spans(c))
                if (span.start <= pos && pos < span.end) furthest = std::max(furthest.value_or(0), span.end);
            if (!furthest) return std::nullopt;
            limit = std::min(limit.value_or(*furthest), *furthest);
        }
        return limit;
    }

    bool has_positive_within() const {
        return std::any_of(query_.within.begin(), query_.within.end(),
                           [](const cql::WithinClause& clause) { return !clause.negated; });
    }

    std::vector<Hit> pattern_hits() {
        std::vector<Hit> hits;
        bool bounded_by_region = has_positive_within();
        for (std::uint32_t start = 0; start < corpus_.size(); ++start) {
            std::uint32_t limit;
            if (bounded_by_region) {
                std::optional<std::uint32_t> region_limit = within_limit(start);
                if (!region_limit) continue;
                limit = *region_limit;
            } else {
                limit = static_cast<std::uint32_t>(std::min<std::uint64_t>(corpus_.size(),
                                                                           std::uint64_t{start} + options_.max_span));
            }
            std::vector<std::uint32_t> ends = match_ends(query_.alternatives, start, limit, true);
            if (ends.empty()) continue;
            switch (options_.matching) {
                case MatchingStrategy::standard:
                case MatchingStrategy::shortest: hits.push_back({start, ends.front()}); break;
                case MatchingStrategy::longest: hits.push_back({start, ends.back()}); break;
                case MatchingStrategy::all:
                    for (std::uint32_t end : ends) hits.push_back({start, end});
                    break;
            }
        }
        return hits;
    }

    std::vector<Hit> region_hits() {
        std::map<std::uint32_t, std::uint32_t> shortest_by_start;
        for (const MemoryRegion& region : regions_of(query_.region.structure)) {
            if (region.start >= region.end || !region_matches(query_.region, region)) continue;
            if (query_.containing != Query::Containing::none) {
                bool contains = false;
                for (std::uint32_t start = region.start; start < region.end && !contains; ++start)
                    contains = !match_ends(query_.contained, start, region.end, false).empty();
                if (contains != (query_.containing == Query::Containing::containing)) continue;
            }
            auto [it, inserted] = shortest_by_start.emplace(region.start, region.end);
            if (!inserted) it->second = std::min(it->second, region.end);
        }
        std::vector<Hit> hits;
        for (const auto& [start, end] : shortest_by_start) hits.push_back({start, end});
        return hits;
    }

    // CQP's second step of `standard`: of the hits ending at the same position, the one starting first.
    static std::vector<Hit> leftmost_per_end(const std::vector<Hit>& hits) {
        std::set<std::uint32_t> ends;
        std::vector<Hit> kept;
        for (const Hit& hit : hits)  // sorted by start
            if (ends.insert(hit.end).second) kept.push_back(hit);
        return kept;
    }

    // `shortest`'s second step: of the hits ending at the same position, the one starting last.
    static std::vector<Hit> rightmost_per_end(const std::vector<Hit>& hits) {
        std::set<std::uint32_t> ends;
        std::vector<Hit> kept;
        for (auto hit = hits.rbegin(); hit != hits.rend(); ++hit)
            if (ends.insert(hit->end).second) kept.push_back(*hit);
        std::reverse(kept.begin(), kept.end());
        return kept;
    }

    bool passes_within(const Hit& hit) {
        for (std::size_t c = 0; c < query_.within.size(); ++c) {
            bool inside = false;
            for (const Hit& span : allowed_spans(c))
                if (span.start <= hit.start && hit.end <= span.end) {
                    inside = true;
                    break;
                }
            if (inside == query_.within[c].negated) return false;
        }
        return true;
    }

    const Query& query_;
    const MemoryCorpus& corpus_;
    const ReferenceOptions& options_;
    std::map<std::string, std::size_t> slots_;  // label -> its (first) slot in State::labels
    std::set<std::string> group_labels_;
    std::vector<std::vector<Hit>> within_hits_;  // by within clause: its query's hits (empty for a structure)
    std::size_t slot_count_ = 0;
    std::map<std::tuple<std::string, bool, bool>, std::unique_ptr<RE2>> regexes_;
};

}  // namespace

Result<std::vector<Hit>> evaluate_reference(const cql::Query& query, const MemoryCorpus& corpus,
                                            const ReferenceOptions& options) {
    try {
        Evaluator evaluator(query, corpus, options);
        return evaluator.run();
    } catch (const EvaluationFailure& failure) {
        return plain_error(failure.message);
    }
}

}  // namespace presser::query
