// The phrase plan: a sequence of single tokens answered by position arithmetic from the rarest position's postings.
#include "query/segment_run.h"

#include <algorithm>

namespace presser::query::plan {

bool SegmentRun::phrase_possible() const {
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

template <typename Check, typename Accept>
Result<bool> SegmentRun::phrase_by_blocks(std::size_t driver, std::uint32_t length, std::vector<Check>& checks, const Lists& driver_lists,
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

Result<bool> SegmentRun::phrase_by_merge(std::size_t driver, std::uint32_t length, std::uint32_t check_offset, index::PostingCursor& check,
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
        if (length > 1) clear_event_crossings(bits.data(), static_cast<std::uint32_t>(slice), slice_end, length);
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

void SegmentRun::clear_event_crossings(std::uint64_t* bits, std::uint32_t slice, std::uint32_t slice_end, std::uint32_t length) const {
    const auto& events = seg_.regions(Structure::event);
    const std::uint64_t reach = std::uint64_t{slice_end} + length - 1;  // boundaries below it can be crossed
    auto clear_before = [&](std::uint64_t boundary) {  // starts in [boundary - length + 1, boundary - 1]
        if (boundary <= slice || boundary >= reach) return;
        const std::uint64_t first = std::max<std::uint64_t>(slice, boundary >= length - 1 ? boundary - (length - 1) : 0);
        const std::uint64_t last = std::min<std::uint64_t>(boundary, slice_end);  // exclusive
        for (auto at = first; at < last; ++at) bits[(at - slice) >> 6] &= ~(std::uint64_t{1} << ((at - slice) & 63));
    };
    auto r = events.first_starting_at_or_after(slice + 1);
    if (r > 0) --r;  // the event around the slice's first start
    for (; r < events.size() && events.start(r) < reach; ++r) {
        clear_before(events.start(r));
        clear_before(events.end(r));
    }
}

Result<bool> SegmentRun::phrase(PlanInfo* plan) {
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
        if (c.kind != cql::GlobalConstraint::Kind::comparison || c.negated || !c.right || c.left.group || c.right->group || c.left.region || c.right->region || c.left.attribute != c.right->attribute) continue;
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
        if (length > 1 && crosses_event(start, start + length)) return true;
        if (!unbounded) {
            auto limit = limit_for(start, false);
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

}  // namespace presser::query::plan
