// How a long analysis stops early: the caller's cancel flag, or its checkpoint (the server's compute lanes
// stop a request whose client went away or whose deadline passed, as query::QueryOptions::checkpoint does
// for CQL). One Interruption is shared by the threads of one analysis.
//
//   Interruption stop(options.cancel, options.checkpoint);
//   ... in the loops, every block:  if (stop.requested()) return;
//   if (stop.requested()) return stop.error();
//
// Contract:
//  * requested() is thread-safe; once it has answered true, it answers true on every thread without asking
//    the flag or the checkpoint again, and error() is the first reason: "cancelled" (ErrorCode::cancelled)
//    for the flag, else the checkpoint's error.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

#include "model/error.h"

namespace presser::analysis {

using Checkpoint = std::function<std::optional<Error>()>;

class Interruption {
public:
    Interruption(const std::atomic<bool>* cancel, const Checkpoint& checkpoint) : cancel_(cancel), checkpoint_(checkpoint) {}
    [[nodiscard]] bool requested();
    [[nodiscard]] Error error() const;

private:
    const std::atomic<bool>* cancel_;
    const Checkpoint& checkpoint_;
    std::atomic<bool> stopped_{false};
    mutable std::mutex mutex_;
    std::optional<Error> error_;
};

}  // namespace presser::analysis
