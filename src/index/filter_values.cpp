#include "index/filter_values.h"

#include <algorithm>

#include "text/case_folding.h"

namespace presser::index {

namespace {

constexpr std::string_view kPartSeparator = "; ";

// Calls `each` with every "; "-separated part of `value`.
template <class Each>
void for_each_part(std::string_view value, Each each) {
    for (std::size_t at = 0; at <= value.size();) {
        std::size_t next = value.find(kPartSeparator, at);
        if (next == std::string_view::npos) next = value.size();
        each(value.substr(at, next - at));
        at = next + kPartSeparator.size();
    }
}

}  // namespace

FilterValues::FilterValues(const std::vector<std::string>& wanted, Compare compare) : compare_(compare) {
    for (const auto& value : wanted) keys_.push_back(compare == Compare::exact ? value : filter_key(value));
}

bool FilterValues::matches_whole(std::string_view stored) const {
    if (compare_ == Compare::exact) return std::find(keys_.begin(), keys_.end(), stored) != keys_.end();
    const auto key = filter_key(stored);
    return std::find(keys_.begin(), keys_.end(), key) != keys_.end();
}

bool FilterValues::matches(std::string_view stored) const {
    if (compare_ != Compare::folded_part) return matches_whole(stored);
    bool any = false;
    for_each_part(stored, [&](std::string_view part) { any = any || matches_whole(part); });
    return any;
}

FilterValues::Compare filter_compare(std::string_view filter) {
    if (filter == "outlet") return FilterValues::Compare::folded_part;
    if (filter == "speaker" || filter == "organiser" || filter == "language") return FilterValues::Compare::folded;
    return FilterValues::Compare::exact;
}

std::string filter_key(std::string_view value) { return text::nfkc_casefold(value); }

Spellings filter_spellings(const Index& index, Structure structure, std::string_view column, FilterValues::Compare compare) {
    Spellings out;
    auto add = [&](std::string_view value) { out[filter_key(value)].emplace_back(value); };
    for (const auto& segment : index.segments()) {
        const auto* values = segment->regions(structure).column(column);
        if (values == nullptr || values->numeric()) continue;
        for (std::uint32_t v = 0; v < values->values().size(); ++v) {
            const auto value = values->values().at(v);
            if (compare == FilterValues::Compare::folded_part) for_each_part(value, add);
            else add(value);
        }
    }
    for (auto& [key, spellings] : out) {
        std::sort(spellings.begin(), spellings.end());
        spellings.erase(std::unique(spellings.begin(), spellings.end()), spellings.end());
    }
    return out;
}

}  // namespace presser::index
