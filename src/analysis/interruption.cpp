#include "analysis/interruption.h"

namespace presser::analysis {

bool Interruption::requested() {
    if (stopped_.load(std::memory_order_relaxed)) return true;
    std::optional<Error> why;
    if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) why = stopped_error(ErrorCode::cancelled);
    else if (checkpoint_) why = checkpoint_();
    if (!why) return false;
    const std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(why);
    stopped_.store(true, std::memory_order_relaxed);
    return true;
}

Error Interruption::error() const {
    const std::lock_guard lock(mutex_);
    return error_.value_or(stopped_error(ErrorCode::cancelled));
}

}  // namespace presser::analysis
