#include "cli/progress.h"

#include <cstdio>

namespace presser::cli {

Progress::Progress(std::string what, std::uint64_t total, bool enabled)
    : what_(std::move(what)), total_(total), enabled_(enabled) {}

Progress::~Progress() { finish(); }

void Progress::advance(std::uint64_t items, std::uint64_t bytes, std::uint64_t tokens) {
    std::lock_guard lock(mutex_);
    done_ += items;
    bytes_ += bytes;
    tokens_ += tokens;
    auto now = std::chrono::steady_clock::now();
    if (enabled_ && now - last_draw_ > std::chrono::milliseconds(100)) {
        last_draw_ = now;
        draw(false);
    }
}

void Progress::finish() {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    if (enabled_) draw(true);
}

void Progress::draw(bool final) {
    constexpr int kWidth = 30;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    int filled = total_ ? static_cast<int>(kWidth * done_ / total_) : kWidth;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, ' ');
    const double rate = seconds > 0 ? 1.0 / seconds : 0.0;
    std::string tokens;
    if (tokens_ > 0) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "  %.2fM tokens/s", static_cast<double>(tokens_) / 1e6 * rate);
        tokens = buffer;
    }
    std::fprintf(stderr, "\r%s [%s] %llu/%llu  %.1f MB/s%s%s", what_.c_str(), bar.c_str(),
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                 static_cast<double>(bytes_) / 1e6 * rate, tokens.c_str(), final ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace presser::cli
