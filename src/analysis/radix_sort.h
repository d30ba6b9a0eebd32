// A stable LSD radix sort of integer keys (64- or 128-bit) that carries one 32-bit payload per key: the
// n-gram counter sorts (n-gram, turn) pairs by n-gram so that equal n-grams lie together, in the order they
// were appended (so, by position).
//
//   radix_sort(keys, turns, bits, scratch_keys, scratch_turns);  // keys < 2^bits
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace presser::analysis {

// Sorts `keys` (each < 2^bits) ascending, stably, moving `payload` along; the scratch vectors are resized
// and reused between calls.
template <typename Key>
void radix_sort(std::vector<Key>& keys, std::vector<std::uint32_t>& payload, unsigned bits, std::vector<Key>& scratch_keys,
                std::vector<std::uint32_t>& scratch_payload) {
    constexpr unsigned kDigit = 8;
    constexpr std::size_t kBuckets = std::size_t{1} << kDigit;
    const std::size_t size = keys.size();
    const unsigned digits = (bits + kDigit - 1) / kDigit;
    if (size < 2 || digits == 0) return;
    // Every digit's histogram in one read of the keys.
    std::vector<std::array<std::size_t, kBuckets>> counts(digits);
    for (auto& count : counts) count.fill(0);
    for (const Key key : keys)
        for (unsigned d = 0; d < digits; ++d) ++counts[d][static_cast<std::size_t>(key >> (d * kDigit)) & (kBuckets - 1)];
    scratch_keys.resize(size);
    scratch_payload.resize(size);
    for (unsigned d = 0; d < digits; ++d) {
        auto& count = counts[d];
        bool trivial = false;  // every key has the same digit: the pass would not move anything
        for (const auto c : count) trivial |= c == size;
        if (trivial) continue;
        std::size_t offset = 0;
        for (auto& c : count) {
            const auto here = c;
            c = offset;
            offset += here;
        }
        const unsigned shift = d * kDigit;
        for (std::size_t i = 0; i < size; ++i) {
            const auto slot = count[static_cast<std::size_t>(keys[i] >> shift) & (kBuckets - 1)]++;
            scratch_keys[slot] = keys[i];
            scratch_payload[slot] = payload[i];
        }
        keys.swap(scratch_keys);
        payload.swap(scratch_payload);
    }
}

}  // namespace presser::analysis
