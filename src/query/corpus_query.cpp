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
#include "query/corpus_query.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <bit>
#include <map>
#include <set>
#include <limits>
#include <mutex>
#include <thread>

#include "query/region_filter.h"
#include "query/term_sets.h"

namespace presser::query {

using index::Attribute;
using index::Segment;
using index::Structure;

namespace {

constexpr std::uint32_t kUnbound = UINT32_MAX;

Error failure(std::string message) { return Error{"", std::nullopt, std::nullopt, std::move(message)}; }

// ---- segment-independent compiled query

struct CTest {
    bool region = false;
    Attribute attribute = Attribute::word;
    Structure structure = Structure::turn;
    std::string column;
    bool negated = false;
    std::shared_ptr<const CompiledPattern> pattern;
};

struct CCondition {
    cql::Condition::Kind kind = cql::Condition::Kind::test;
    CTest test;
    std::vector<CCondition> operands;
};

struct CElement {
    cql::Element::Kind kind = cql::Element::Kind::token;
    int label = -1;
    std::optional<CCondition> condition;
    RegionConstraint anchor;
    std::vector<std::vector<CElement>> alternatives;
    std::uint32_t min = 1, max = 1;
};

struct CValue {
    int label = -1;
    bool region = false;
    Attribute attribute = Attribute::word;
    Structure structure = Structure::turn;
    std::string column;
};

struct CConstraint {
    CValue left;
    bool negated = false;
    std::optional<CValue> right;
    std::shared_ptr<const CompiledPattern> pattern;
};

struct CWithin {
    bool negated = false;
    RegionConstraint region;
};

struct Compiler {
    std::map<std::string, int> labels;
    std::optional<Error> error;

    std::shared_ptr<const CompiledPattern> pattern(const cql::Pattern& p) {
        auto compiled = CompiledPattern::compile(p);
        if (!compiled) {
            if (!error) error = compiled.error();
            return std::make_shared<CompiledPattern>();
        }
        return std::make_shared<CompiledPattern>(std::move(compiled.value()));
    }

    static Structure structure(const std::string& name) { return index::parse_structure(name).value_or(Structure::turn); }

    CTest test(const cql::AttributeTest& t) {
        CTest out;
        out.negated = t.negated;
        out.pattern = pattern(t.pattern);
        if (t.attribute.structure.empty()) {
            out.attribute = index::parse_attribute(t.attribute.name).value_or(Attribute::word);
        } else {
            out.region = true;
            out.structure = structure(t.attribute.structure);
            out.column = t.attribute.name;
        }
        return out;
    }

    CCondition condition(const cql::Condition& c) {
        CCondition out;
        out.kind = c.kind;
        if (c.kind == cql::Condition::Kind::test) out.test = test(c.test);
        for (const auto& operand : c.operands) out.operands.push_back(condition(operand));
        return out;
    }

    RegionConstraint region(const cql::RegionSpec& spec) {
        RegionConstraint out;
        out.structure = structure(spec.structure);
        for (const auto& t : spec.tests) {
            auto compiled = pattern(t.pattern);
            bool negated = t.negated;
            out.tests.push_back({t.attribute.name, [compiled, negated](std::string_view v) { return compiled->matches(v) != negated; }});
        }
        return out;
    }

    int label(const std::string& name) {
        if (name.empty()) return -1;
        auto [it, inserted] = labels.emplace(name, static_cast<int>(labels.size()));
        return it->second;
    }

    std::vector<std::vector<CElement>> alternatives(const std::vector<cql::Sequence>& alternatives) {
        std::vector<std::vector<CElement>> out;
        for (const auto& sequence : alternatives) {
            auto& compiled = out.emplace_back();
            for (const auto& element : sequence) {
                CElement e;
                e.kind = element.kind;
                e.label = label(element.label);
                if (element.condition) e.condition = condition(*element.condition);
                if (element.kind == cql::Element::Kind::region_start || element.kind == cql::Element::Kind::region_end)
                    e.anchor = region(element.region);
                e.alternatives = this->alternatives(element.alternatives);
                e.min = element.min;
                e.max = element.max;
                compiled.push_back(std::move(e));
            }
        }
        return out;
    }

    CValue value(const cql::LabelRef& ref) {
        CValue out;
        auto it = labels.find(ref.label);
        out.label = it == labels.end() ? -1 : it->second;
        if (ref.attribute.structure.empty()) {
            out.attribute = index::parse_attribute(ref.attribute.name).value_or(Attribute::word);
        } else {
            out.region = true;
            out.structure = structure(ref.attribute.structure);
            out.column = ref.attribute.name;
        }
        return out;
    }
};


// Metadata filters as positive within clauses on turn and event.
std::vector<CWithin> filter_clauses(const MetadataFilter& filter) {
    std::vector<CWithin> out;
    auto exact = [](std::string column, std::string value) {
        return ColumnTest{std::move(column), [value](std::string_view v) { return v == value; }};
    };
    CWithin turn{false, {Structure::turn, {}}};
    if (filter.speaker) turn.region.tests.push_back(exact("speaker", *filter.speaker));
    if (filter.role) turn.region.tests.push_back(exact("role", *filter.role));
    if (filter.kind) turn.region.tests.push_back(exact("kind", *filter.kind));
    if (filter.outlet)
        turn.region.tests.push_back({"affiliation", [outlet = *filter.outlet](std::string_view v) {
                                         for (std::size_t at = 0; at <= v.size();) {
                                             std::size_t next = v.find("; ", at);
                                             if (next == std::string_view::npos) next = v.size();
                                             if (v.substr(at, next - at) == outlet) return true;
                                             at = next + 2;
                                         }
                                         return false;
                                     }});
    CWithin event{false, {Structure::event, {}}};
    if (filter.event) event.region.tests.push_back(exact("id", *filter.event));
    if (filter.language) event.region.tests.push_back(exact("language", *filter.language));
    if (filter.date_from || filter.date_to)
        event.region.tests.push_back({"date", [from = filter.date_from, to = filter.date_to](std::string_view v) {
                                          if (v.empty()) return false;
                                          if (from && v.substr(0, from->size()) < *from) return false;
                                          if (to && v.substr(0, to->size()) > *to) return false;
                                          return true;
                                      }});
    if (!turn.region.tests.empty()) out.push_back(std::move(turn));
    if (!event.region.tests.empty()) out.push_back(std::move(event));
    return out;
}

// ---- per-segment forms

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

void normalize(States& states) {
    std::sort(states.begin(), states.end());
    states.erase(std::unique(states.begin(), states.end()), states.end());
}

class Canceller {
public:
    explicit Canceller(const QueryOptions& options) : options_(options) {}
    // Cheap enough for every candidate: the clock is read every 1024 calls.
    [[nodiscard]] std::optional<Error> check() {
        if ((calls_++ & 1023) != 0) return std::nullopt;
        if (options_.cancel && options_.cancel->load(std::memory_order_relaxed)) return failure("cancelled");
        if (options_.deadline && std::chrono::steady_clock::now() > *options_.deadline) return failure("timed out");
        return std::nullopt;
    }

private:
    const QueryOptions& options_;
    std::uint64_t calls_ = 0;
};

// The union of some posting lists, in order, read lazily (so the first hits come before the last postings
// are decoded): one cursor, a heap of a few, or the materialised union of many. A union of many terms
// starts as a heap too, so that a first page costs one block per term, and materialises the rest (`rest`)
// once the page is likely past.
class PositionStream {
public:
    using Rest = std::function<std::vector<std::uint32_t>(std::uint32_t from)>;
    static constexpr std::uint64_t kLazyPrefix = 1024;

