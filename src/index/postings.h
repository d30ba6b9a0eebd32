// Positional postings: for one term of one attribute, the strictly increasing token positions (within
// the segment) where it occurs.
//
// Encoding of one list (docs/index-format.md): varint count; when count > kBlockSize a skip table of
// one (u32 last position, u32 byte offset of the block) per block; then the blocks of kBlockSize (fewer in
// the last block) deltas `position - previous - 1` (previous = -1 before the first). A block is a width
// byte w and the deltas bit-packed at w bits; when its bit 7 is set (patched, as in PFor), w covers most
// deltas but not all: a byte of exception count e and a byte of high width h follow, then the low w bits
// of every delta packed, e bytes of exception indexes, and the exceptions' high bits packed at h bits.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace presser::index {

// Appends the encoding of `positions` (strictly increasing) to `out`.
void encode_postings(const std::uint32_t* positions, std::size_t count, std::string& out);

// Walks one encoded list. Reads never go past `end`; a corrupt list ends early instead (and
// corrupt() says so), which `index check` reports.
class PostingCursor {
public:
    PostingCursor() = default;
    PostingCursor(const char* begin, const char* end);

    [[nodiscard]] std::uint32_t size() const { return count_; }
    [[nodiscard]] bool valid() const { return index_ < count_; }
    [[nodiscard]] std::uint32_t value() const { return buffer_[index_ % kBuffer]; }
    // How many positions of the list come before the current one (size() at the end).
    [[nodiscard]] std::uint32_t ordinal() const { return std::min(index_, count_); }
    void next();
    // Moves to the first position >= target (never backwards).
    void seek(std::uint32_t target);
    // Appends every position from the current one to the end.
    void drain(std::vector<std::uint32_t>& out);
    // Appends the positions from the current one that are below `limit`, and stops at the first that is not.
    void drain_below(std::uint32_t limit, std::vector<std::uint32_t>& out);
    [[nodiscard]] bool corrupt() const { return corrupt_; }
    // The decoded positions from the current one to the end of its block (none at the end), for callers
    // that merge a block at a time; advance(k) moves k positions on (k <= their count), into the next
    // block when it reaches the end of this one.
    [[nodiscard]] std::span<const std::uint32_t> block_rest() const;
    void advance(std::uint32_t k);

private:
    static constexpr std::uint32_t kBuffer = 128;
    void load_block(std::uint32_t block);

    const char* data_ = nullptr;   // first block
    const char* skip_ = nullptr;   // skip table or nullptr
    const char* end_ = nullptr;
    std::uint32_t count_ = 0;
    std::uint32_t blocks_ = 0;
    std::uint32_t index_ = 0;
    std::uint32_t block_ = UINT32_MAX;
    bool corrupt_ = false;
    std::uint32_t buffer_[kBuffer] = {};
};

// Keeps the positions p of `positions[0, count)` (increasing) for which p + offset is in `list`, in their
// order at the front of `positions`, and returns how many there are. The list is read forward from where it
// stands, seeking over blocks that hold none of the targets, and is left at the first position not below the
// last target, so successive calls take increasing positions (a phrase's candidates, a block at a time).
std::size_t keep_present(std::uint32_t* positions, std::size_t count, std::uint32_t offset, PostingCursor& list);

// Decodes a whole list.
[[nodiscard]] std::vector<std::uint32_t> decode_postings(const char* begin, const char* end);

}  // namespace presser::index
