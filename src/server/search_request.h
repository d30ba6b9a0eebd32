// A ranked search of a request: run on a leased Searcher under the request's deadline (503 past it); a bad
// query is a 400 naming its column. Shared by /api/search, /api/timeline and the event reader.
#pragma once

#include <string>
#include <string_view>

#include "search/searcher.h"
#include "server/api.h"

namespace presser::server {

// `error_prefix` goes before the searcher's message in a 400 ("query: ").
[[nodiscard]] search::SearchResult run_search(const Call& call, const std::string& q, search::SearchOptions options,
                                              std::string_view error_prefix = "query: ");

}  // namespace presser::server