    PositionStream(std::vector<index::PostingCursor> cursors, std::vector<std::uint32_t> materialised, bool lazy, Rest rest = {})
        : cursors_(std::move(cursors)), materialised_(std::move(materialised)), lazy_(lazy), rest_(std::move(rest)) {
        if (!lazy_) return;
        for (std::size_t i = 0; i < cursors_.size(); ++i)
            if (cursors_[i].valid()) heap_.push_back({cursors_[i].value(), i});
        std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
    }
    bool next(std::uint32_t& out) {
        if (lazy_ && rest_ && emitted_ == kLazyPrefix) {
            materialised_ = rest_(last_ + 1);
            lazy_ = false;
            cursors_.clear();
            heap_.clear();
        }
        if (!lazy_) {
            if (at_ >= materialised_.size()) return false;
            out = materialised_[at_++];
            return true;
        }
        if (cursors_.size() == 1) {
            auto& c = cursors_.front();
            if (!c.valid()) return false;
            out = c.value();
            c.next();
            return true;
        }
        while (!heap_.empty()) {
            std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
            auto [value, i] = heap_.back();
            heap_.pop_back();
            auto& c = cursors_[i];
            c.next();
            if (c.valid()) {
                heap_.push_back({c.value(), i});
                std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
            }
            if (started_ && value == last_) continue;
            started_ = true;
            last_ = out = value;
            ++emitted_;
            return true;
        }
        return false;
    }

private:
    std::vector<index::PostingCursor> cursors_;
    std::vector<std::uint32_t> materialised_;
    bool lazy_;
    Rest rest_;
    std::uint64_t emitted_ = 0;
    std::size_t at_ = 0;
    std::vector<std::pair<std::uint32_t, std::size_t>> heap_;
    bool started_ = false;
    std::uint32_t last_ = 0;
};

}  // namespace

struct CorpusQuery::Impl {
    const index::Index* index = nullptr;
    QueryOptions options;
    cql::Query::Kind kind = cql::Query::Kind::pattern;
    std::vector<std::vector<CElement>> alternatives;
    RegionConstraint region;  // region queries
    cql::Query::Containing containing = cql::Query::Containing::none;
    std::vector<CConstraint> constraints;
    std::vector<CWithin> within;
    std::size_t label_count = 0;

    // The term set of a token test in a segment, matched over the lexicon once per query (a regex may
    // scan the whole lexicon): the ranges of a split segment and the planner's estimate share it.
    [[nodiscard]] std::shared_ptr<const TermSet> term_set(std::size_t segment, const CompiledPattern& pattern, Attribute attribute) const;
    mutable std::mutex term_sets_mutex;
    mutable std::map<std::tuple<std::size_t, const CompiledPattern*, Attribute>, std::shared_ptr<const TermSet>> term_sets;

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

namespace {

class SegmentRun {
public:
    SegmentRun(const CorpusQuery::Impl& query, const Segment& segment, std::uint32_t id)
        : q_(query), seg_(segment), id_(id), tokens_(static_cast<std::uint32_t>(segment.tokens())), cancel_(query.options) {
        alternatives_ = compile(query.alternatives);
        drop_trailing_optionals();
        for (const auto& clause : query.within) within_.push_back({clause.negated, RegionMask(segment, clause.region)});
        const auto& events = segment.regions(Structure::event);
        for (std::uint64_t e = 0; e < events.size() && segment.has_deleted_events(); ++e)
            if (segment.event_deleted(e) && events.start(e) < events.end(e)) deleted_.push_back({events.start(e), events.end(e)});
    }

    // Hits starting in [from, to) only. With `counter`, hits may be counted into it instead of being
    // passed to the sink.
    Result<bool> run(const std::function<bool(const IndexHit&)>& sink, PlanInfo* plan, std::uint64_t* counter = nullptr,
                     std::uint32_t from = 0, std::uint32_t to = UINT32_MAX) {
        sink_ = &sink;
        counter_ = counter;
        from_ = from;
        to_ = std::min(to, tokens_);
        if (q_.kind == cql::Query::Kind::region) return regions(plan);
        if (phrase_possible()) return phrase(plan);
        if (gap_possible()) return gap(plan);
        return automaton(plan);
    }

    // A trailing optional element never changes the shortest match of a sequence that consumes a token
    // without it (`"dog" []*` is `"dog"`), so it is not explored. Not with `::` constraints, whose labels
    // it could bind.
    void drop_trailing_optionals() {
        if (!q_.constraints.empty()) return;
        for (auto& sequence : alternatives_) {
            while (sequence.size() > 1 && sequence.back().min == 0 &&
                   (sequence.back().kind == cql::Element::Kind::token || sequence.back().kind == cql::Element::Kind::group)) {
                std::vector<std::vector<SElement>> prefix{std::vector<SElement>(sequence.begin(), sequence.end() - 1)};
                if (width(prefix).first == 0) break;
                sequence.pop_back();
            }
        }
    }

    // Rough number of candidates the plan will examine (lexicon counts; no postings read): whether
    // splitting the segment into ranges can pay for the threads.
    std::uint64_t estimated_work() const {
        if (q_.kind == cql::Query::Kind::region) return seg_.regions(Structure::turn).size() + tokens_ / 64;
        Lists lists;
        bool nullable = false;
        if (phrase_possible()) {
            std::uint64_t best = UINT64_MAX;
            for (const auto& e : alternatives_.front()) {
                Lists l;
                if (e.condition && resolve(*e.condition, l)) best = std::min(best, estimate(l));
            }
            const bool bare = alternatives_.front().size() == 1 && within_.empty() && deleted_.empty() && q_.constraints.empty() &&
                              alternatives_.front().front().condition->kind == cql::Condition::Kind::test;
            return bare ? 0 : best;
        }
        if (gap_possible()) {
            const auto& sequence = alternatives_.front();
            Lists a, b;
            resolve(*sequence[0].condition, a);
            resolve(*sequence[2].condition, b);
            return std::min(estimate(a), estimate(b));
        }
        const std::uint64_t first_cost = first(alternatives_, lists, nullable) ? estimate(lists) : tokens_;
        if (auto required = required_element(first_cost)) return estimate(required->lists) * (required->high - required->low + 1);
        return first_cost * 4;  // exploration per start costs more than a check
    }

private:
    // ---- compiling against this segment

    SPred compile(const CCondition& c) {
        SPred out;
        out.kind = c.kind;
        if (c.kind == cql::Condition::Kind::test) {
            out.negated = c.test.negated;
            if (c.test.region) {
                out.region = true;
                out.regions = &seg_.regions(c.test.structure);
                out.column = out.regions->column(c.test.column);
                if (out.column && out.column->numeric()) out.column = nullptr;
                auto pattern = c.test.pattern;
                bool negated = c.test.negated;
                auto accepts = [&](std::string_view v) { return pattern->matches(v) != negated; };
                out.accepted = accepted_values(out.column, accepts);
                out.outside = accepts("");
            } else {
                out.attribute = c.test.attribute;
                out.terms = q_.term_set(id_, *c.test.pattern, c.test.attribute);
            }
        }
        for (const auto& operand : c.operands) out.operands.push_back(compile(operand));
        return out;
    }

