// The index writer's system calls that can fail on a sick or full disk (write, fsync, rename), counted and,
// for the tests, made to fail: a process-wide fault plan makes the Nth such call fail with a chosen errno
// (EIO, ENOSPC), as SQLite's tests do with their interposed I/O layer. Without a plan the calls go straight
// to the system; the cost is one relaxed atomic increment per call (calls are per 1 MB buffer, not per byte).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>

namespace presser::index {

struct IoFaultPlan {
    std::uint64_t fail_at = 0;  // 1-based number of the call (counted from set_io_fault_plan) that fails; 0: none
    int error = 0;              // the errno it fails with
    bool every_call_after = false;  // also fail every later call (a disk that stays full or broken)
};

// Sets the plan and restarts the count (tests only; not thread-safe against calls in flight).
void set_io_fault_plan(const IoFaultPlan& plan);
// Writes, fsyncs and renames through the functions below since the last set_io_fault_plan.
[[nodiscard]] std::uint64_t io_calls();

// ::write, ::fsync and std::rename, failing (-1 with errno set) where the plan says.
[[nodiscard]] ssize_t checked_write(int fd, const void* data, std::size_t size);
[[nodiscard]] int checked_fsync(int fd);
[[nodiscard]] int checked_rename(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace presser::index
