// The gap plan: `A []{low,high} B` with plain tests, answered from the rarer side by seeking the other.
#include "query/segment_run.h"

#include <algorithm>

namespace presser::query::plan {

bool SegmentRun::gap_possible() const {
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

class SegmentRun::Seekable {
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

Result<bool> SegmentRun::gap(PlanInfo* plan) {
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
        if (crosses_event(start, end)) return false;
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

}  // namespace presser::query::plan
