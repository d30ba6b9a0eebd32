#include "search/segment_tables.h"

#include <algorithm>

namespace presser::search {

using index::Segment;
using index::Structure;

std::uint8_t field_bit(std::string_view kind) {
    if (kind == "question") return kQuestionField;
    if (kind == "answer") return kAnswerField;
    if (kind == "statement") return kStatementField;
    return kOtherField;
}

std::unique_ptr<SegmentTables> build_tables(const Segment& segment) {
    auto tables = std::make_unique<SegmentTables>();
    const auto& turns = segment.regions(Structure::turn);
    const auto& events = segment.regions(Structure::event);
    const auto& exchanges = segment.regions(Structure::exchange);
    const auto* kind = turns.column("kind");
    const std::uint64_t n = turns.size();
    tables->turn_starts.resize(n + 1);
    tables->turn_field.resize(n);
    tables->turn_event.resize(n);
    tables->turn_exchange.assign(n, kNone);
    std::vector<std::uint8_t> kind_bits;
    if (kind != nullptr && !kind->numeric())
        for (std::uint32_t v = 0; v < kind->values().size(); ++v) kind_bits.push_back(field_bit(kind->values().at(v)));
    std::uint64_t event = 0;
    for (std::uint64_t t = 0; t < n; ++t) {
        const auto start = turns.start(t);
        tables->turn_starts[t] = start;
        const auto k = kind_bits.empty() ? 0 : value_index(*kind, t, kind_bits.size());
        tables->turn_field[t] = k < kind_bits.size() ? kind_bits[k] : static_cast<std::uint8_t>(kOtherField);
        while (event + 1 < events.size() && events.start(event + 1) <= start) ++event;
        tables->turn_event[t] = static_cast<std::uint32_t>(event);
    }
    tables->turn_starts[n] = static_cast<std::uint32_t>(segment.tokens());

    tables->every_unit_live = !segment.has_deleted_events() && events.size() > 0;
    tables->event_first_turn.assign(events.size() + 1, static_cast<std::uint32_t>(n));
    for (std::uint64_t t = n; t-- > 0;) tables->event_first_turn[tables->turn_event[t]] = static_cast<std::uint32_t>(t);
    for (std::uint64_t e = events.size(); e-- > 0;)  // events without turns start where the next does
        tables->event_first_turn[e] = std::min(tables->event_first_turn[e], tables->event_first_turn[e + 1]);
    auto& turn_unit = tables->units[static_cast<int>(Unit::turn)];
    turn_unit.length[0].resize(n);
    turn_unit.live.resize(n);
    turn_unit.event = tables->turn_event;
    for (std::uint64_t t = 0; t < n; ++t) {
        turn_unit.length[0][t] = tables->turn_starts[t + 1] - tables->turn_starts[t];
        turn_unit.live[t] = events.size() > 0 && !segment.event_deleted(tables->turn_event[t]);
    }

    auto& exchange_unit = tables->units[static_cast<int>(Unit::exchange)];
    const auto x_count = exchanges.size();
    exchange_unit.length[0].assign(x_count, 0);
    exchange_unit.length[1].assign(x_count, 0);
    exchange_unit.live.resize(x_count);
    exchange_unit.event.resize(x_count);
    for (std::uint64_t x = 0; x < x_count; ++x) {
        const auto start = exchanges.start(x), end = exchanges.end(x);
        auto t = static_cast<std::uint64_t>(std::upper_bound(tables->turn_starts.begin(), tables->turn_starts.begin() + n, start) -
                                            tables->turn_starts.begin());
        t = t == 0 ? 0 : t - 1;
        exchange_unit.event[x] = n > 0 ? tables->turn_event[t] : 0;
        exchange_unit.live[x] = events.size() > 0 && !segment.event_deleted(exchange_unit.event[x]);
        for (; t < n && tables->turn_starts[t] < end; ++t) {
            tables->turn_exchange[t] = static_cast<std::uint32_t>(x);
            const auto length = tables->turn_starts[t + 1] - tables->turn_starts[t];
            if (tables->turn_field[t] == kQuestionField) exchange_unit.length[0][x] += length;
            if (tables->turn_field[t] == kAnswerField) exchange_unit.length[1][x] += length;
        }
    }

    auto& event_unit = tables->units[static_cast<int>(Unit::event)];
    event_unit.length[0].resize(events.size());
    event_unit.live.resize(events.size());
    event_unit.event.resize(events.size());
    for (std::uint64_t e = 0; e < events.size(); ++e) {
        event_unit.length[0][e] = events.end(e) - events.start(e);
        event_unit.live[e] = !segment.event_deleted(e);
        event_unit.event[e] = static_cast<std::uint32_t>(e);
    }
    return tables;
}

const std::vector<TurnFacetRow>& SegmentTables::facet_rows(const index::Segment& segment) const {
std::call_once(facet_rows_built_, [&] {
        const auto& turns = segment.regions(index::Structure::turn);
        const index::RegionColumn* columns[4];
        for (std::size_t c = 0; c < 4; ++c) {
            columns[c] = turns.column(kTurnFacetColumns[c]);
            if (columns[c] != nullptr && columns[c]->numeric()) columns[c] = nullptr;
        }
        facet_rows_.resize(turn_event.size());
        for (std::size_t t = 0; t < facet_rows_.size(); ++t) {
            auto& row = facet_rows_[t];
            for (std::size_t c = 0; c < 4; ++c) row.ids[c] = columns[c] != nullptr ? columns[c]->id(t) : UINT32_MAX;
            row.event = turn_event[t];
        }
    });
    return facet_rows_;
}

std::shared_ptr<SearchTables> make_search_tables(const index::Index& index) { return std::make_shared<SearchTables>(index); }

}  // namespace presser::search
