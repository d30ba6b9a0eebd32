// Compute slots in two lanes, so that slow requests cannot starve fast ones.
//
//   ComputeLanes lanes(4, 2, 250ms);
//   auto ticket = lanes.enter(deadline, timeout_ms);          // waits for a fast slot (ApiError 503 past the deadline)
//   options.checkpoint = [&] { return ticket->checkpoint(); };  // in the request's evaluation loops
//
// Contract:
//  * Every request starts in the fast lane (`fast` slots, first come first served). One still computing
//    `demote_after` after it got its slot moves, at its next checkpoint, to the slow lane: it frees its fast
//    slot at once and waits for one of `slow` slots (until its deadline: then the checkpoint answers
//    timed_out). So at most `slow` long requests compute at once, and they never hold a fast slot.
//  * At most 2 × `slow` requests are in the slow lane at once, running or waiting; one more is refused at
//    its checkpoint with an ErrorCode::overloaded error (the server answers 503), so long requests cannot
//    pile up and hold the per-request objects (Searchers, Concordancers) that fast requests need: at most
//    fast + 2 × slow requests hold one.
//  * checkpoint() is thread-safe (an evaluation may run on several threads); it reads the clock once and
//    takes no lock until the request is due to move.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "model/error.h"
#include "server/api.h"

namespace presser::server {

class ComputeLanes {
public:
    using Clock = std::chrono::steady_clock;
    ComputeLanes(unsigned fast, unsigned slow, std::chrono::milliseconds demote_after);

    class Ticket {
    public:
        ~Ticket();
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;
        [[nodiscard]] std::optional<Error> checkpoint();
        [[nodiscard]] bool in_slow_lane() const { return slow_running_.load(std::memory_order_relaxed); }

    private:
        friend class ComputeLanes;
        Ticket(ComputeLanes& lanes, Pool<int>::Lease fast, Clock::time_point deadline, std::uint64_t timeout_ms);
        ComputeLanes& lanes_;
        const Clock::time_point started_, deadline_;
        const std::uint64_t timeout_ms_;
        std::atomic<bool> slow_running_{false};
        std::mutex mutex_;
        std::optional<Pool<int>::Lease> fast_, slow_;
        std::optional<Error> stopped_;  // the refusal or timeout every later checkpoint repeats
        bool counted_in_slow_ = false;
    };

    // Waits for a fast slot until `deadline` (ApiError 503 after it).
    [[nodiscard]] std::unique_ptr<Ticket> enter(Clock::time_point deadline, std::uint64_t timeout_ms);
    [[nodiscard]] unsigned slow_limit() const { return slow_limit_; }
    // Requests in the slow lane now, running or waiting.
    [[nodiscard]] unsigned in_slow_lane() const { return in_slow_.load(); }

private:
    Pool<int> fast_, slow_;
    const unsigned slow_limit_;
    const std::chrono::milliseconds demote_after_;
    std::atomic<unsigned> in_slow_{0};
};

}  // namespace presser::server
