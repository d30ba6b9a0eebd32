#include "search/facets.h"

#include <algorithm>

namespace presser::search {
namespace {
// The display name of a speaker the transcript does not identify (docs/json.md).
constexpr std::string_view kUnidentified = "(unidentified)";
}  // namespace

using index::Structure;

Result<std::vector<FacetRequest>> facet_requests(const SearchOptions& options) {
    std::vector<FacetRequest> requests;
    for (const auto& name : options.facets) {
        static const std::pair<std::string_view, FacetKind> kNames[] = {
            {"speaker", FacetKind::speaker}, {"outlet", FacetKind::outlet}, {"role", FacetKind::role},
            {"kind", FacetKind::kind},       {"day", FacetKind::day},       {"month", FacetKind::month},
            {"year", FacetKind::year},       {"event", FacetKind::event},   {"language", FacetKind::language}};
        const auto found = std::find_if(std::begin(kNames), std::end(kNames), [&](const auto& n) { return n.first == name; });
        if (found == std::end(kNames))
            return plain_error("unknown facet '" + name + "'; expected speaker, outlet, role, kind, day, month, year, event or language");
        if (options.unit == Unit::event && found->second <= FacetKind::kind)
            return plain_error("the " + name + " facet does not apply to --unit event");
        if (options.unit == Unit::exchange && found->second == FacetKind::kind) return plain_error("the kind facet applies to --unit turn only");
        requests.push_back({name, found->second});
    }
    return requests;
}

void FacetCounter::count(const index::Segment& segment, const SegmentTables& tables, Unit unit, const std::vector<std::uint32_t>& matched) {
    if (requests_.empty()) return;
    const auto& unit_table = tables.units[static_cast<int>(unit)];
    const auto& events = segment.regions(Structure::event);
    const bool is_turn = unit == Unit::turn;
    struct UnitFacet {
        std::size_t facet;
        const index::RegionColumn* column;
        std::size_t slot;  // in TurnFacetRow::ids
    };
    std::vector<UnitFacet> unit_facets;
    bool event_facets = false;
    for (std::size_t f = 0; f < requests_.size(); ++f) {
        const auto kind = requests_[f].kind;
        if (kind > FacetKind::kind) {
            event_facets = true;
            continue;
        }
        const auto slot = static_cast<std::size_t>(kind);  // speaker, outlet, role, kind: kTurnFacetColumns' order
        const char* name = nullptr;
        if (is_turn) name = kTurnFacetColumns[slot];
        else name = kind == FacetKind::speaker ? "answerer" : kind == FacetKind::outlet ? "asker_affiliation" : "answerer_role";
        const auto* column = segment.regions(is_turn ? Structure::turn : Structure::exchange).column(name);
        if (column == nullptr || column->numeric()) continue;
        unit_facets.push_back({f, column, slot});
        per_value_[f].assign(column->values().size() + 1, 0);  // last: damaged ids
    }
    auto& per_event = per_event_;
    if (event_facets) per_event.assign(events.size(), 0);
    if (is_turn && !unit_facets.empty()) {
        const auto& rows = tables.facet_rows(segment);
        // (Rows are fetched ahead, so that their cache misses overlap.)
        for (std::size_t i = 0; i < matched.size(); ++i) {
            if (i + kAhead < matched.size()) __builtin_prefetch(&rows[matched[i + kAhead]]);
            const auto& row = rows[matched[i]];
            for (const auto& facet : unit_facets) {
                auto& per_value = per_value_[facet.facet];
                const auto id = row.ids[facet.slot];
                ++per_value[id < per_value.size() - 1 ? id : per_value.size() - 1];
            }
            if (event_facets) ++per_event[row.event];
        }
    } else {
        for (const auto& facet : unit_facets) {
            auto& per_value = per_value_[facet.facet];
            for (const auto u : matched) ++per_value[value_index(*facet.column, u, per_value.size() - 1)];
        }
        if (event_facets)
            for (const auto u : matched) ++per_event[unit_table.event[u]];
    }
    for (const auto& facet : unit_facets) {
        const auto& per_value = per_value_[facet.facet];
        auto& counts = counts_[facet.facet];
        for (std::uint32_t v = 0; v + 1 < per_value.size(); ++v)
            if (per_value[v] > 0) {
                const auto value = facet.column->values().at(v);
                counts[value.empty() ? (requests_[facet.facet].kind == FacetKind::speaker ? kUnidentified : "(none)") : value] +=
                    per_value[v];
            }
    }
    // Event attributes: counts per event become counts per value id of the event's column, then per
    // key; a column's values are sorted, so the values that share a key (a year, a month) are adjacent
    // and each key is counted once per segment.
    for (std::size_t f = 0; f < requests_.size() && event_facets; ++f) {
        const auto kind = requests_[f].kind;
        if (kind <= FacetKind::kind) continue;
        auto& counts = counts_[f];
        const auto* column = events.column(kind == FacetKind::event ? "id" : kind == FacetKind::language ? "language" : "date");
        const bool strings = column != nullptr && !column->numeric();
        if (kind == FacetKind::event) {
            for (std::size_t e = 0; e < per_event.size(); ++e)
                if (per_event[e] > 0) counts[strings ? column->string(e) : std::string_view{}] += per_event[e];
            continue;
        }
        const std::size_t value_count = strings ? column->values().size() : 0;
        auto& per_value = per_event_value_;
        per_value.assign(value_count + 1, 0);  // last: no value (damaged ids, or no column)
        for (std::size_t e = 0; e < per_event.size(); ++e)
            if (per_event[e] > 0) per_value[strings ? value_index(*column, e, value_count) : value_count] += per_event[e];
        const std::size_t length = kind == FacetKind::day ? 10 : kind == FacetKind::month ? 7 : 4;
        auto key_of = [&](std::size_t v) -> std::string_view {
            const auto value = v < value_count ? column->values().at(v) : std::string_view{};
            if (kind == FacetKind::language) return value.empty() ? "(none)" : value;
            return value.size() >= length ? value.substr(0, length) : "(unknown)";
        };
        std::string_view run_key;
        std::uint64_t run_count = 0;
        for (std::size_t v = 0; v < per_value.size(); ++v) {
            if (per_value[v] == 0) continue;
            const auto key = key_of(v);
            if (run_count > 0 && key != run_key) {
                counts[run_key] += run_count;
                run_count = 0;
            }
            run_key = key;
            run_count += per_value[v];
        }
        if (run_count > 0) counts[run_key] += run_count;
    }
}

std::vector<Facet> FacetCounter::facets(std::size_t limit) const {
    std::vector<Facet> out;
    for (std::size_t f = 0; f < requests_.size(); ++f) {
        Facet facet;
        facet.name = requests_[f].name;
        facet.distinct = counts_[f].size();
        std::vector<std::pair<std::string_view, std::uint64_t>> values(counts_[f].begin(), counts_[f].end());
        const auto shown = std::min<std::size_t>(values.size(), limit);
        std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(shown), values.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        for (std::size_t v = 0; v < shown; ++v) facet.values.push_back({std::string(values[v].first), values[v].second});
        out.push_back(std::move(facet));
    }
    return out;
}

}  // namespace presser::search
