#include "index/postings.h"

#include <algorithm>

#include "index/bitpack.h"
#include "index/file_io.h"

namespace presser::index {
namespace {

constexpr unsigned kPatchedFlag = 0x80;  // in the width byte: the block has exceptions
constexpr unsigned kWidthMask = 0x3f;

// Appends one block of `n` deltas: the width w that makes the block smallest, the low w bits of every
// delta packed, and the deltas that do not fit as exceptions (their index and their high bits).
void append_block(std::uint32_t* deltas, std::size_t n, std::string& out) {
    unsigned histogram[33] = {};
    for (std::size_t i = 0; i < n; ++i) ++histogram[bit_width_of(deltas[i])];
    unsigned max_width = 32;
    while (max_width > 0 && histogram[max_width] == 0) --max_width;
    unsigned best = max_width;
    std::size_t best_bytes = packed_bytes(n, max_width), exceptions = 0;
    for (unsigned w = max_width; w-- > 0;) {
        exceptions += histogram[w + 1];
        const std::size_t bytes = packed_bytes(n, w) + 2 + exceptions + packed_bytes(exceptions, max_width - w);
        if (bytes < best_bytes) best_bytes = bytes, best = w;
    }
    if (best == max_width) {
        out.push_back(static_cast<char>(max_width));
        pack(deltas, n, max_width, out);
        return;
    }
    std::uint8_t indexes[kBlockSize];
    std::uint32_t highs[kBlockSize];
    std::size_t count = 0;
    const std::uint32_t mask = best == 0 ? 0 : (UINT32_MAX >> (32 - best));
    for (std::size_t i = 0; i < n; ++i) {
        if ((deltas[i] >> best) == 0) continue;
        indexes[count] = static_cast<std::uint8_t>(i);
        highs[count++] = deltas[i] >> best;
        deltas[i] &= mask;
    }
    out.push_back(static_cast<char>(best | kPatchedFlag));
    out.push_back(static_cast<char>(count));
    out.push_back(static_cast<char>(max_width - best));
    pack(deltas, n, best, out);
    out.append(reinterpret_cast<const char*>(indexes), count);
    pack(highs, count, max_width - best, out);
}

}  // namespace

void encode_postings(const std::uint32_t* positions, std::size_t count, std::string& out) {
    append_varint(count, out);
    if (count == 0) return;
    const std::size_t blocks = (count + kBlockSize - 1) / kBlockSize;
    std::size_t skip_at = 0;
    if (blocks > 1) {
        skip_at = out.size();
        out.resize(out.size() + blocks * 8, '\0');
    }
    const std::size_t data_start = out.size();
    std::uint32_t deltas[kBlockSize];
    std::int64_t previous = -1;
    for (std::size_t block = 0; block < blocks; ++block) {
        const std::size_t first = block * kBlockSize;
        const std::size_t n = std::min(kBlockSize, count - first);
        for (std::size_t i = 0; i < n; ++i) {
            deltas[i] = static_cast<std::uint32_t>(static_cast<std::int64_t>(positions[first + i]) - previous - 1);
            previous = positions[first + i];
        }
        if (blocks > 1) {
            const std::uint32_t last = positions[first + n - 1];
            const auto offset = static_cast<std::uint32_t>(out.size() - data_start);
            std::memcpy(out.data() + skip_at + block * 8, &last, 4);
            std::memcpy(out.data() + skip_at + block * 8 + 4, &offset, 4);
        }
        append_block(deltas, n, out);
    }
}

PostingCursor::PostingCursor(const char* begin, const char* end) : end_(end) {
    const char* at = begin;
    const std::uint64_t count = read_varint(at, end);
    if (count > UINT32_MAX) {
        corrupt_ = true;
        return;
    }
    count_ = static_cast<std::uint32_t>(count);
    blocks_ = static_cast<std::uint32_t>((count_ + kBlockSize - 1) / kBlockSize);
    if (blocks_ > 1) {
        if (static_cast<std::size_t>(end - at) < static_cast<std::size_t>(blocks_) * 8) {
            corrupt_ = true;
            count_ = 0;
            return;
        }
        skip_ = at;
        at += static_cast<std::size_t>(blocks_) * 8;
    }
    data_ = at;
    if (count_ > 0) load_block(0);
}

void PostingCursor::load_block(std::uint32_t block) {
    const char* at = data_;
    std::uint32_t base_previous_plus_one = 0;  // previous + 1 of the block's first delta
    if (skip_ != nullptr) {
        at = data_ + load<std::uint32_t>(skip_ + block * 8 + 4);
        if (block > 0) base_previous_plus_one = load<std::uint32_t>(skip_ + (block - 1) * 8) + 1;
    } else if (block != 0) {
        corrupt_ = true;
    }
    const std::uint32_t first = block * kBlockSize;
    const std::uint32_t n = std::min<std::uint32_t>(kBlockSize, count_ - first);
    if (corrupt_ || at < data_ || at >= end_) {
        corrupt_ = true;
        count_ = first;  // end the walk here
        return;
    }
    const unsigned header = static_cast<unsigned char>(*at++);
    const unsigned width = header & kWidthMask;
    auto fail = [&] {
        corrupt_ = true;
        count_ = first;
    };
    if (width > 32 || (header & ~(kWidthMask | kPatchedFlag)) != 0) return fail();
    unsigned exceptions = 0, high_width = 0;
    if (header & kPatchedFlag) {
        if (end_ - at < 2) return fail();
        exceptions = static_cast<unsigned char>(at[0]);
        high_width = static_cast<unsigned char>(at[1]);
        at += 2;
        if (exceptions > n || high_width == 0 || width + high_width > 32) return fail();
    }
    const std::size_t low_bytes = packed_bytes(n, width);
    if (static_cast<std::size_t>(end_ - at) < low_bytes + exceptions + packed_bytes(exceptions, high_width)) return fail();
    unpack(at, n, width, buffer_);
    if (exceptions > 0) {
        const char* indexes = at + low_bytes;
        std::uint32_t highs[kBuffer];
        unpack(indexes + exceptions, exceptions, high_width, highs);
        for (unsigned e = 0; e < exceptions; ++e) {
            const unsigned i = static_cast<unsigned char>(indexes[e]);
            if (i >= n) return fail();
            buffer_[i] |= highs[e] << width;
        }
    }
    std::uint32_t value = base_previous_plus_one;
    for (std::uint32_t i = 0; i < n; ++i) {
        value += buffer_[i];
        buffer_[i] = value;
        ++value;
    }
    block_ = block;
}

void PostingCursor::next() {
    ++index_;
    if (index_ < count_ && index_ / kBlockSize != block_) load_block(index_ / kBlockSize);
}

void PostingCursor::seek(std::uint32_t target) {
    if (!valid() || value() >= target) return;
    if (skip_ != nullptr && load<std::uint32_t>(skip_ + block_ * 8) < target) {
        // The block whose last position is >= target, after this one: galloping over the skip table (most
        // seeks land a few blocks on), then a binary search in the last step.
        auto last_of = [&](std::uint32_t block) { return load<std::uint32_t>(skip_ + block * 8); };
        std::uint32_t low = block_ + 1, high = low, step = 1;
        while (high < blocks_ && last_of(high) < target) {
            low = high + 1;
            high += step;
            step *= 2;
        }
        high = std::min(high, blocks_);
        while (low < high) {
            const std::uint32_t mid = low + (high - low) / 2;
            if (last_of(mid) < target) low = mid + 1;
            else high = mid;
        }
        if (low >= blocks_) {
            index_ = count_;
            return;
        }
        load_block(low);
        if (block_ != low) return;  // corrupt
        index_ = low * static_cast<std::uint32_t>(kBlockSize);
    }
    // Within the block (the last holds target or more, unless it is the list's last block): a few steps,
    // then a binary search over the rest of the decoded block.
    const std::uint32_t block_start = index_ / kBlockSize * static_cast<std::uint32_t>(kBlockSize);
    const std::uint32_t block_end = std::min<std::uint32_t>(count_, block_start + static_cast<std::uint32_t>(kBlockSize));
    for (int steps = 0; steps < 4 && index_ < block_end && buffer_[index_ % kBuffer] < target; ++steps) ++index_;
    if (index_ < block_end && buffer_[index_ % kBuffer] < target)
        index_ = block_start + static_cast<std::uint32_t>(std::lower_bound(buffer_ + (index_ - block_start), buffer_ + (block_end - block_start), target) - buffer_);
    if (index_ == block_end && index_ < count_) {
        load_block(index_ / kBlockSize);
        while (valid() && value() < target) next();
    }
}

void PostingCursor::drain(std::vector<std::uint32_t>& out) {
    while (valid()) {
        const std::uint32_t block_end = std::min<std::uint32_t>(count_, (block_ + 1) * kBlockSize);
        const std::uint32_t from = index_ % kBlockSize;
        const std::uint32_t to = block_end - block_ * kBlockSize;
        out.insert(out.end(), buffer_ + from, buffer_ + to);
        index_ = block_end;
        if (index_ < count_) load_block(index_ / kBlockSize);
    }
}

void PostingCursor::drain_below(std::uint32_t limit, std::vector<std::uint32_t>& out) {
    while (valid()) {
        const std::uint32_t block_end = std::min<std::uint32_t>(count_, (block_ + 1) * kBlockSize);
        const std::uint32_t from = index_ % kBlockSize;
        const std::uint32_t to = block_end - block_ * kBlockSize;
        std::uint32_t* below = std::lower_bound(buffer_ + from, buffer_ + to, limit);
        out.insert(out.end(), buffer_ + from, below);
        if (below != buffer_ + to) {
            index_ = block_ * kBlockSize + static_cast<std::uint32_t>(below - buffer_);
            return;
        }
        index_ = block_end;
        if (index_ < count_) load_block(index_ / kBlockSize);
    }
}

std::vector<std::uint32_t> decode_postings(const char* begin, const char* end) {
    PostingCursor cursor(begin, end);
    std::vector<std::uint32_t> out;
    out.reserve(cursor.size());
    cursor.drain(out);
    return out;
}

}  // namespace presser::index
