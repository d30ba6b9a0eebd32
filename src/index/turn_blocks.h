// Block directories of per-turn frequency lists (`turns.blk`, docs/index-format.md): where each block of
// kTurnBlockSize entries starts, and points that bound its entries' BM25 weights for any parameters.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "index/file_io.h"
#include "index/segment_files.h"

namespace presser::index {

// (frequency, turn length in tokens)
using ImpactPoint = std::pair<std::uint32_t, std::uint32_t>;

// The vertices of the upper hull of a block's entries in the (length, frequency) plane, from the shortest
// entry with the most occurrences to the most frequent entry. For any k1, b and average length, the entry
// with the largest BM25 pseudo-frequency frequency / (1 - b + b * length / avglen) is one of them, so the
// largest over the points bounds the block. Reorders `entries`.
void impact_hull(std::vector<ImpactPoint>& entries, std::vector<ImpactPoint>& hull);

// One block as read from the file: its first entry's byte offset in the list, the turn of the entry
// before it (kNoTurn for the first block) and its hull.
struct TurnBlock {
    std::uint32_t offset = 0, previous = kNoTurn;
    const char* points = nullptr;
    std::uint32_t point_count = 0;
    [[nodiscard]] ImpactPoint point(std::uint32_t i) const {
        return {load<std::uint32_t>(points + i * 8ull), load<std::uint32_t>(points + i * 8ull + 4)};
    }
};

// The directory of one list in the mapped file: `blocks` records (u32 offset, u32 previous, u32 first
// point), u32 point count, then the points (u32 frequency, u32 length).
class TurnBlocks {
public:
    TurnBlocks() = default;
    // `bytes` from the directory's start to the end of the directories; empty when they do not fit.
    TurnBlocks(std::string_view bytes, std::uint64_t blocks);
    [[nodiscard]] std::uint64_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    // A block whose point range is damaged has no points.
    [[nodiscard]] TurnBlock operator[](std::uint64_t block) const;

private:
    const char* data_ = nullptr;
    std::uint64_t size_ = 0;
    const char* points_ = nullptr;
    std::uint32_t point_total_ = 0;
};

// Appends one list's directory, as TurnBlocks reads it: offsets[b], previous[b] and hulls[b] per block.
void append_turn_blocks(std::vector<std::uint32_t>& out, const std::vector<std::uint32_t>& offsets,
                        const std::vector<std::uint32_t>& previous, const std::vector<std::vector<ImpactPoint>>& hulls);

}  // namespace presser::index
