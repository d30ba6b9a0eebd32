// The server's two compute lanes: a long request frees its fast slot at a checkpoint, the slow lane is
// bounded, and the extra long requests are refused rather than queued behind the others.
#include "server/compute_lanes.h"

#include <gtest/gtest.h>

#include <thread>

namespace presser::server {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(ComputeLanes, ALongRequestFreesItsFastSlotForTheNextRequest) {
    ComputeLanes lanes(1, 1, 0ms);
    auto long_one = lanes.enter(Clock::now() + 5s, 5000);
    EXPECT_FALSE(long_one->checkpoint().has_value());  // due at once: moves to the slow lane
    EXPECT_TRUE(long_one->in_slow_lane());
    // The one fast slot is free again: a second request gets it without waiting (a 1 ms deadline would
    // throw the 503 if it had to wait for the long one).
    auto short_one = lanes.enter(Clock::now() + 1ms, 1);
    EXPECT_FALSE(short_one->in_slow_lane());
}

TEST(ComputeLanes, NotDueYetStaysInTheFastLane) {
    ComputeLanes lanes(1, 1, 10min);
    auto request = lanes.enter(Clock::now() + 5s, 5000);
    EXPECT_FALSE(request->checkpoint().has_value());
    EXPECT_FALSE(request->in_slow_lane());
    EXPECT_THROW((void)lanes.enter(Clock::now() + 1ms, 1), ApiError);  // the fast slot is still held
}

TEST(ComputeLanes, AWaiterForTheSlowLaneTimesOutAtItsDeadline) {
    ComputeLanes lanes(2, 1, 0ms);
    auto first = lanes.enter(Clock::now() + 5s, 5000);
    ASSERT_FALSE(first->checkpoint().has_value());  // holds the one slow slot
    auto second = lanes.enter(Clock::now() + 50ms, 50);
    const auto stopped = second->checkpoint();      // waits for the slow slot until its deadline
    ASSERT_TRUE(stopped.has_value());
    EXPECT_EQ(stopped->code, ErrorCode::timed_out);
    EXPECT_EQ(second->checkpoint()->code, ErrorCode::timed_out);  // every later checkpoint says so too
}

TEST(ComputeLanes, LongRequestsPastTheSlowLanesLimitAreRefused) {
    ComputeLanes lanes(4, 1, 0ms);  // slow limit: 2 (one running, one waiting)
    ASSERT_EQ(lanes.slow_limit(), 2u);
    auto running = lanes.enter(Clock::now() + 5s, 5000);
    ASSERT_FALSE(running->checkpoint().has_value());
    auto waiting = lanes.enter(Clock::now() + 5s, 5000);
    std::thread waiter([&] { EXPECT_FALSE(waiting->checkpoint().has_value()); });  // gets the slot once `running` ends
    while (lanes.in_slow_lane() < 2) std::this_thread::yield();  // the waiter is in, waiting for the slot
    auto probe = lanes.enter(Clock::now() + 5s, 5000);
    const auto refused = probe->checkpoint();
    ASSERT_TRUE(refused.has_value()) << "the slow lane let a third long request in";
    EXPECT_EQ(refused->code, ErrorCode::overloaded);
    EXPECT_NE(refused->message.find("retry later"), std::string::npos) << refused->message;
    EXPECT_EQ(lanes.in_slow_lane(), 2u);
    running.reset();  // frees the slow slot: the waiter runs
    waiter.join();
    EXPECT_TRUE(waiting->in_slow_lane());
}

}  // namespace
}  // namespace presser::server
