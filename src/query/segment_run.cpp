// SegmentRun: per-segment compilation (term sets, region masks, anchors), candidate lists and streams, and the choice of plan.
#include "query/segment_run.h"

#include <algorithm>

namespace presser::query::plan {

SegmentRun::SegmentRun(const CorpusQuery::Impl& query, const Segment& segment, std::uint32_t id)
    : q_(query), seg_(segment), id_(id), tokens_(static_cast<std::uint32_t>(segment.tokens())), cancel_(query.options) {
    alternatives_ = compile(query.alternatives);
    drop_trailing_optionals();
    for (const auto& clause : query.within) {
        WithinSpans w;
        w.negated = clause.negated;
        if (clause.query) w.by_hits = true;  // the sub-query's hits, found when the run starts
        else w.mask = RegionMask(segment, clause.region);
        within_.push_back(std::move(w));
    }
    contained_ = compile(query.contained);
    const auto& events = segment.regions(Structure::event);
    for (std::uint64_t e = 0; e < events.size() && segment.has_deleted_events(); ++e)
        if (segment.event_deleted(e) && events.start(e) < events.end(e)) deleted_.push_back({events.start(e), events.end(e)});
}

std::optional<Error> SegmentRun::find_within_hits() {
    for (std::size_t i = 0; i < within_.size(); ++i) {
        auto& w = within_[i];
        if (!w.by_hits || !w.starts.empty()) continue;
        std::vector<IndexHit> hits;
        SegmentRun sub(*q_.within_queries[i], seg_, id_);
        auto done = sub.run([&](const IndexHit& hit) { hits.push_back(hit); return true; }, nullptr);
        if (!done) return done.error();
        std::sort(hits.begin(), hits.end());  // region queries' hits may not come in order
        std::uint32_t furthest = 0;
        for (const auto& hit : hits) {
            furthest = std::max(furthest, hit.end);
            w.starts.push_back(hit.start);
            w.ends.push_back(hit.end);
            w.reach.push_back(furthest);
        }
    }
    return std::nullopt;
}

bool SegmentRun::contains_match(std::uint32_t start, std::uint32_t end) {
    if (!contained_prepared_) {
        contained_prepared_ = true;
        Lists lists;
        bool nullable = false;
        contained_resolved_ = first(contained_, lists, nullable);
        if (contained_resolved_) contained_starts_ = positions(lists);
    }
    if (contained_resolved_) {
        for (auto it = std::lower_bound(contained_starts_.begin(), contained_starts_.end(), start);
             it != contained_starts_.end() && *it < end; ++it)
            if (shortest_end(contained_, *it, end, false)) return true;
        return false;
    }
    for (std::uint32_t p = start; p < end; ++p)
        if (shortest_end(contained_, p, end, false)) return true;
    return false;
}

Result<bool> SegmentRun::run(const std::function<bool(const IndexHit&)>& sink, PlanInfo* plan, std::uint64_t* counter,
                             std::uint32_t from, std::uint32_t to) {
    if (auto e = find_within_hits()) return *e;
    sink_ = &sink;
    // A pattern's hits filtered by `containing` pass one by one through emit().
    filter_containing_ = q_.kind == cql::Query::Kind::pattern && q_.containing != cql::Query::Containing::none;
    counter_ = filter_containing_ ? nullptr : counter;
    from_ = from;
    to_ = std::min(to, tokens_);
    if (q_.kind == cql::Query::Kind::region) return regions(plan);
    if (phrase_possible()) return phrase(plan);
    if (q_.options.matching == MatchingStrategy::standard && gap_possible()) return gap(plan);
    return automaton(plan);
}

void SegmentRun::drop_trailing_optionals() {
    if (!q_.constraints.empty()) return;
    // Only the shortest match of a start counts under these two.
    if (q_.options.matching != MatchingStrategy::standard && q_.options.matching != MatchingStrategy::shortest) return;
    for (auto& sequence : alternatives_) {
        while (sequence.size() > 1 && sequence.back().min == 0 &&
               (sequence.back().kind == cql::Element::Kind::token || sequence.back().kind == cql::Element::Kind::group)) {
            std::vector<std::vector<SElement>> prefix{std::vector<SElement>(sequence.begin(), sequence.end() - 1)};
            if (width(prefix).first == 0) break;
            sequence.pop_back();
        }
    }
}

std::uint64_t SegmentRun::estimated_work() const {
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
    if (q_.options.matching == MatchingStrategy::standard && gap_possible()) {
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

SPred SegmentRun::compile(const CCondition& c) {
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

std::vector<std::vector<SElement>> SegmentRun::compile(const std::vector<std::vector<CElement>>& alternatives) {
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

std::uint64_t SegmentRun::estimate(const Lists& lists) const {
    std::uint64_t n = 0;
    for (const auto& [attribute, ids] : lists)
        for (auto id : *ids) n += seg_.lexicon(attribute).count(id);
    return n;
}

bool SegmentRun::resolve(const SPred& p, Lists& out) const {
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

bool SegmentRun::first(const std::vector<std::vector<SElement>>& alternatives, Lists& out, bool& nullable) const {
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

std::vector<std::uint32_t> SegmentRun::positions(const Lists& lists) const {
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

PositionStream SegmentRun::stream(const Lists& lists, std::uint32_t from) const {
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

std::pair<std::uint64_t, std::uint64_t> SegmentRun::width(const std::vector<std::vector<SElement>>& alternatives) {
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

std::pair<std::uint64_t, std::uint64_t> SegmentRun::width(const SElement& e) {
    std::uint64_t low = 0, high = 0;
    if (e.kind == cql::Element::Kind::token) low = high = 1;
    else if (e.kind == cql::Element::Kind::group) std::tie(low, high) = width(e.alternatives);
    const std::uint64_t max = e.max == cql::kUnbounded ? kInfinite : e.max;
    low = std::min(kInfinite, low * e.min);
    high = high == 0 ? 0 : (max >= kInfinite || high >= kInfinite ? kInfinite : std::min(kInfinite, high * max));
    return {low, high};
}

std::optional<SegmentRun::Required> SegmentRun::required_element(std::uint64_t first_cost) const {
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

}  // namespace presser::query::plan
