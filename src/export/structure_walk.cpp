#include "export/structure_walk.h"

namespace presser::exports {

namespace {

using index::Structure;

// Visits the non-empty regions of tiled `structure` inside [start, end) with `visit(region, from, to)`.
template <typename Visit>
bool for_each_inside(const index::Regions& regions, std::uint32_t start, std::uint32_t end, Visit&& visit) {
    if (start >= end) return true;
    auto region = regions.find(start);
    if (!region) return true;
    for (auto r = *region; r < regions.size() && regions.start(r) < end; ++r) {
        const auto from = std::max(regions.start(r), start), to = std::min(regions.end(r), end);
        if (from < to && !visit(r, from, to)) return false;
    }
    return true;
}

}  // namespace

bool walk_structures(const index::Index& index, const Selection& selection, StructureVisitor& visitor) {
    for (std::size_t s = 0; s < index.segments().size(); ++s) {
        const auto& segment = *index.segments()[s];
        const auto& events = segment.regions(Structure::event);
        const auto& turns = segment.regions(Structure::turn);
        const auto& exchanges = segment.regions(Structure::exchange);
        const auto& paragraphs = segment.regions(Structure::p);
        const auto& sentences = segment.regions(Structure::s);
        std::uint64_t exchange_hint = 0;
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            if (segment.event_deleted(e)) continue;
            const auto event_start = events.start(e), event_end = events.end(e);
            if (event_start >= event_end) continue;
            bool any = false;
            for_each_inside(turns, event_start, event_end, [&](std::uint64_t t, std::uint32_t, std::uint32_t) {
                any = selection.selected(s, t);
                return !any;
            });
            if (!any) continue;
            if (!visitor.open_event(segment, e)) return false;
            std::optional<std::uint64_t> open_exchange;
            const bool ok = for_each_inside(turns, event_start, event_end, [&](std::uint64_t t, std::uint32_t from, std::uint32_t to) {
                if (!selection.selected(s, t)) return true;
                std::optional<std::uint64_t> exchange;
                if (const auto found = exchanges.find_from(from, exchange_hint)) {
                    exchange_hint = *found;
                    // Only an exchange that holds the whole turn is opened around it (they always do).
                    if (exchanges.start(*found) <= from && exchanges.end(*found) >= to) exchange = found;
                }
                if (exchange != open_exchange) {
                    if (open_exchange && !visitor.close_exchange()) return false;
                    if (exchange && !visitor.open_exchange(segment, *exchange)) return false;
                    open_exchange = exchange;
                }
                if (!visitor.open_turn(segment, t)) return false;
                const bool inner = for_each_inside(paragraphs, from, to, [&](std::uint64_t p, std::uint32_t p_from, std::uint32_t p_to) {
                    if (!visitor.open_paragraph(segment, p)) return false;
                    const bool sentences_ok = for_each_inside(sentences, p_from, p_to, [&](std::uint64_t sentence, std::uint32_t a, std::uint32_t b) {
                        return visitor.sentence(segment, e, sentence, a, b);
                    });
                    return sentences_ok && visitor.close_paragraph();
                });
                return inner && visitor.close_turn();
            });
            if (!ok) return false;
            if (open_exchange && !visitor.close_exchange()) return false;
            if (!visitor.close_event()) return false;
        }
    }
    return true;
}

}  // namespace presser::exports
