// Runs work(t) for t in [0, threads): t = 0 on the calling thread, the others on threads of their own,
// joined before returning (internal to src/analysis).
#pragma once

#include <thread>
#include <vector>

namespace presser::analysis {

template <typename Work>
void on_threads(unsigned threads, const Work& work) {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&, t] { work(t); });
    work(0);
    for (auto& thread : pool) thread.join();
}

}  // namespace presser::analysis
