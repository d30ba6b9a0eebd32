// How a metadata filter's value compares with the values the index stores, the one definition every route,
// the CLI and both UI modes use (docs/api.md, "Filters"): speaker, outlet, organiser and language match the
// whole stored value case-insensitively (NFKC case folding, so "powell" is not "Jerome Powell" but
// "jerome powell" is); an outlet matches any one of a speaker's affiliations (stored joined by "; ");
// event ids, roles and kinds match exactly.
//
//   FilterValues wanted({"jerome powell"}, FilterValues::Compare::folded);
//   wanted.matches("Jerome Powell")                                       // true
//   filter_spellings(index, Structure::turn, "speaker", Compare::folded)  // {"jerome powell": {"Jerome Powell", ...}}
#pragma once

#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "index/index.h"

namespace presser::index {

class FilterValues {
public:
    enum class Compare { exact, folded, folded_part };  // folded_part: one of the "; "-joined parts
    FilterValues(const std::vector<std::string>& wanted, Compare compare);
    [[nodiscard]] bool matches(std::string_view stored) const;
    [[nodiscard]] bool empty() const { return keys_.empty(); }
    [[nodiscard]] Compare compare() const { return compare_; }

private:
    [[nodiscard]] bool matches_whole(std::string_view stored) const;
    Compare compare_;
    std::vector<std::string> keys_;  // folded unless exact
};

// How each filter compares ("speaker", "outlet", "organiser", "language" fold; "event", "role", "kind" exact).
[[nodiscard]] FilterValues::Compare filter_compare(std::string_view filter);

// The key a folded comparison compares: NFKC case folding of the value.
[[nodiscard]] std::string filter_key(std::string_view value);

// Every stored spelling of `column` of `structure` in the index's segments by its key (for folded_part,
// the parts themselves), sorted: the exact values a folded filter value stands for, so that a filter can be
// given to a matcher of exact values (CQL's within clauses) and select what the folded comparison selects.
using Spellings = std::unordered_map<std::string, std::vector<std::string>>;
[[nodiscard]] Spellings filter_spellings(const Index& index, Structure structure, std::string_view column,
                                         FilterValues::Compare compare);

}  // namespace presser::index
