#include "server/compute_lanes.h"

#include <string>

namespace presser::server {

ComputeLanes::ComputeLanes(unsigned fast, unsigned slow, std::chrono::milliseconds demote_after)
    : fast_(fast, [] { return std::make_unique<int>(0); }),
      slow_(slow, [] { return std::make_unique<int>(0); }),
      slow_limit_(2 * slow),
      demote_after_(demote_after) {}

std::unique_ptr<ComputeLanes::Ticket> ComputeLanes::enter(Clock::time_point deadline, std::uint64_t timeout_ms) {
    auto fast = fast_.take(deadline, timeout_ms);
    return std::unique_ptr<Ticket>(new Ticket(*this, std::move(fast), deadline, timeout_ms));
}

ComputeLanes::Ticket::Ticket(ComputeLanes& lanes, Pool<int>::Lease fast, Clock::time_point deadline, std::uint64_t timeout_ms)
    : lanes_(lanes), started_(Clock::now()), deadline_(deadline), timeout_ms_(timeout_ms) {
    fast_.emplace(std::move(fast));
}

ComputeLanes::Ticket::~Ticket() {
    if (counted_in_slow_) lanes_.in_slow_.fetch_sub(1);
}

std::optional<Error> ComputeLanes::Ticket::checkpoint() {
    if (slow_running_.load(std::memory_order_relaxed)) return std::nullopt;
    if (Clock::now() - started_ < lanes_.demote_after_) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (stopped_) return stopped_;
    if (slow_) return std::nullopt;  // another thread of this request moved it
    if (lanes_.in_slow_.fetch_add(1) >= lanes_.slow_limit_) {
        lanes_.in_slow_.fetch_sub(1);
        stopped_ = stopped_error(ErrorCode::overloaded, std::to_string(lanes_.slow_limit_) +
                                                            " long requests are already running or waiting; retry later, or narrow the query");
        return stopped_;
    }
    counted_in_slow_ = true;
    fast_.reset();
    try {
        slow_.emplace(lanes_.slow_.take(deadline_, timeout_ms_));
    } catch (const ApiError&) {
        stopped_ = stopped_error(ErrorCode::timed_out);
        return stopped_;
    }
    slow_running_.store(true, std::memory_order_relaxed);
    return std::nullopt;
}

}  // namespace presser::server
