#include "search/turn_list_cursor.h"

#include <algorithm>
#include <bit>

#include "index/segment.h"

namespace presser::search {

TurnListCursor::TurnListCursor(std::string_view list, const index::TurnBlocks& blocks, std::vector<float> block_bounds,
                               const std::vector<float>& inverse_norm, std::vector<std::uint64_t>& turn_bits)
    : list_(list), blocks_(blocks), bounds_(std::move(block_bounds)), inverse_norm_(&inverse_norm), turn_bits_(&turn_bits) {
    entries_ = index::TurnFrequencyReader(list_).size();
    block_count_ = entries_ == 0 ? 0 : blocks_.empty() ? 1 : blocks_.size();
    decoded_blocks_.assign(block_count_, false);
    if (blocks_.empty()) {
        bounds_.assign(block_count_, 0.0F);
        if (valid()) bounds_[0] = *std::max_element(weights_.begin(), weights_.begin() + static_cast<std::ptrdiff_t>(size_));
    }
    bounds_.resize(block_count_, 0.0F);
    for (const auto bound : bounds_) max_bound_ = std::max(max_bound_, bound);
}

std::uint32_t TurnListCursor::first_turn(std::uint64_t block) const {
    if (blocks_.empty()) return 0;
    const auto previous = blocks_[block].previous;
    return previous == index::kNoTurn ? 0 : previous + 1;
}

std::uint32_t TurnListCursor::last_turn(std::uint64_t block) const {
    return block + 1 < block_count_ && !blocks_.empty() ? blocks_[block + 1].previous : UINT32_MAX;
}

std::uint32_t TurnListCursor::block_first() const { return first_turn(block_); }

std::uint32_t TurnListCursor::block_last() const { return last_turn(block_); }

void TurnListCursor::next_block() { ++block_; }

bool TurnListCursor::decode() {
    while (decoded_ != block_ && !at_end()) {
        auto reader = block_reader(block_);
        // A block of up to 128 entries takes at least two bytes (a damaged count must not size the buffers).
        const auto capacity = static_cast<std::size_t>(std::min<std::uint64_t>(reader.size(), list_.size() * (index::kTurnBlockSize / 2)));
        if (turns_.size() < capacity) {
            turns_.resize(capacity);
            weights_.resize(capacity);
        }
        auto& bits = *turn_bits_;
        const auto& inverse_norm = *inverse_norm_;
        std::size_t n = 0;
        const std::uint32_t *turns = nullptr, *frequencies = nullptr;
        std::uint32_t count = 0;
        const auto units = inverse_norm.size();
        while (n < capacity && reader.next_block(turns, frequencies, count))
            for (std::uint32_t i = 0; i < count && n < capacity; ++i)
                if (const auto t = turns[i]; t < units) {
                    turns_[n] = t;
                    weights_[n] = static_cast<float>(frequencies[i] + 1) * inverse_norm[t];
                    bits[t / 64] |= std::uint64_t{1} << (t % 64);
                    ++n;
                }
        size_ = n;
        decoded_ = block_;
        decoded_blocks_[block_] = true;
        at_ = 0;
        if (n == 0) ++block_;
    }
    return !at_end();
}

void TurnListCursor::seek(std::uint32_t turn) {
    while (!at_end()) {
        if (block_last() < turn) {
            next_block();
            continue;
        }
        if (!valid()) return;
        while (at_ < size_ && turns_[at_] < turn) ++at_;
        if (at_ < size_) return;
        next_block();
    }
}

index::TurnFrequencyReader TurnListCursor::block_reader(std::uint64_t block) const {
    if (blocks_.empty()) return index::TurnFrequencyReader(list_);
    return index::TurnFrequencyReader(list_, blocks_[block],
                                      std::min<std::uint64_t>(index::kTurnBlockSize, entries_ - block * index::kTurnBlockSize));
}

void TurnListCursor::set_bits(std::uint64_t block) {
    auto& bits = *turn_bits_;
    auto reader = block_reader(block);
    const std::uint32_t* turns = nullptr;
    std::uint32_t count = 0;
    const auto units = inverse_norm_->size();
    while (reader.next_turns(turns, count))
        for (std::uint32_t i = 0; i < count; ++i)
            if (const auto t = turns[i]; t < units) bits[t / 64] |= std::uint64_t{1} << (t % 64);
}

std::size_t gallop(const std::vector<std::uint32_t>& list, std::size_t from, std::uint32_t value) {
    std::size_t step = 1, low = from, high = from;
    while (high < list.size() && list[high] < value) {
        low = high + 1;
        high += step;
        step *= 2;
    }
    high = std::min(high, list.size());
    return static_cast<std::size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(low),
                                                     list.begin() + static_cast<std::ptrdiff_t>(high), value) - list.begin());
}

// Debian's baseline x86-64 has no popcnt instruction; without one, std::popcount is a libgcc call per word.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
std::uint64_t count_bits(const std::vector<std::uint64_t>& bits) {
    std::uint64_t count = 0;
    for (const auto word : bits) count += static_cast<std::uint64_t>(std::popcount(word));
    return count;
}

}  // namespace presser::search
