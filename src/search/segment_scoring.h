// What the scorers of one segment work with (docs/search.md, Evaluation): the bound query's positive
// leaves with their idfs and lists, the segment and its tables, the ranking parameters, the collector of
// the top k across segments, and the result whose total and scored counts they add to.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "index/index.h"
#include "search/searcher.h"
#include "search/segment_tables.h"
#include "search/term_lists.h"
#include "search/top_k.h"

namespace presser::search {

// Whether a search's deadline (SearchOptions::deadline) has passed.
[[nodiscard]] inline bool past(const std::optional<std::chrono::steady_clock::time_point>& deadline) {
    return deadline && std::chrono::steady_clock::now() > *deadline;
}

struct SegmentScoring {
    SegmentScoring(std::size_t segment_number, const index::Segment& segment_, const SegmentTables& tables_, Unit unit_,
                   const RankingParameters& ranking_, const std::vector<Leaf>& positive_, double proximity_bound_, TopK& top_,
                   SearchResult& result_, std::optional<std::chrono::steady_clock::time_point> deadline_)
        : s(segment_number), segment(segment_), tables(tables_), unit(unit_), unit_table(tables_.units[static_cast<int>(unit_)]),
          ranking(ranking_), positive(positive_), proximity_bound(proximity_bound_), top(top_), result(result_), deadline(deadline_) {
        const auto* column = segment.regions(index::Structure::event).column("date");
        dates = column != nullptr && !column->numeric() ? column : nullptr;
    }

    [[nodiscard]] bool expired() const { return past(deadline); }
    // The date of unit u's event ("" without a date column).
    [[nodiscard]] std::string_view date_of(std::uint32_t u) const {
        return dates != nullptr ? dates->string(unit_table.event[u]) : std::string_view{};
    }
    void offer(double score, std::uint32_t u) const { top.offer({score, date_of(u), static_cast<std::uint32_t>(s), u}); }

    std::size_t s;
    const index::Segment& segment;
    const SegmentTables& tables;
    Unit unit;
    const SegmentTables::UnitTable& unit_table;
    const index::RegionColumn* dates = nullptr;  // string dates of the events, if any
    const RankingParameters& ranking;
    const std::vector<Leaf>& positive;
    double proximity_bound;  // the whole query's: w * (sum of the positive idfs - the largest)
    TopK& top;
    SearchResult& result;
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

}  // namespace presser::search
