// The server's worker pool: objects lent first come first served, one waiter woken per returned object,
// and a 503 for a request whose deadline passes while it waits.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "server/api.h"

namespace presser::server {
namespace {

using Clock = std::chrono::steady_clock;

TEST(ServerPool, WaitersAreServedInArrivalOrder) {
    Pool<int> pool(1, [] { return std::make_unique<int>(7); });
    auto first = std::make_unique<Pool<int>::Lease>(pool.take(Clock::now() + std::chrono::seconds(5), 5000));
    EXPECT_EQ(**first, 7);
    std::mutex mutex;
    std::vector<int> served;
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            auto lease = pool.take(Clock::now() + std::chrono::seconds(30), 30000);
            std::lock_guard lock(mutex);
            served.push_back(i);
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // arrive in order i
    }
    first.reset();  // the one object goes round all eight
    for (auto& t : threads) t.join();
    EXPECT_EQ(served, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(ServerPool, ObjectsAreCreatedUpToTheLimitThenReused) {
    std::atomic<int> made{0};
    Pool<int> pool(2, [&] { return std::make_unique<int>(++made); });
    {
        auto a = pool.take(Clock::now() + std::chrono::seconds(5), 5000);
        auto b = pool.take(Clock::now() + std::chrono::seconds(5), 5000);
        EXPECT_NE(*a, *b);
    }
    auto c = pool.take(Clock::now() + std::chrono::seconds(5), 5000);
    EXPECT_EQ(made.load(), 2);
}

TEST(ServerPool, AWaiterPastItsDeadlineGets503AndTheNextIsStillServed) {
    Pool<int> pool(1, [] { return std::make_unique<int>(1); });
    auto held = std::make_unique<Pool<int>::Lease>(pool.take(Clock::now() + std::chrono::seconds(5), 5000));
    std::atomic<bool> later_served{false};
    std::thread patient([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // behind the impatient one
        auto lease = pool.take(Clock::now() + std::chrono::seconds(30), 30000);
        later_served = true;
    });
    try {
        (void)pool.take(Clock::now() + std::chrono::milliseconds(100), 100);
        ADD_FAILURE() << "no 503";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.status, 503);
        EXPECT_NE(e.message.find("100 ms"), std::string::npos) << e.message;
    }
    held.reset();
    patient.join();
    EXPECT_TRUE(later_served.load());
}

}  // namespace
}  // namespace presser::server
