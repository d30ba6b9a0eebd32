// What searches derive from one segment of an index, computed once and then only read: turn boundaries,
// fields and events; per unit (turn, exchange, event) its lengths, liveness and event; per event its first
// turn; and the rows of value ids that facets count. SearchTables holds them for every segment of an Index,
// built on a segment's first search; sharing one SearchTables between threads is safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "index/index.h"
#include "search/query_parser.h"
#include "search/searcher.h"

namespace presser::search {

constexpr std::uint32_t kNone = UINT32_MAX;

// Loops over units fetch the rows of the units this many entries ahead, so that the cache misses overlap.
constexpr std::size_t kAhead = 16;

// Field bit (FieldMask) of a turn kind.
[[nodiscard]] std::uint8_t field_bit(std::string_view kind);

// A value id of a string column, as an index into a table of `size` entries over its values; `size` (out
// of range) for a damaged file, which callers treat as "no value" rather than reading past the table.
[[nodiscard]] inline std::size_t value_index(const index::RegionColumn& column, std::uint64_t region, std::size_t size) {
    const std::size_t id = column.id(region);
    return id < size ? id : size;
}

// The turn columns that facets count, in the order of FacetKind's first four (speaker, outlet, role, kind).
constexpr const char* kTurnFacetColumns[4] = {"speaker", "affiliation", "role", "kind"};
struct TurnFacetRow {
    std::uint32_t ids[4];
    std::uint32_t event;
};

// What a segment needs to map positions to units, computed once per segment.
struct SegmentTables {
    std::vector<std::uint32_t> turn_starts;  // plus the token count as a sentinel
    std::vector<std::uint8_t> turn_field;
    std::vector<std::uint32_t> turn_event;
    std::vector<std::uint32_t> turn_exchange;
    struct UnitTable {
        std::vector<std::uint32_t> length[2];  // exchanges: question, answer tokens; others: all tokens
        std::vector<std::uint8_t> live;
        std::vector<std::uint32_t> event;
    } units[3];
    bool every_unit_live = false;  // no deleted event: the `live` tables need not be read
    std::vector<std::uint32_t> event_first_turn;  // per event, its first turn (events' turns are contiguous); plus a sentinel

    // Value ids of the turn columns that facets count (kTurnFacetColumns' order; UINT32_MAX when a column
    // is absent) and the turn's event, per turn of `segment` (the one these tables are of); built on first
    // use, by whichever Searcher sharing the tables needs them first.
    [[nodiscard]] const std::vector<TurnFacetRow>& facet_rows(const index::Segment& segment) const;

private:
    mutable std::once_flag facet_rows_built_;
    mutable std::vector<TurnFacetRow> facet_rows_;
};


[[nodiscard]] std::unique_ptr<SegmentTables> build_tables(const index::Segment& segment);

class SearchTables {
public:
    explicit SearchTables(const index::Index& index) : index_(index), slots_(new Slot[index.segments().size()]) {}
    const SegmentTables& at(std::size_t s) const {
        auto& slot = slots_[s];
        std::call_once(slot.built, [&] { slot.tables = build_tables(*index_.segments()[s]); });
        return *slot.tables;
    }

private:
    struct Slot {
        std::once_flag built;
        std::unique_ptr<SegmentTables> tables;
    };
    const index::Index& index_;
    std::unique_ptr<Slot[]> slots_;
};

}  // namespace presser::search
