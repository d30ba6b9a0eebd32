#include "index/postings.h"

#include <algorithm>
#include <bit>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "index/bitpack.h"
#include "index/file_io.h"

namespace presser::index {

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
        pack_patched(deltas, n, out);
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
    if (unpack_patched(at, end_, n, buffer_) == nullptr) {
        corrupt_ = true;
        count_ = first;
        return;
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
    for (auto rest = block_rest(); !rest.empty(); rest = block_rest()) {
        out.insert(out.end(), rest.begin(), rest.end());
        advance(static_cast<std::uint32_t>(rest.size()));
    }
}

void PostingCursor::drain_below(std::uint32_t limit, std::vector<std::uint32_t>& out) {
    for (auto rest = block_rest(); !rest.empty(); rest = block_rest()) {
        const auto below = static_cast<std::uint32_t>(std::lower_bound(rest.begin(), rest.end(), limit) - rest.begin());
        out.insert(out.end(), rest.begin(), rest.begin() + below);
        advance(below);
        if (below < rest.size()) return;
    }
}

std::span<const std::uint32_t> PostingCursor::block_rest() const {
    if (!valid()) return {};
    const std::uint32_t block_end = std::min<std::uint32_t>(count_, (block_ + 1) * static_cast<std::uint32_t>(kBlockSize));
    return {buffer_ + index_ % kBuffer, block_end - index_};
}

void PostingCursor::advance(std::uint32_t k) {
    const std::uint32_t block = block_;
    index_ += k;
    if (index_ < count_ && index_ / kBlockSize != block) load_block(index_ / kBlockSize);
}

namespace {

// Merges candidates positions[i, count) (as p + offset) with list values [at, end) while both sides have
// four or more left, keeping matches at positions[kept...]: each step compares four candidates with four
// values (all rotations) and moves on whichever side's fourth is the smaller, so a step does the work of
// up to eight scalar ones.
void merge_by_fours(std::uint32_t* positions, std::size_t& i, std::size_t count, std::size_t& kept, std::uint32_t offset,
                    const std::uint32_t*& at, const std::uint32_t* end) {
#if defined(__SSE2__)
    const __m128i add = _mm_set1_epi32(static_cast<int>(offset));
    while (count - i >= 4 && end - at >= 4) {
        const __m128i a = _mm_add_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(positions + i)), add);
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        const __m128i equal =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi32(a, b), _mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, 0x39))),
                         _mm_or_si128(_mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, 0x4E)), _mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, 0x93))));
        // kept <= i, so a kept candidate never overwrites one not yet read.
        for (auto mask = static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(equal))); mask != 0; mask &= mask - 1)
            positions[kept++] = positions[i + static_cast<unsigned>(std::countr_zero(mask))];
        const std::uint32_t last_a = positions[i + 3] + offset, last_b = at[3];
        i += last_a <= last_b ? 4 : 0;
        at += last_b <= last_a ? 4 : 0;
    }
#else
    (void)positions, (void)i, (void)count, (void)kept, (void)offset, (void)at, (void)end;
#endif
}

}  // namespace

std::size_t keep_present(std::uint32_t* positions, std::size_t count, std::uint32_t offset, PostingCursor& list) {
    std::size_t kept = 0, i = 0;
    while (i < count) {
        const std::uint32_t target = positions[i] + offset;
        auto rest = list.block_rest();
        if (rest.empty()) break;
        if (rest.back() < target) {  // nothing for this target in the block: skip on
            list.seek(target);
            continue;
        }
        const std::uint32_t* at = rest.data();
        const std::uint32_t* end = at + rest.size();
        merge_by_fours(positions, i, count, kept, offset, at, end);
        // The rest one by one, a side with fewer than four left searched for each of the other's values.
        while (i < count && at < end) {
            if (count - i < static_cast<std::size_t>(end - at)) {
                const std::uint32_t wanted = positions[i] + offset;
                at = std::lower_bound(at, end, wanted);
                if (at == end) break;
                positions[kept] = positions[i];
                kept += *at == wanted;
                ++i;
            } else {
                const std::uint32_t have = *at;
                if (have >= offset) {
                    std::uint32_t* from = positions + i;
                    i = static_cast<std::size_t>(std::lower_bound(from, positions + count, have - offset) - positions);
                    if (i == count) break;  // past every candidate: the value stays for the next call
                    if (positions[i] + offset == have) positions[kept++] = positions[i++];
                }
                ++at;
            }
        }
        list.advance(static_cast<std::uint32_t>(at - rest.data()));
    }
    return kept;
}

std::vector<std::uint32_t> decode_postings(const char* begin, const char* end) {
    PostingCursor cursor(begin, end);
    std::vector<std::uint32_t> out;
    out.reserve(cursor.size());
    cursor.drain(out);
    return out;
}

}  // namespace presser::index
