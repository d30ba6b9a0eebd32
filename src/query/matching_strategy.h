// The matching strategies of CQL queries (docs/cql.md, "Matching strategies"), shared by the reference
// evaluator and the index's.
#pragma once

#include <optional>
#include <string_view>

namespace presser::query {

// Which hits a query gives when several spans match (docs/cql.md, "Matching strategies"):
//  * standard: from each start the shortest match, then of those ending at the same token the one starting
//    first (CQP's default);
//  * shortest: from each start the shortest match, then of those ending at the same token the one starting
//    last (no leading optional element is taken);
//  * longest: from each start the longest match, then of those ending at the same token the one starting
//    first;
//  * all: every matching span (BlackLab's results).
enum class MatchingStrategy { standard, shortest, longest, all };
[[nodiscard]] std::string_view to_string(MatchingStrategy strategy);
// "standard", "shortest", "longest" or "all"; nullopt for anything else.
[[nodiscard]] std::optional<MatchingStrategy> parse_matching_strategy(std::string_view text);

}  // namespace presser::query
