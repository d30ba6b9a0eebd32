// A search's filters (speaker, outlet, role, kind, event, language, organiser, dates) as tests on the
// columns of its units: per segment, a table over each filtered column's distinct values, so that testing a
// unit costs a value-id read per filter.
//
// Contract: SegmentFilter::accepts(u) is true exactly for the live units that pass every filter; values
// match as the filter model says (index/filter_values.h; the search box's speaker:/outlet: terms as
// case-insensitive substrings); a date range
// [from, to] compares ISO dates, and `to` also accepts the dates that start with it ("2022" takes the year).
#pragma once

#include <string>
#include <vector>

#include "index/filter_values.h"
#include "index/index.h"
#include "model/error.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "search/segment_tables.h"
#include "search/term_lists.h"
#include "text/analyzer.h"

namespace presser::search {

// Matching of filter values against a string column's distinct values: the filters of the options as the
// filter model says (index/filter_values.h), the search box's speaker:/outlet: terms as case-insensitive
// substrings.
class ValueMatcher {
public:
    ValueMatcher(text::Analyzer& analyzer, const std::vector<std::string>& substrings) : analyzer_(&analyzer) {
        for (const auto& w : substrings) wanted_.push_back(analyzer.lower(w));
    }
    explicit ValueMatcher(index::FilterValues filter) : filter_(std::move(filter)) {}
    [[nodiscard]] std::vector<std::uint8_t> table(const index::RegionColumn* column) const {
        std::vector<std::uint8_t> ok;
        if (column == nullptr || column->numeric()) return ok;
        ok.resize(column->values().size());
        for (std::uint32_t v = 0; v < ok.size(); ++v) ok[v] = matches(column->values().at(v));
        return ok;
    }
    [[nodiscard]] bool matches(std::string_view value) const {
        if (!analyzer_) return filter_.matches(value);
        const auto lower = analyzer_->lower(value);
        for (const auto& w : wanted_)
            if (lower.find(w) != std::string::npos) return true;
        return false;
    }

private:
    text::Analyzer* analyzer_ = nullptr;
    std::vector<std::string> wanted_;
    index::FilterValues filter_{{}, index::FilterValues::Compare::exact};
};

// One filter: the values a column of a structure must (or, negated, must not) hold.
struct ColumnFilter {
    index::Structure structure;
    std::string column;
    ValueMatcher matcher;
    bool negate = false;
};

// The filters of the options and of the query (speaker: and outlet: terms) for units of options.unit, or
// an error naming a filter that does not apply to that unit.
[[nodiscard]] Result<std::vector<ColumnFilter>> column_filters(const SearchOptions& options, const std::vector<MetadataFilter>& query_filters,
                                                               text::Analyzer& analyzer);

// A search's filters in one segment: per filtered column, a table over its distinct values, so that a unit
// costs a value-id read per filter.
class SegmentFilter {
public:
    SegmentFilter(const std::vector<ColumnFilter>& filters, const SearchOptions& options, const index::Segment& segment,
                  const SegmentTables& tables, Unit unit)
        : unit_table_(tables.units[static_cast<int>(unit)]), every_unit_live_(tables.every_unit_live),
          by_date_(!options.from.empty() || !options.to.empty()) {
        const auto& events = segment.regions(index::Structure::event);
        dates_ = events.column("date");
        // A column's values are sorted, so the accepted dates are one range of value ids: from the first not
        // before `from` to the last that is at most `to` or starts with it (those follow `to` directly); the
        // empty date, if any, sorts first and is never accepted.
        if (by_date_ && dates_ != nullptr && !dates_->numeric()) {
            const auto& values = dates_->values();
            date_ok_.assign(values.size(), 0);
            std::uint32_t first = options.from.empty() ? 0 : values.lower_bound(options.from);
            if (first < values.size() && values.at(first).empty()) ++first;
            const std::uint32_t last = options.to.empty() ? values.size() : values.prefix_range(options.to).second;
            if (first < last) std::fill(date_ok_.begin() + first, date_ok_.begin() + last, 1);
        }
        for (const auto& filter : filters) {
            const auto& regions = segment.regions(filter.structure);
            Table table;
            table.by_event = filter.structure == index::Structure::event;
            table.negate = filter.negate;
            if (filter.column == "asker|answerer") table.columns = {regions.column("asker"), regions.column("answerer")};
            else table.columns = {regions.column(filter.column)};
            for (const auto* column : table.columns) table.ok.push_back(filter.matcher.table(column));
            tables_.push_back(std::move(table));
        }
    }

    // Any filter at all (units that are not accepted may then match the query).
    [[nodiscard]] bool active() const { return by_date_ || !tables_.empty(); }
    // Every filter tests the unit's event alone (date, event, language, organiser).
    [[nodiscard]] bool by_events() const {
        return active() && std::all_of(tables_.begin(), tables_.end(), [](const Table& t) { return t.by_event; });
    }

    [[nodiscard]] bool accepts(std::uint32_t u) const {
        if (!every_unit_live_ && !unit_table_.live[u]) return false;
        return accepts(u, unit_table_.event[u]);
    }

    // For turns under filters by_events(): the accepted turns, as sorted [first, end) ranges (an event's
    // turns are contiguous, so whole events are accepted or not).
    [[nodiscard]] TurnRanges accepted_turn_ranges(const SegmentTables& tables) const {
        TurnRanges ranges;
        for (std::uint32_t e = 0; e + 1 < tables.event_first_turn.size(); ++e) {
            const auto first = tables.event_first_turn[e], end = tables.event_first_turn[e + 1];
            if (first >= end || (!every_unit_live_ && !unit_table_.live[first]) || !accepts(first, e)) continue;
            if (!ranges.empty() && ranges.back().second == first) ranges.back().second = end;
            else ranges.emplace_back(first, end);
        }
        return ranges;
    }

private:
    // Whether live unit u of event `event` passes the filters.
    [[nodiscard]] bool accepts(std::uint32_t u, std::uint32_t event) const {
        if (by_date_) {
            const auto d = date_ok_.empty() ? 0 : value_index(*dates_, event, date_ok_.size());
            if (d >= date_ok_.size() || !date_ok_[d]) return false;
        }
        for (const auto& table : tables_) {
            const std::uint64_t region = table.by_event ? event : u;
            bool any = false;
            for (std::size_t c = 0; c < table.columns.size(); ++c)
                if (!table.ok[c].empty()) {
                    const auto v = value_index(*table.columns[c], region, table.ok[c].size());
                    any = any || (v < table.ok[c].size() && table.ok[c][v]);
                }
            if (any == table.negate) return false;
        }
        return true;
    }

    struct Table {
        bool by_event = false;
        bool negate = false;
        std::vector<const index::RegionColumn*> columns;
        std::vector<std::vector<std::uint8_t>> ok;
    };
    const SegmentTables::UnitTable& unit_table_;
    bool every_unit_live_;
    bool by_date_;
    const index::RegionColumn* dates_ = nullptr;
    std::vector<std::uint8_t> date_ok_;
    std::vector<Table> tables_;
};

}  // namespace presser::search
