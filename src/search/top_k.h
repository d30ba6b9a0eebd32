// The collector of a search: the k best units across segments, by score (ties to the newest date, then to
// index order) or by date (newest first, ties by score).
//
// Contract: after any sequence of offer() calls, sorted() holds the k best candidates offered, best first,
// whatever the order they came in; threshold() is the score a candidate must beat to enter once the heap
// is full (-infinity before, and always when sorting by date, where scores do not decide entry).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

namespace presser::search {

struct Candidate {
    double score = 0;
    std::string_view date;  // ISO, a view of the segment's date column
    std::uint32_t segment = 0;
    std::uint32_t unit = 0;
};

class TopK {
public:
    TopK(std::size_t k, bool by_date) : k_(k), by_date_(by_date) {}

    [[nodiscard]] std::size_t k() const { return k_; }

    [[nodiscard]] bool better(const Candidate& a, const Candidate& b) const {
        if (by_date_) {
            if (a.date != b.date) return a.date > b.date;
            if (a.score != b.score) return a.score > b.score;
        } else {
            if (a.score != b.score) return a.score > b.score;
            if (a.date != b.date) return a.date > b.date;
        }
        if (a.segment != b.segment) return a.segment < b.segment;
        return a.unit < b.unit;
    }

    void offer(const Candidate& c) {
        if (k_ == 0) return;
        auto worse_on_top = [this](const Candidate& a, const Candidate& b) { return better(a, b); };
        if (heap_.size() < k_) {
            heap_.push_back(c);
            std::push_heap(heap_.begin(), heap_.end(), worse_on_top);
        } else if (better(c, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), worse_on_top);
            heap_.back() = c;
            std::push_heap(heap_.begin(), heap_.end(), worse_on_top);
        }
    }

    [[nodiscard]] double threshold() const {
        return !by_date_ && k_ > 0 && heap_.size() == k_ ? heap_.front().score : -std::numeric_limits<double>::infinity();
    }

    // The collected candidates, best first (the collector is left empty).
    [[nodiscard]] std::vector<Candidate> sorted() {
        std::sort_heap(heap_.begin(), heap_.end(), [this](const Candidate& a, const Candidate& b) { return better(a, b); });
        return std::move(heap_);
    }

private:
    std::size_t k_;
    bool by_date_;
    std::vector<Candidate> heap_;  // worst on top
};

}  // namespace presser::search