    std::vector<std::vector<SElement>> compile(const std::vector<std::vector<CElement>>& alternatives) {
        std::vector<std::vector<SElement>> out;
        for (const auto& sequence : alternatives) {
            auto& compiled = out.emplace_back();
            for (const auto& e : sequence) {
                SElement s;
                s.kind = e.kind;
                s.label = e.label;
                s.min = e.min;
                s.max = e.max;
                if (e.condition) s.condition = compile(*e.condition);
                if (e.kind == cql::Element::Kind::region_start || e.kind == cql::Element::Kind::region_end) {
                    RegionMask mask(seg_, e.anchor);
                    const auto& regions = mask.regions();
                    for (std::uint64_t r = 0; r < regions.size(); ++r) {
                        const auto start = regions.start(r), end = regions.end(r);
                        if (start < end && mask.matches(r))
                            s.boundaries.push_back(e.kind == cql::Element::Kind::region_start ? start : end);
                    }
                    std::sort(s.boundaries.begin(), s.boundaries.end());
                    s.boundaries.erase(std::unique(s.boundaries.begin(), s.boundaries.end()), s.boundaries.end());
                }
                s.alternatives = compile(e.alternatives);
                compiled.push_back(std::move(s));
            }
        }
        return out;
    }

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
    std::uint64_t estimate(const Lists& lists) const {
        std::uint64_t n = 0;
        for (const auto& [attribute, ids] : lists)
            for (auto id : *ids) n += seg_.lexicon(attribute).count(id);
        return n;
    }
    bool resolve(const SPred& p, Lists& out) const {
        switch (p.kind) {
            case cql::Condition::Kind::test:
                if (p.region || p.negated) return false;
                out.push_back({p.attribute, &p.terms->ids()});
                return true;
            case cql::Condition::Kind::any:
                for (const auto& o : p.operands)
                    if (!resolve(o, out)) return false;
                return true;
            case cql::Condition::Kind::all: {
                std::optional<Lists> best;
                std::uint64_t best_cost = 0;
                for (const auto& o : p.operands) {
                    Lists lists;
                    if (!resolve(o, lists)) continue;
                    auto cost = estimate(lists);
                    if (!best || cost < best_cost) best = std::move(lists), best_cost = cost;
                }
                if (!best) return false;
                out.insert(out.end(), best->begin(), best->end());
                return true;
            }
            case cql::Condition::Kind::negation:
                return false;
        }
        return false;
    }

    // Lists covering every token that can be consumed first by `alternatives`; `nullable` when they can
    // match without consuming a token.
    bool first(const std::vector<std::vector<SElement>>& alternatives, Lists& out, bool& nullable) const {
        nullable = false;
        for (const auto& sequence : alternatives) {
            bool sequence_nullable = true;
            for (const auto& e : sequence) {
                if (e.kind == cql::Element::Kind::region_start || e.kind == cql::Element::Kind::region_end) continue;
                bool element_nullable = e.min == 0;
                if (e.kind == cql::Element::Kind::token) {
                    if (!e.condition || !resolve(*e.condition, out)) return false;
                } else {
                    bool inner_nullable = false;
                    if (!first(e.alternatives, out, inner_nullable)) return false;
                    element_nullable = element_nullable || inner_nullable;
                }
                if (!element_nullable) {
                    sequence_nullable = false;
                    break;
                }
            }
            nullable = nullable || sequence_nullable;
        }
        return true;
    }

