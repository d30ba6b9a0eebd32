// Which stored talking points a list shows, and in what order: the filters and sorts `presser
// talking-points list` and GET /api/talking-points share (docs/talking-points.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/talking_points.h"
#include "model/error.h"

namespace presser::analysis {

struct TalkingPointFilter {
    std::uint64_t min_events = 2;
    enum class Boilerplate { exclude, include, only } boilerplate = Boilerplate::exclude;
    std::string language;             // exact; empty: any
    std::string from, to;             // ISO date prefixes, inclusive: a point with an occurrence in range
    std::string speaker, organiser;   // exact: a point with an occurrence of theirs (in the date range)
    enum class Sort { count, first, spread } sort = Sort::count;
};

// "exclude" / "include" / "only" and "count" / "first" / "spread"; an error names the expected values.
[[nodiscard]] Result<TalkingPointFilter::Boilerplate> parse_boilerplate_choice(const std::string& text);
[[nodiscard]] Result<TalkingPointFilter::Sort> parse_talking_point_sort(const std::string& text);

// The points that pass, sorted: count (most occurrences first), first (earliest first seen) or spread
// (most events first); ties by id.
[[nodiscard]] std::vector<const TalkingPoint*> select_talking_points(const TalkingPointSet& set, const TalkingPointFilter& filter);

}  // namespace presser::analysis
