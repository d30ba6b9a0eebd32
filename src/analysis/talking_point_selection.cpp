#include "analysis/talking_point_selection.h"

#include <algorithm>
#include <tuple>

namespace presser::analysis {

Result<TalkingPointFilter::Boilerplate> parse_boilerplate_choice(const std::string& text) {
    if (text == "exclude") return TalkingPointFilter::Boilerplate::exclude;
    if (text == "include") return TalkingPointFilter::Boilerplate::include;
    if (text == "only") return TalkingPointFilter::Boilerplate::only;
    return plain_error("boilerplate must be exclude, include or only, not '" + text + "'");
}

Result<TalkingPointFilter::Sort> parse_talking_point_sort(const std::string& text) {
    if (text == "count") return TalkingPointFilter::Sort::count;
    if (text == "first") return TalkingPointFilter::Sort::first;
    if (text == "spread") return TalkingPointFilter::Sort::spread;
    return plain_error("sort must be count, first or spread, not '" + text + "'");
}

std::vector<const TalkingPoint*> select_talking_points(const TalkingPointSet& set, const TalkingPointFilter& filter) {
    using Boilerplate = TalkingPointFilter::Boilerplate;
    std::vector<const TalkingPoint*> out;
    for (const auto& point : set.points) {
        if (point.events < filter.min_events) continue;
        if (filter.boilerplate == Boilerplate::exclude && point.boilerplate) continue;
        if (filter.boilerplate == Boilerplate::only && !point.boilerplate) continue;
        if (!filter.language.empty() && point.language != filter.language) continue;
        const bool any = std::any_of(point.occurrences.begin(), point.occurrences.end(), [&](const TalkingPointOccurrence& o) {
            return (filter.from.empty() || o.date >= filter.from) && (filter.to.empty() || o.date.substr(0, filter.to.size()) <= filter.to) &&
                   (filter.speaker.empty() || o.speaker == filter.speaker) && (filter.organiser.empty() || o.organiser == filter.organiser);
        });
        if (any) out.push_back(&point);
    }
    std::stable_sort(out.begin(), out.end(), [&](const TalkingPoint* a, const TalkingPoint* b) {
        switch (filter.sort) {
            case TalkingPointFilter::Sort::first: return std::tie(a->first_seen, a->id) < std::tie(b->first_seen, b->id);
            case TalkingPointFilter::Sort::spread: return a->events != b->events ? a->events > b->events : a->id < b->id;
            case TalkingPointFilter::Sort::count: break;
        }
        return a->occurrences.size() != b->occurrences.size() ? a->occurrences.size() > b->occurrences.size() : a->id < b->id;
    });
    return out;
}

}  // namespace presser::analysis
