// The fuzz check for the search box: any bytes go through the query parser and, when they parse, through
// the Searcher over a small index built once (three briefings in two segments, one event replaced, so that
// every scorer and a deleted event are in play). Nothing may crash; errors must be well formed; and the
// pruned top k must be the exhaustive one, with exact totals, for every unit and both sort orders.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace presser::fuzz {

[[nodiscard]] std::vector<std::string> check_search_query(std::string_view input);

}  // namespace presser::fuzz
