// The union of some posting lists as one rising stream of positions (segment_run.h's candidate starts).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "index/postings.h"

namespace presser::query::plan {

// The union of some posting lists, in order, read lazily (so the first hits come before the last postings
// are decoded): one cursor, a heap of a few, or the materialised union of many. A union of many terms
// starts as a heap too, so that a first page costs one block per term, and materialises the rest (`rest`)
// once the page is likely past.
class PositionStream {
public:
    using Rest = std::function<std::vector<std::uint32_t>(std::uint32_t from)>;
    static constexpr std::uint64_t kLazyPrefix = 1024;

    PositionStream(std::vector<index::PostingCursor> cursors, std::vector<std::uint32_t> materialised, bool lazy, Rest rest = {})
        : cursors_(std::move(cursors)), materialised_(std::move(materialised)), lazy_(lazy), rest_(std::move(rest)) {
        if (!lazy_) return;
        for (std::size_t i = 0; i < cursors_.size(); ++i)
            if (cursors_[i].valid()) heap_.push_back({cursors_[i].value(), i});
        std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
    }
    bool next(std::uint32_t& out) {
        if (lazy_ && rest_ && emitted_ == kLazyPrefix) {
            materialised_ = rest_(last_ + 1);
            lazy_ = false;
            cursors_.clear();
            heap_.clear();
        }
        if (!lazy_) {
            if (at_ >= materialised_.size()) return false;
            out = materialised_[at_++];
            return true;
        }
        if (cursors_.size() == 1) {
            auto& c = cursors_.front();
            if (!c.valid()) return false;
            out = c.value();
            c.next();
            return true;
        }
        while (!heap_.empty()) {
            std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
            auto [value, i] = heap_.back();
            heap_.pop_back();
            auto& c = cursors_[i];
            c.next();
            if (c.valid()) {
                heap_.push_back({c.value(), i});
                std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
            }
            if (started_ && value == last_) continue;
            started_ = true;
            last_ = out = value;
            ++emitted_;
            return true;
        }
        return false;
    }

private:
    std::vector<index::PostingCursor> cursors_;
    std::vector<std::uint32_t> materialised_;
    bool lazy_;
    Rest rest_;
    std::uint64_t emitted_ = 0;
    std::size_t at_ = 0;
    std::vector<std::pair<std::uint32_t, std::size_t>> heap_;
    bool started_ = false;
    std::uint32_t last_ = 0;
};

}  // namespace presser::query::plan
