// A term's per-turn frequency list in one segment (`turns.tf` with its `turns.blk` directory), walked
// block by block straight from the mapped index for block-max scoring of several words: a block is decoded
// only when the scorer needs one of its entries, and skipped whole (without decoding) when its bound
// cannot lift a unit into the top k. Lists of at most one block (no directory) are decoded at once.
//
// Contract: entries come in increasing turn order, each with its BM25 pseudo-frequency
// `frequency * inverse_norm[turn]`, exactly as the general path computes it, so scores are bit-identical;
// entries whose turn is not below inverse_norm.size() (a damaged list) are left out. block_bound() is at
// least the weight of every entry of the current block.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "index/segment.h"
#include "index/turn_blocks.h"

namespace presser::search {

class TurnListCursor {
public:
    // `block_bounds[b]` bounds the weights of block b (computed by the caller from the block's impact
    // points); with an empty directory, the whole list is one block and its bound is its largest weight.
    // Every decoded entry's turn is set in `turn_bits` (a bit per turn of the segment), so that the union
    // of several lists is counted without decoding a block twice (see set_remaining_bits).
    TurnListCursor(std::string_view list, const index::TurnBlocks& blocks, std::vector<float> block_bounds,
                   const std::vector<float>& inverse_norm, std::vector<std::uint64_t>& turn_bits);

    [[nodiscard]] bool at_end() const { return block_ >= block_count_; }
    // The largest weight bound over every block (the term's bound in the segment).
    [[nodiscard]] float max_bound() const { return max_bound_; }
    [[nodiscard]] float block_bound() const { return bounds_[block_]; }
    [[nodiscard]] std::uint64_t block() const { return block_; }
    // The first and the last turn the current block may hold (the turn after the previous block's last,
    // and its own last: UINT32_MAX for the list's last block, which is not known before decoding).
    [[nodiscard]] std::uint32_t block_first() const;
    [[nodiscard]] std::uint32_t block_last() const;
    void next_block();

    // Decodes the current block if needed (passing blocks that hold no valid entry); false at the end.
    [[nodiscard]] bool valid() { return decoded_ == block_ ? block_ < block_count_ : decode(); }
    // The current entry; only after valid() returned true.
    [[nodiscard]] std::uint32_t turn() const { return turns_[at_]; }
    [[nodiscard]] float weight() const { return weights_[at_]; }
    void next() {
        if (++at_ >= size_) next_block();
    }
    // The entries from the current one to the end of the decoded block (after valid()), for callers that
    // take them in bulk, and a move past `n` of them (into the next block when they were all).
    [[nodiscard]] std::span<const std::uint32_t> rest_turns() const { return {turns_.data() + at_, size_ - at_}; }
    [[nodiscard]] std::span<const float> rest_weights() const { return {weights_.data() + at_, size_ - at_}; }
    void advance(std::size_t n) {
        if ((at_ += n) >= size_) next_block();
    }
    // Moves to the first entry whose turn is at least `turn` (blocks wholly before it are not decoded).
    void seek(std::uint32_t turn);
    // Sets the bits of the turns of every block not decoded so far, except the blocks whose turns [first,
    // last] `wanted(first, last)` rules out (they are not decoded).
    template <class Wanted>
    void set_remaining_bits(Wanted&& wanted) {
        for (std::uint64_t b = 0; b < block_count_; ++b)
            if (!decoded_blocks_[b] && wanted(first_turn(b), last_turn(b))) set_bits(b);
    }
    void set_remaining_bits() {
        set_remaining_bits([](std::uint32_t, std::uint32_t) { return true; });
    }

private:
    bool decode();  // valid() when the current block is not decoded yet
    void set_bits(std::uint64_t block);
    [[nodiscard]] std::uint32_t first_turn(std::uint64_t block) const;
    [[nodiscard]] std::uint32_t last_turn(std::uint64_t block) const;
    [[nodiscard]] index::TurnFrequencyReader block_reader(std::uint64_t block) const;

    std::string_view list_;
    index::TurnBlocks blocks_;
    std::vector<float> bounds_;
    const std::vector<float>* inverse_norm_;
    std::uint64_t entries_ = 0, block_count_ = 0, block_ = 0;
    std::uint64_t decoded_ = UINT64_MAX;  // the block in turns_/weights_
    std::size_t at_ = 0;
    float max_bound_ = 0;
    std::vector<std::uint64_t>* turn_bits_;
    std::vector<bool> decoded_blocks_;
    // The decoded block (a list without directory is one block of any length, hence vectors).
    std::vector<std::uint32_t> turns_;
    std::vector<float> weights_;
    std::size_t size_ = 0;  // valid entries in turns_/weights_
};

// The first index at or after `from` whose value is not below `value` in the sorted `list`: probes at
// doubling distances, then searches the last gap (a scorer's probes rise slowly, so the answer is usually
// a few entries on).
[[nodiscard]] std::size_t gallop(const std::vector<std::uint32_t>& list, std::size_t from, std::uint32_t value);

// The number of set bits.
[[nodiscard]] std::uint64_t count_bits(const std::vector<std::uint64_t>& bits);

}  // namespace presser::search