    std::vector<std::uint32_t> positions(const Lists& lists) const {
        std::vector<std::uint32_t> out;
        std::uint64_t total = estimate(lists);
        std::size_t nonempty = 0;
        for (const auto& [attribute, ids] : lists) nonempty += ids->size();
        if (nonempty == 1) {
            for (const auto& [attribute, ids] : lists)
                for (auto id : *ids) seg_.postings(attribute, id).drain(out);
            return out;
        }
        if (total > tokens_ / 16) {  // dense: a bitmap beats sorting
            std::vector<std::uint64_t> bits((tokens_ + 63) / 64, 0);
            std::vector<std::uint32_t> buffer;
            for (const auto& [attribute, ids] : lists)
                for (auto id : *ids) {
                    buffer.clear();
                    seg_.postings(attribute, id).drain(buffer);
                    for (auto p : buffer) bits[p >> 6] |= std::uint64_t{1} << (p & 63);
                }
            out.reserve(total);
            for (std::size_t w = 0; w < bits.size(); ++w)
                for (std::uint64_t word = bits[w]; word; word &= word - 1)
                    out.push_back(static_cast<std::uint32_t>(w * 64 + std::countr_zero(word)));
            return out;
        }
        out.reserve(total);
        for (const auto& [attribute, ids] : lists)
            for (auto id : *ids) seg_.postings(attribute, id).drain(out);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    // Beyond this many terms a union is materialised at once (a heap of that many cursors costs more than
    // the first page it would save).
    static constexpr std::size_t kMaxHeapTerms = 16384;

    // The union of `lists` from position `from` on.
    PositionStream stream(const Lists& lists, std::uint32_t from) const {
        std::size_t terms = 0;
        for (const auto& [attribute, ids] : lists) terms += ids->size();
        auto rest = [this, lists](std::uint32_t after) {
            auto all = positions(lists);
            all.erase(all.begin(), std::lower_bound(all.begin(), all.end(), after));
            return all;
        };
        if (terms > kMaxHeapTerms) return PositionStream({}, rest(from), false);
        std::vector<index::PostingCursor> cursors;
        cursors.reserve(terms);
        for (const auto& [attribute, ids] : lists)
            for (auto id : *ids) {
                cursors.push_back(seg_.postings(attribute, id));
                if (from > 0) cursors.back().seek(from);
            }
        if (terms <= 32) return PositionStream(std::move(cursors), {}, true);
        return PositionStream(std::move(cursors), {}, true, rest);
    }

    // ---- exploration (the reference evaluator's algorithm, on compiled conditions)

    States advance_alternatives(const std::vector<std::vector<SElement>>& alternatives, const States& from, std::uint32_t limit) {
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

    States advance_repeated(const SElement& e, const States& from, std::uint32_t limit) {
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

    States advance_once(const SElement& e, const States& from, std::uint32_t limit) {
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

    std::string_view value(const CValue& v, std::uint32_t pos) const {
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

    bool constraints_hold(const State& s) const {
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

    std::optional<std::uint32_t> shortest_end(std::uint32_t start, std::uint32_t limit, bool check_constraints) {
        States from{State{start, std::vector<std::uint32_t>(q_.label_count, kUnbound)}};
        std::optional<std::uint32_t> best;
        for (const State& s : advance_alternatives(alternatives_, from, limit)) {
            if (s.pos <= start || (best && s.pos >= *best)) continue;
            if (check_constraints && !q_.constraints.empty() && !constraints_hold(s)) continue;
            best = s.pos;
        }
        return best;
    }

    // ---- limits and filters

    // End of the live stretch from `pos` (the next deleted event), or nullopt when `pos` is deleted.
    std::optional<std::uint32_t> live_end(std::uint32_t pos) const {
        auto it = std::upper_bound(deleted_.begin(), deleted_.end(), std::pair<std::uint32_t, std::uint32_t>{pos, UINT32_MAX});
        if (it != deleted_.begin() && pos < std::prev(it)->second) return std::nullopt;
        return it == deleted_.end() ? tokens_ : it->first;
    }

    bool has_positive_within() const {
        return std::any_of(within_.begin(), within_.end(), [](const auto& w) { return !w.first; });
    }

    // The limit for a match starting at `start`, or nullopt when none can start there.
    std::optional<std::uint32_t> limit_for(std::uint32_t start) const {
        auto live = live_end(start);
        if (!live) return std::nullopt;
        std::uint32_t limit = *live;
        bool positive = false;
        for (const auto& [negated, mask] : within_) {
            if (negated) continue;
            positive = true;
            auto r = mask.containing(start);
            if (!r) return std::nullopt;
            limit = std::min(limit, mask.regions().end(*r));
        }
        if (!positive) limit = static_cast<std::uint32_t>(std::min<std::uint64_t>(limit, std::uint64_t{start} + q_.options.max_span));
        return limit;
    }

    bool passes_within(std::uint32_t start, std::uint32_t end) const {
        for (const auto& [negated, mask] : within_) {
            auto r = mask.containing(start);
            bool inside = r && end <= mask.regions().end(*r);
            if (inside == negated) return false;
        }
        return true;
    }

    // Candidate starts when nothing narrows them: the positions of the regions of the first positive
    // within (all positions without one).
    template <class F>
    std::optional<Error> for_each_position(F&& f) {
        for (const auto& [negated, mask] : within_) {
            if (negated || mask.all()) continue;
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

    bool emit(std::uint32_t start, std::uint32_t end) { return (*sink_)(IndexHit{id_, start, end}); }

    // ---- strategies

    // (`::` constraints are allowed: every label is at a fixed offset from the start.)
    bool phrase_possible() const {
        if (alternatives_.size() != 1) return false;
        const auto& sequence = alternatives_.front();
        if (sequence.empty()) return false;
        for (const auto& e : sequence)
            if (e.kind != cql::Element::Kind::token || e.min != 1 || e.max != 1) return false;
        Lists lists;
        for (const auto& e : sequence)
            if (e.condition && resolve(*e.condition, lists)) return true;
        return false;
    }

    Result<bool> phrase(PlanInfo* plan) {
        const auto& sequence = alternatives_.front();
        const auto length = static_cast<std::uint32_t>(sequence.size());
        // The driver: the position whose postings are fewest.
        std::size_t driver = 0;
        Lists driver_lists;
        std::uint64_t driver_cost = UINT64_MAX;
        for (std::size_t i = 0; i < sequence.size(); ++i) {
            Lists lists;
            if (!sequence[i].condition || !resolve(*sequence[i].condition, lists)) continue;
            auto cost = estimate(lists);
            if (cost < driver_cost) driver = i, driver_lists = std::move(lists), driver_cost = cost;
        }
        if (plan) plan->strategy = "phrase";
        // Other positions with a single positive term are checked by seeking their postings.
        struct Check {
            std::uint32_t offset;
            const SPred* pred;
            std::optional<index::PostingCursor> cursor;
        };
        std::vector<Check> checks;
        for (std::size_t i = 0; i < sequence.size(); ++i) {
            if (!sequence[i].condition) continue;
            const SPred& p = *sequence[i].condition;
            const bool plain = p.kind == cql::Condition::Kind::test && !p.region && !p.negated;
            if (i == driver) {
                // The driver's postings cover its condition; only a plain test is fully decided by them.
                if (!plain) checks.push_back({static_cast<std::uint32_t>(i), &p, std::nullopt});
                continue;
            }
            Check check{static_cast<std::uint32_t>(i), &p, std::nullopt};
            if (plain && p.terms->ids().size() == 1)
                check.cursor = seg_.postings(p.attribute, p.terms->ids().front());
            if (check.cursor && check.cursor->size() == 0) return true;
            checks.push_back(std::move(check));
        }
        // `a.attr = b.attr` where a's token is one term of attr: b must be that term too, which its postings
        // check (the constraint is still tested on the hits).
        auto element_of = [&](int label) -> std::optional<std::size_t> {
            for (std::size_t i = 0; i < sequence.size(); ++i)
                if (sequence[i].label == label) return i;
            return std::nullopt;
        };
        for (const auto& c : q_.constraints) {
            if (c.negated || !c.right || c.left.region || c.right->region || c.left.attribute != c.right->attribute) continue;
            for (const auto& [known, other] : {std::pair{c.left.label, c.right->label}, std::pair{c.right->label, c.left.label}}) {
                const auto k = element_of(known), o = element_of(other);
                if (!k || !o || !sequence[*k].condition) continue;
                const SPred& p = *sequence[*k].condition;
                if (p.kind != cql::Condition::Kind::test || p.region || p.negated || p.attribute != c.left.attribute || p.terms->ids().size() != 1)
                    continue;
                Check check{static_cast<std::uint32_t>(*o), nullptr, seg_.postings(p.attribute, p.terms->ids().front())};
                if (check.cursor->size() == 0) return true;
                checks.push_back(std::move(check));
                break;
            }
        }
        // Cursors first (cheap rejections), the shortest lists first (they reject the most candidates, so
        // the longer lists are sought less often), stream checks after.
        std::stable_sort(checks.begin(), checks.end(), [](const Check& a, const Check& b) {
            if (a.cursor.has_value() != b.cursor.has_value()) return a.cursor.has_value();
            return a.cursor && a.cursor->size() < b.cursor->size();
        });
        if (!has_positive_within() && length > q_.options.max_span) return true;
        if (length == 1 && checks.empty() && within_.empty() && deleted_.empty() && q_.constraints.empty() && counter_ && from_ == 0 &&
            to_ == tokens_) {
            // A bare term: its postings are its hits.
            for (const auto& [attribute, ids] : driver_lists)
                for (auto id : *ids) *counter_ += seg_.lexicon(attribute).count(id);
            if (plan) plan->strategy = "postings count";
            return true;
        }
        // Labels sit at fixed offsets; the constraints are tested on the hits that pass every check.
        State labelled{0, std::vector<std::uint32_t>(q_.label_count, kUnbound)};
        std::vector<std::pair<int, std::uint32_t>> label_offsets;
        for (std::size_t i = 0; i < sequence.size(); ++i)
            if (sequence[i].label >= 0) label_offsets.emplace_back(sequence[i].label, static_cast<std::uint32_t>(i));
        auto constraints_pass = [&](std::uint32_t start) {
            if (q_.constraints.empty()) return true;
            for (const auto& [label, offset] : label_offsets) labelled.labels[label] = start + offset;
            return constraints_hold(labelled);
        };
        // With no region to stay within and no deleted event, every start that fits before the end of the
        // segment has its match in bounds (length <= max_span was checked above): no per-hit limits.
        const bool unbounded = within_.empty() && deleted_.empty();
        std::size_t driver_terms = 0;
        for (const auto& [attribute, ids] : driver_lists) driver_terms += ids->size();
        // Merging pays when the driver is dense (clearing a slice's bitmap costs about what a few hundred
        // seeks do) and the other list is not much longer than it (it is decoded whole).
        const std::uint64_t range_tokens = std::uint64_t{to_} - from_;
        if (unbounded && q_.constraints.empty() && checks.size() == 1 && checks[0].cursor && driver_terms == 1 &&
            driver_cost * 1024 >= std::uint64_t{tokens_} && checks[0].cursor->size() <= driver_cost * 16 && range_tokens >= 1024)
            return phrase_by_merge(driver, length, checks[0].offset, *checks[0].cursor, driver_lists, plan);
        // A start that passed the cursor checks: the other checks, the regions and constraints; false to stop.
        auto accept = [&](std::uint32_t start, std::size_t first_stream_check) {
            for (std::size_t c = first_stream_check; c < checks.size(); ++c)
                if (!holds(*checks[c].pred, start + checks[c].offset)) return true;
            if (!unbounded) {
                auto limit = limit_for(start);
                if (!limit || start + length > *limit) return true;
                if (!passes_within(start, start + length)) return true;
            }
            if (!constraints_pass(start)) return true;
            if (counter_) ++*counter_;
            else if (!emit(start, start + length)) return false;
            return true;
        };
        if (driver_terms == 1) return phrase_by_blocks(driver, length, checks, driver_lists, accept, plan);
        auto candidates = stream(driver_lists, from_ + static_cast<std::uint32_t>(driver));
        for (std::uint32_t p; candidates.next(p);) {
            if (auto e = cancel_.check()) return *e;
            if (plan) ++plan->candidates;
            if (p < driver) continue;
            const std::uint32_t start = p - static_cast<std::uint32_t>(driver);
            if (start >= to_ || std::uint64_t{start} + length > tokens_) break;
            bool ok = true;
            std::size_t c = 0;
            for (; c < checks.size() && checks[c].cursor; ++c) {
                auto& cursor = *checks[c].cursor;
                const std::uint32_t at = start + checks[c].offset;
                cursor.seek(at);
                if (!cursor.valid()) return true;  // no later start can match either
                if (cursor.value() != at) {
                    ok = false;
                    break;
                }
            }
            if (ok && !accept(start, c)) return false;
        }
        return true;
    }

    // The phrase driven by one posting list, a decoded block at a time: the block's starts are filtered by
    // each cursor check in turn (a merge with that list's blocks), and the few that remain go to `accept`.
    template <typename Check, typename Accept>
    Result<bool> phrase_by_blocks(std::size_t driver, std::uint32_t length, std::vector<Check>& checks, const Lists& driver_lists,
                                  Accept& accept, PlanInfo* plan) {
        const auto& [attribute, ids] = driver_lists.front();
        auto cursor = seg_.postings(attribute, ids->front());
        const auto d = static_cast<std::uint32_t>(driver);
        // Starts must lie in [from_, to_) and leave room for the phrase before the segment's end.
        const std::uint64_t last_start = std::min<std::uint64_t>(to_, std::uint64_t{tokens_} - std::min<std::uint64_t>(tokens_, length - 1));
        if (last_start <= from_) return true;
        cursor.seek(from_ + d);
        std::size_t cursor_checks = 0;
        while (cursor_checks < checks.size() && checks[cursor_checks].cursor) ++cursor_checks;
        std::uint32_t starts[index::kBlockSize];
        for (auto block = cursor.block_rest(); !block.empty(); block = cursor.block_rest()) {
            if (auto e = cancel_.check()) return *e;
            if (plan) plan->candidates += block.size();
            std::size_t n = 0;
            bool last_block = false;
            for (const auto p : block) {
                if (p >= last_start + d) {
                    last_block = true;
                    break;
                }
                starts[n++] = p - d;  // p >= from_ + d
            }
            cursor.advance(static_cast<std::uint32_t>(block.size()));
            for (std::size_t c = 0; c < cursor_checks && n > 0; ++c) {
                n = index::keep_present(starts, n, checks[c].offset, *checks[c].cursor);
                if (!checks[c].cursor->valid()) last_block = true;  // no later start can match either
            }
            for (std::size_t i = 0; i < n; ++i)
                if (!accept(starts[i], cursor_checks)) return false;
            if (last_block) break;
        }
        return true;
    }

    // Two terms of comparable frequency at fixed offsets (`the [] of`): both lists are decoded slice by
    // slice; the checked term's starts are set in a bitmap of the slice (it stays in the core's cache) and
    // each driver position tests its bit, which costs a step per position instead of a seek per candidate
    // (and no branch mispredicted per step, as a merge would).
    Result<bool> phrase_by_merge(std::size_t driver, std::uint32_t length, std::uint32_t check_offset, index::PostingCursor& check,
                                 const Lists& driver_lists, PlanInfo* plan) {
        if (plan) plan->strategy = "phrase (merge)";
        const auto& [attribute, ids] = driver_lists.front();
        auto cursor = seg_.postings(attribute, ids->front());
        const auto d = static_cast<std::uint32_t>(driver);
        const std::uint64_t last_start = std::min<std::uint64_t>(to_, std::uint64_t{tokens_} - length + 1);  // exclusive
        if (last_start <= from_) return true;
        cursor.seek(from_ + d);
        check.seek(from_ + check_offset);
        std::vector<std::uint32_t> starts_at, checked;
        constexpr std::uint32_t kSlice = 1u << 20;
        std::vector<std::uint64_t> bits(kSlice / 64);
        for (std::uint64_t slice = from_; slice < last_start; slice += kSlice) {
            if (auto e = cancel_.check()) return *e;
            const auto slice_end = static_cast<std::uint32_t>(std::min<std::uint64_t>(slice + kSlice, last_start));
            starts_at.clear();
            checked.clear();
            cursor.drain_below(slice_end + d, starts_at);
            check.drain_below(slice_end + check_offset, checked);
            if (plan) plan->candidates += starts_at.size();
            std::fill(bits.begin(), bits.end(), 0);
            for (const auto q : checked) {
                const auto at = q - check_offset - static_cast<std::uint32_t>(slice);  // the start it checks
                bits[at >> 6] |= std::uint64_t{1} << (at & 63);
            }
            if (counter_) {
                std::uint64_t n = 0;
                for (const auto p : starts_at) {
                    const auto at = p - d - static_cast<std::uint32_t>(slice);
                    n += bits[at >> 6] >> (at & 63) & 1;
                }
                *counter_ += n;
                continue;
            }
            for (const auto p : starts_at) {
                const auto at = p - d - static_cast<std::uint32_t>(slice);
                if ((bits[at >> 6] >> (at & 63) & 1) && !emit(p - d, p - d + length)) return false;
            }
        }
        return true;
    }

    // `A []{low,high} B`, A and B plain tests (their postings are exactly where they hold); high may be
    // unbounded.
    bool gap_possible() const {
        if (alternatives_.size() != 1 || !q_.constraints.empty()) return false;
        const auto& sequence = alternatives_.front();
        if (sequence.size() != 3) return false;
        auto plain_token = [](const SElement& e) {
            return e.kind == cql::Element::Kind::token && e.min == 1 && e.max == 1 && e.condition &&
                   e.condition->kind == cql::Condition::Kind::test && !e.condition->region && !e.condition->negated;
        };
        const auto& gap = sequence[1];
        return plain_token(sequence[0]) && plain_token(sequence[2]) && gap.kind == cql::Element::Kind::token && !gap.condition &&
               gap.min <= gap.max;
    }

    // The first position at or after a given one of a union of posting lists: one cursor's skips, or the
    // materialised union (galloping).
    class Seekable {
    public:
        Seekable(const SegmentRun& run, const Lists& lists) {
            std::size_t terms = 0;
            for (const auto& [attribute, ids] : lists) terms += ids->size();
            if (terms == 1) {
                for (const auto& [attribute, ids] : lists) cursor_ = run.seg_.postings(attribute, ids->front());
            } else {
                positions_ = run.positions(lists);
            }
        }
        std::optional<std::uint32_t> at_or_after(std::uint64_t position) {
            if (position > UINT32_MAX) return std::nullopt;
            const auto target = static_cast<std::uint32_t>(position);
            if (cursor_) {
                if (cursor_->valid() && cursor_->value() < target) cursor_->seek(target);
                if (!cursor_->valid()) return std::nullopt;
                return cursor_->value();
            }
            while (at_ < positions_.size() && positions_[at_] < target) {
                std::size_t step = 1, high = at_;
                while (high < positions_.size() && positions_[high] < target) {
                    at_ = high;
                    high += step;
                    step *= 2;
                }
                at_ = static_cast<std::size_t>(std::lower_bound(positions_.begin() + static_cast<std::ptrdiff_t>(at_),
                                                                positions_.begin() + static_cast<std::ptrdiff_t>(std::min(high, positions_.size())), target) -
                                               positions_.begin());
            }
            if (at_ >= positions_.size()) return std::nullopt;
            return positions_[at_];
        }

    private:
        std::optional<index::PostingCursor> cursor_;
        std::vector<std::uint32_t> positions_;
        std::size_t at_ = 0;
    };

    // `A []{low,high} B` by position arithmetic. From a start p (an A), the shortest match ends after the
    // first B at or after p + 1 + low, if it is at most p + 1 + high; of the starts that share that B, the
    // first that passes the filters is the hit (step 2). Driven by the rarer side: by A, each A seeks B;
    // by B (each B after the one before it, `previous`), the starts whose first B it is are the A in
    // [max(b - 1 - high, previous - low), b - 1 - low], and the first of them that passes is the hit.
    // Hits come out in start order either way.
    Result<bool> gap(PlanInfo* plan) {
        const auto& sequence = alternatives_.front();
        // An unbounded gap ([]*, []{2,}) is bounded by the region of a positive within or the span limit,
        // which passes() applies.
        const std::uint64_t low = sequence[1].min, high = sequence[1].max == cql::kUnbounded ? kInfinite : sequence[1].max;
        Lists a_lists, b_lists;
        resolve(*sequence[0].condition, a_lists);
        resolve(*sequence[2].condition, b_lists);
        if (plan) plan->strategy = "gap";
        const bool unbounded = within_.empty() && deleted_.empty();
        auto passes = [&](std::uint32_t start, std::uint32_t end) {
            if (unbounded) return end - start <= q_.options.max_span;
            const auto limit = limit_for(start);
            return limit && end <= *limit && passes_within(start, end);
        };
        if (estimate(a_lists) <= estimate(b_lists)) {
            Seekable b(*this, b_lists);
            std::uint32_t last_end = 0;
            auto starts = stream(a_lists, from_);
            for (std::uint32_t p; starts.next(p);) {
                if (auto e = cancel_.check()) return *e;
                if (plan) ++plan->candidates;
                if (p >= to_) break;
                const auto q = b.at_or_after(std::uint64_t{p} + 1 + low);
                if (!q) break;  // no later start has a B either
                if (*q > std::uint64_t{p} + 1 + high) continue;
                const auto end = *q + 1;
                if (end == last_end || !passes(p, end)) continue;
                last_end = end;
                if (!emit(p, end)) return false;
            }
            return true;
        }
        Seekable a(*this, a_lists);
        std::optional<std::uint32_t> previous;
        auto ends = stream(b_lists, static_cast<std::uint32_t>(std::min<std::uint64_t>(UINT32_MAX, std::uint64_t{from_} + 1 + low)));
        for (std::uint32_t q; ends.next(q);) {
            if (auto e = cancel_.check()) return *e;
            if (plan) ++plan->candidates;
            const auto before = previous;
            previous = q;
            if (q < 1 + low) continue;
            const std::uint64_t last_start = q - 1 - low;
            std::uint64_t first_start = q >= 1 + high ? q - 1 - high : 0;
            if (before) first_start = std::max<std::uint64_t>(first_start, *before >= low ? *before - low : 0);
            first_start = std::max<std::uint64_t>(first_start, from_);
            if (first_start >= to_) break;
            for (auto at = first_start; at <= last_start && at < to_;) {
                const auto p = a.at_or_after(at);
                if (!p || *p > last_start || *p >= to_) break;
                if (passes(*p, q + 1)) {
                    if (!emit(*p, q + 1)) return false;
                    break;
                }
                at = std::uint64_t{*p} + 1;
            }
        }
        return true;
    }

    Result<bool> automaton(PlanInfo* plan) {
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

    // Widths in tokens of what an element or alternatives can consume: [low, high], high kInfinite when
    // unbounded.
    static constexpr std::uint64_t kInfinite = UINT64_MAX / 4;
    static std::pair<std::uint64_t, std::uint64_t> width(const std::vector<std::vector<SElement>>& alternatives) {
        std::uint64_t low = kInfinite, high = 0;
        for (const auto& sequence : alternatives) {
            std::uint64_t l = 0, h = 0;
            for (const auto& e : sequence) {
                auto [el, eh] = width(e);
                l = std::min(kInfinite, l + el);
                h = std::min(kInfinite, h + eh);
            }
            low = std::min(low, l);
            high = std::max(high, h);
        }
        return {alternatives.empty() ? 0 : low, high};
    }
    static std::pair<std::uint64_t, std::uint64_t> width(const SElement& e) {
        std::uint64_t low = 0, high = 0;
        if (e.kind == cql::Element::Kind::token) low = high = 1;
        else if (e.kind == cql::Element::Kind::group) std::tie(low, high) = width(e.alternatives);
        const std::uint64_t max = e.max == cql::kUnbounded ? kInfinite : e.max;
        low = std::min(kInfinite, low * e.min);
        high = high == 0 ? 0 : (max >= kInfinite || high >= kInfinite ? kInfinite : std::min(kInfinite, high * max));
        return {low, high};
    }

    struct Required {
        Lists lists;
        std::uint64_t low = 0, high = 0;  // offsets from the start where its first token lies
    };
    // In a single sequence, the rarest token every match must consume at a bounded offset, when rarer
    // than the first tokens by a margin.
    std::optional<Required> required_element(std::uint64_t first_cost) const {
        if (alternatives_.size() != 1) return std::nullopt;
        std::optional<Required> best;
        std::uint64_t best_cost = first_cost / 4;
        std::uint64_t low = 0, high = 0;
        for (const auto& e : alternatives_.front()) {
            if (high >= kInfinite) break;
            if (e.kind == cql::Element::Kind::token && e.min >= 1 && e.condition && (low > 0 || high > 0)) {
                Lists lists;
                if (resolve(*e.condition, lists)) {
                    const auto cost = estimate(lists);
                    if (cost < best_cost) best = Required{std::move(lists), low, high}, best_cost = cost;
                }
            }
            auto [el, eh] = width(e);
            low = std::min(kInfinite, low + el);
            high = std::min(kInfinite, high + eh);
        }
        return best;
    }

    Result<bool> regions(PlanInfo* plan) {
        if (plan) plan->strategy = "region";
        RegionMask mask(seg_, q_.region);
        const auto& regions = mask.regions();
        std::vector<std::uint32_t> candidates;
        bool narrowed = false;
        if (q_.containing != cql::Query::Containing::none) {
            Lists lists;
            bool nullable = false;
            if (first(alternatives_, lists, nullable)) {
                candidates = positions(lists);
                narrowed = true;
            }
        }
        std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
        // `containing` over a tiled structure: driven by the candidates rather than the regions (a few
        // thousand occurrences against hundreds of thousands of turns): the region of each candidate, found
        // galloping from the previous one, is tested once, with its candidates from there on.
        const bool by_candidates = narrowed && q_.containing == cql::Query::Containing::containing && regions.tiled();
        for (std::size_t i = 0, hint = 0; by_candidates && i < candidates.size();) {
            if (auto e = cancel_.check()) return *e;
            const auto region = regions.find_from(candidates[i], hint);
            if (!region) {
                ++i;
                continue;
            }
            hint = *region;
            const auto start = regions.start(*region), end = regions.end(*region);
            const auto next = static_cast<std::size_t>(std::lower_bound(candidates.begin() + static_cast<std::ptrdiff_t>(i), candidates.end(), end) - candidates.begin());
            const auto live = live_end(start);
            if (mask.matches(*region) && start >= from_ && start < to_ && live && *live >= end) {
                if (plan) ++plan->candidates;
                bool contains = false;
                for (std::size_t c = i; c < next && !contains; ++c) contains = shortest_end(candidates[c], end, false).has_value();
                if (contains) found.push_back({start, end});
            }
            i = next;
        }
        for (std::uint64_t r = 0; r < regions.size() && !by_candidates; ++r) {
            if (auto e = cancel_.check()) return *e;
            const auto start = regions.start(r), end = regions.end(r);
            if (start >= end || !mask.matches(r) || start < from_ || start >= to_) continue;
            auto live = live_end(start);
            if (!live || *live < end) continue;
            if (plan) ++plan->candidates;
            if (q_.containing != cql::Query::Containing::none) {
                bool contains = false;
                if (narrowed) {
                    for (auto it = std::lower_bound(candidates.begin(), candidates.end(), start);
                         it != candidates.end() && *it < end && !contains; ++it)
                        contains = shortest_end(*it, end, false).has_value();
                } else {
                    for (std::uint32_t p = start; p < end && !contains; ++p) contains = shortest_end(p, end, false).has_value();
                }
                if (contains != (q_.containing == cql::Query::Containing::containing)) continue;
            }
            found.push_back({start, end});
        }
        if (!regions.tiled()) std::sort(found.begin(), found.end());
        std::optional<std::uint32_t> previous;
        for (const auto& [start, end] : found) {
            if (previous == start) continue;  // same start: the shorter stays (sorted first)
            previous = start;
            if (!passes_within(start, end)) continue;
            if (!emit(start, end)) return false;
        }
        return true;
    }

    const CorpusQuery::Impl& q_;
    const Segment& seg_;
    std::uint32_t id_;
    std::uint32_t tokens_;
    Canceller cancel_;
    std::vector<std::vector<SElement>> alternatives_;
    std::vector<std::pair<bool, RegionMask>> within_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deleted_;  // deleted events' spans, by start
    const std::function<bool(const IndexHit&)>* sink_ = nullptr;
    std::uint64_t* counter_ = nullptr;
    std::uint32_t from_ = 0, to_ = 0;
};

}  // namespace

Result<bool> CorpusQuery::Impl::run_segment(std::size_t segment, const std::function<bool(const IndexHit&)>& sink,
                                            PlanInfo* plan, std::uint64_t* counter, std::uint32_t from, std::uint32_t to) const {
    const auto& s = *index->segments()[segment];
    if (s.tokens() == 0) return true;
    SegmentRun run(*this, s, static_cast<std::uint32_t>(segment));
    return run.run(sink, plan, counter, from, to);
}

CorpusQuery::CorpusQuery(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CorpusQuery::~CorpusQuery() = default;

const index::Index& CorpusQuery::index() const { return *impl_->index; }

const QueryOptions& CorpusQuery::options() const { return impl_->options; }

std::optional<std::vector<std::pair<Attribute, std::uint32_t>>> CorpusQuery::bare_terms(std::size_t segment) const {
    const auto& q = *impl_;
    if (q.kind != cql::Query::Kind::pattern || q.alternatives.size() != 1 || q.alternatives.front().size() != 1 ||
        !q.constraints.empty() || !q.within.empty() || q.options.max_span == 0)
        return std::nullopt;
    const auto& e = q.alternatives.front().front();
    if (e.kind != cql::Element::Kind::token || e.min != 1 || e.max != 1 || !e.condition) return std::nullopt;
    const auto& c = *e.condition;
    if (c.kind != cql::Condition::Kind::test || c.test.region || c.test.negated) return std::nullopt;
    const auto& seg = *q.index->segments()[segment];
    if (seg.has_deleted_events()) return std::nullopt;
    std::vector<std::pair<Attribute, std::uint32_t>> terms;
    const auto matched = TermSet::match(*c.test.pattern, seg.lexicon(c.test.attribute).terms());
    for (const auto id : matched.ids()) terms.emplace_back(c.test.attribute, id);
    return terms;
}

Result<std::shared_ptr<const CorpusQuery>> CorpusQuery::compile(const index::Index& index, const cql::Query& query,
                                                                const QueryOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->index = &index;
    impl->options = options;
    impl->kind = query.kind;
    Compiler compiler;
    impl->alternatives = compiler.alternatives(query.alternatives);
    if (query.kind == cql::Query::Kind::region) impl->region = compiler.region(query.region);
    impl->containing = query.containing;
    for (const auto& c : query.constraints) {
        CConstraint out;
        out.left = compiler.value(c.left);
        out.negated = c.negated;
        if (c.right_label) out.right = compiler.value(*c.right_label);
        else out.pattern = compiler.pattern(c.right_pattern);
        impl->constraints.push_back(std::move(out));
    }
    for (const auto& w : query.within) impl->within.push_back({w.negated, compiler.region(w.region)});
    for (auto& clause : filter_clauses(options.filter)) impl->within.push_back(std::move(clause));
    impl->label_count = compiler.labels.size();
    if (compiler.error) return *compiler.error;
    return std::shared_ptr<const CorpusQuery>(new CorpusQuery(std::move(impl)));
}

Result<std::vector<IndexHit>> CorpusQuery::page(std::uint64_t offset, std::uint64_t limit) const {
    std::vector<IndexHit> hits;
    if (limit == 0) return hits;
    std::uint64_t seen = 0;
    auto done = for_each([&](const IndexHit& hit) {
        if (seen++ < offset) return true;
        hits.push_back(hit);
        return hits.size() < limit;
    });
    if (!done) return done.error();
    return hits;
}

Result<bool> CorpusQuery::for_each(const std::function<bool(const IndexHit&)>& sink, PlanInfo* plan) const {
    for (std::size_t s = 0; s < impl_->index->segments().size(); ++s) {
        auto done = impl_->run_segment(s, sink, plan);
        if (!done) return done.error();
        if (!done.value()) return false;
    }
    return true;
}

Result<std::vector<IndexHit>> CorpusQuery::segment_hits(std::size_t segment, PlanInfo* plan) const {
    std::vector<IndexHit> hits;
    auto done = impl_->run_segment(segment, [&](const IndexHit& hit) { hits.push_back(hit); return true; }, plan);
    if (!done) return done.error();
    return hits;
}

namespace {

// The fixed number of tokens every match of `sequence` spans, if there is one.
std::optional<std::uint64_t> fixed_span(const std::vector<CElement>& sequence) {
    std::uint64_t length = 0;
    for (const auto& e : sequence) {
        switch (e.kind) {
            case cql::Element::Kind::region_start:
            case cql::Element::Kind::region_end:
                break;  // zero width
            case cql::Element::Kind::token:
                if (e.min != e.max) return std::nullopt;
                length += e.min;
                break;
            case cql::Element::Kind::group: {
                if (e.min != e.max || e.alternatives.empty()) return std::nullopt;
                auto first = fixed_span(e.alternatives.front());
                if (!first) return std::nullopt;
                for (const auto& alternative : e.alternatives)
                    if (fixed_span(alternative) != first) return std::nullopt;
                length += *first * e.min;
                break;
            }
        }
    }
    return length;
}

}  // namespace

bool CorpusQuery::Impl::fixed_length() const {
    if (kind != cql::Query::Kind::pattern || alternatives.empty()) return false;
    auto first = fixed_span(alternatives.front());
    if (!first) return false;
    for (const auto& alternative : alternatives)
        if (fixed_span(alternative) != first) return false;
    return true;
}

std::shared_ptr<const TermSet> CorpusQuery::Impl::term_set(std::size_t segment, const CompiledPattern& pattern, Attribute attribute) const {
    const auto key = std::make_tuple(segment, &pattern, attribute);
    {
        std::lock_guard lock(term_sets_mutex);
        if (auto found = term_sets.find(key); found != term_sets.end()) return found->second;
    }
    // Matched outside the lock (another thread may match the same set meanwhile; the first one kept wins).
    auto matched = std::make_shared<const TermSet>(TermSet::match(pattern, index->segments()[segment]->lexicon(attribute).terms()));
    std::lock_guard lock(term_sets_mutex);
    return term_sets.emplace(key, std::move(matched)).first->second;
}

std::vector<CorpusQuery::Impl::Range> CorpusQuery::Impl::plan_ranges(unsigned& threads, bool may_split) const {
    const std::uint64_t range = std::max<std::uint64_t>(1, options.split_tokens);
    // Below this many estimated candidates a segment runs whole: threads and per-range setup would cost more.
    const std::uint64_t split_work = range / 16;
    // Below this many in the whole index, the query runs on the calling thread (starting threads and
    // giving their memory back cost more than a few thousand candidates).
    constexpr std::uint64_t kThreadWork = 8192;
    std::vector<Range> ranges;
    std::uint64_t total_work = 0;
    for (std::size_t s = 0; s < index->segments().size(); ++s) {
        const std::uint64_t tokens = index->segments()[s]->tokens();
        std::uint64_t parts = threads > 1 && may_split ? std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads * 2, tokens / range)) : 1;
        const std::uint64_t work = threads > 1 && tokens > 0
                                       ? SegmentRun(*this, *index->segments()[s], static_cast<std::uint32_t>(s)).estimated_work()
                                       : UINT64_MAX;
        total_work = work == UINT64_MAX ? UINT64_MAX : std::min<std::uint64_t>(UINT64_MAX - 1, total_work + work);
        if (parts > 1 && work < split_work) parts = 1;
        for (std::uint64_t i = 0; i < parts; ++i)
            ranges.push_back({s, static_cast<std::uint32_t>(tokens * i / parts),
                              i + 1 == parts ? UINT32_MAX : static_cast<std::uint32_t>(tokens * (i + 1) / parts), parts == 1});
    }
    if (total_work < kThreadWork) threads = 1;
    return ranges;
}

std::optional<Error> CorpusQuery::Impl::run_ranges(unsigned threads, std::size_t ranges,
                                                   const std::function<Result<bool>(unsigned, std::size_t)>& task) const {
    std::optional<Error> error;
    std::mutex mutex;
    std::atomic<std::size_t> next{0};
    auto worker = [&](unsigned id) {
        for (std::size_t r; (r = next.fetch_add(1)) < ranges;) {
            auto done = task(id, r);
            if (!done) {
                std::lock_guard lock(mutex);
                if (!error) error = done.error();
                return;
            }
        }
    };
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, ranges));
    if (threads <= 1) {
        worker(0);
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, t);
        for (auto& t : pool) t.join();
    }
    return error;
}

Result<std::pair<std::vector<IndexHit>, std::uint64_t>> CorpusQuery::Impl::collect(unsigned threads, bool count_only) const {
    if (threads == 0) threads = hardware_threads();
    struct Task {
        Range range;
        std::vector<IndexHit> hits;
        std::uint64_t counted = 0;
    };
    std::vector<Task> tasks;
    for (const Range& range : plan_ranges(threads, true)) tasks.push_back({range, {}, 0});
    // Hits of one length never share an end, so the ranges of a split segment need no step 2 between them
    // and can just count.
    const bool same_length = fixed_length();
    const auto error = run_ranges(threads, tasks.size(), [&](unsigned, std::size_t t) -> Result<bool> {
        Task& task = tasks[t];
        std::uint64_t n = 0;
        const bool just_count = count_only && (task.range.whole || same_length);
        auto done = run_segment(
            task.range.segment,
            [&](const IndexHit& hit) {
                if (just_count) ++n;
                else task.hits.push_back(hit);
                return true;
            },
            nullptr, just_count ? &n : nullptr, task.range.from, task.range.to);
        task.counted = n;
        return done;
    });
    if (error) return *error;
    std::pair<std::vector<IndexHit>, std::uint64_t> out{{}, 0};
    if (!count_only) {
        std::size_t total = 0;
        for (const Task& task : tasks) total += task.hits.size();
        out.first.reserve(total);
    }
    // Step 2 across the ranges of a split segment: a hit whose end an earlier range already gave goes.
    std::vector<std::uint64_t> ends;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        Task& task = tasks[t];
        out.second += task.counted;
        const bool dedupe = !task.range.whole && kind == cql::Query::Kind::pattern && !same_length;
        if (dedupe && task.range.from == 0) ends.assign((index->segments()[task.range.segment]->tokens() + 64) / 64, 0);
        for (const auto& hit : task.hits) {
            if (dedupe) {
                auto& word = ends[hit.end >> 6];
                const auto bit = std::uint64_t{1} << (hit.end & 63);
                if (word & bit) continue;
                word |= bit;
            }
            if (count_only) ++out.second;
            else out.first.push_back(hit);
        }
        std::vector<IndexHit>().swap(task.hits);
    }
    return out;
}

Result<std::vector<IndexHit>> CorpusQuery::all_hits(unsigned threads) const {
    auto collected = impl_->collect(threads, false);
    if (!collected) return collected.error();
    return std::move(collected->first);
}

Result<unsigned> CorpusQuery::for_each_parallel(unsigned threads, const std::function<void(unsigned, const IndexHit&)>& visit) const {
    if (threads == 0) threads = hardware_threads();
    // all_hits() drops a hit whose end an earlier range of the same segment gave; that can only happen
    // when hits differ in length, and then segments are not split.
    const auto ranges = impl_->plan_ranges(threads, impl_->kind != cql::Query::Kind::pattern || impl_->fixed_length());
    // (plan_ranges may have lowered threads to 1 for a light query: every worker id is then 0.)
    const auto error = impl_->run_ranges(threads, ranges.size(), [&](unsigned worker, std::size_t r) -> Result<bool> {
        const auto& range = ranges[r];
        return impl_->run_segment(
            range.segment,
            [&](const IndexHit& hit) {
                visit(worker, hit);
                return true;
            },
            nullptr, nullptr, range.from, range.to);
    });
    if (error) return *error;
    return static_cast<unsigned>(std::min<std::size_t>(threads, ranges.size()));
}

unsigned hardware_threads() {
    static const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    return threads;
}

Result<std::uint64_t> CorpusQuery::count(unsigned threads) const {
    auto collected = impl_->collect(threads, true);
    if (!collected) return collected.error();
    return collected->second;
}

}  // namespace presser::query
