#include "server/search_request.h"

#include "server/json_params.h"

namespace presser::server {

search::SearchResult run_search(const Call& call, const std::string& q, search::SearchOptions options, std::string_view error_prefix) {
    if (call.api.options.timeout_ms) options.deadline = call.deadline;
    auto searcher = call.api.searchers.take(call.deadline, call.api.options.timeout_ms);
    auto result = searcher->search(q, options);
    if (!result) {
        const auto& error = result.error();
        if (error.code == ErrorCode::timed_out) call.timed_out();
        const auto column = column_of(error.message);
        throw ApiError{400, (column ? std::string(error_prefix) : std::string()) + error.message, column};
    }
    return std::move(result.value());
}

}  // namespace presser::server
