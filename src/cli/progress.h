// A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr is not a
// terminal unless forced.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace presser::cli {

class Progress {
public:
    Progress(std::string what, std::uint64_t total, bool enabled);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void advance(std::uint64_t items, std::uint64_t bytes, std::uint64_t tokens = 0);  // thread-safe
    void finish();

private:
    void draw(bool final);

    std::string what_;
    std::uint64_t total_;
    bool enabled_;
    std::uint64_t done_ = 0;
    std::uint64_t bytes_ = 0;
    std::uint64_t tokens_ = 0;
    bool finished_ = false;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace presser::cli
