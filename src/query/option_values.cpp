#include "query/option_values.h"

#include <set>

#include "model/transcript.h"

namespace presser::query {

bool is_date_bound(std::string_view text) {
    // parse_iso also reads "---07" (a day of an unstated month), which bounds nothing.
    if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return false;
    }
    return model::PartialDate::parse_iso(text).has_value();
}

std::string group_by_problem(const index::Index& index, const GroupBy& by) {
    std::set<std::string> names;
    for (const auto& segment : index.segments()) {
        const auto& regions = segment->regions(by.structure);
        if (regions.column(by.column) != nullptr) return "";
        names.insert(regions.column_names().begin(), regions.column_names().end());
    }
    if (index.segments().empty()) return "";
    const std::string structure(index::to_string(by.structure));
    std::string known;
    for (const auto& name : names) known += (known.empty() ? "" : ", ") + structure + "." + name;
    return structure + " has no attribute '" + by.column + "'; it has " + (known.empty() ? "none" : known);
}

}  // namespace presser::query
