#include "index/io_faults.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

namespace presser::index {

namespace {

std::atomic<std::uint64_t> calls{0};
std::atomic<std::uint64_t> fail_at{0};
std::atomic<int> fail_error{0};
std::atomic<bool> fail_after{false};

// The errno this call must fail with, or 0.
int injected() {
    const auto number = calls.fetch_add(1, std::memory_order_relaxed) + 1;
    const auto at = fail_at.load(std::memory_order_relaxed);
    if (at == 0 || number < at || (number > at && !fail_after.load(std::memory_order_relaxed))) return 0;
    return fail_error.load(std::memory_order_relaxed);
}

}  // namespace

void set_io_fault_plan(const IoFaultPlan& plan) {
    fail_at = plan.fail_at;
    fail_error = plan.error;
    fail_after = plan.every_call_after;
    calls = 0;
}

std::uint64_t io_calls() { return calls.load(); }

ssize_t checked_write(int fd, const void* data, std::size_t size) {
    if (const int error = injected()) {
        errno = error;
        return -1;
    }
    return ::write(fd, data, size);
}

int checked_fsync(int fd) {
    if (const int error = injected()) {
        errno = error;
        return -1;
    }
    return ::fsync(fd);
}

int checked_rename(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (const int error = injected()) {
        errno = error;
        return -1;
    }
    return std::rename(from.c_str(), to.c_str());
}

}  // namespace presser::index
