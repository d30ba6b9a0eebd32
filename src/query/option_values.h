// Option values that the CLI and the HTTP API both accept, checked in one place each; the callers add
// which option or parameter it was (CLI: exit 2, API: 400).
#pragma once

#include <string>
#include <string_view>

#include "index/index.h"
#include "query/concordance.h"

namespace presser::query {

// What a --from/--to (from=/to=) value must be.
inline constexpr std::string_view kDateBoundExpected = "a date YYYY, YYYY-MM or YYYY-MM-DD with a real month and day";

// YYYY, YYYY-MM or YYYY-MM-DD with month 1-12 and a day that month has ("2021-13-45" and "2023-02-29" are not).
[[nodiscard]] bool is_date_bound(std::string_view text);

// "" when the index has `by`'s attribute, else "STRUCTURE has no attribute 'X'; it has A, B, C".
[[nodiscard]] std::string group_by_problem(const index::Index& index, const GroupBy& by);

}  // namespace presser::query
