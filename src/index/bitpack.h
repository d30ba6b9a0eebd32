// Fixed-width bit packing of small blocks of 32-bit integers (at most kBlockSize values), the integer
// codec under postings and token streams: values are stored LSB-first, `width` bits each, in
// ceil(count * width / 8) bytes, so any single value of a block can also be read in O(1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace presser::index {

inline constexpr std::size_t kBlockSize = 128;

// Bits needed to store `value` (0 for 0).
[[nodiscard]] unsigned bit_width_of(std::uint32_t value);

[[nodiscard]] inline std::size_t packed_bytes(std::size_t count, unsigned width) { return (count * width + 7) / 8; }

// Appends `count` values of `width` bits to `out`. Every value must fit in `width` bits.
void pack(const std::uint32_t* values, std::size_t count, unsigned width, std::string& out);

// Reads `count` values of `width` bits from `in`, which holds at least packed_bytes(count, width) bytes.
void unpack(const char* in, std::size_t count, unsigned width, std::uint32_t* out);

// The value at `index` of a packed block of `available` bytes.
[[nodiscard]] std::uint32_t unpack_one(const char* in, std::size_t available, std::size_t index, unsigned width);

// Patched blocks (PFor): one header byte w, and when its bit 7 is set (w covers most values but not all)
// a byte of exception count e and a byte of high width h; then the low w bits of every value packed, and
// for a patched block e bytes of exception indexes and the exceptions' high bits packed at h bits. The
// encoder picks the w that makes the block smallest.

// Appends a patched block of `count` (<= kBlockSize) values; `values` is clobbered.
void pack_patched(std::uint32_t* values, std::size_t count, std::string& out);

// Decodes a patched block of `count` values starting at `in` into `out`. Returns the end of the block, or
// nullptr when the block is malformed or does not fit before `end`.
[[nodiscard]] const char* unpack_patched(const char* in, const char* end, std::size_t count, std::uint32_t* out);

// Reads the value at `index` (< count) of a patched block into `value`; false when the block is malformed.
[[nodiscard]] bool unpack_patched_one(const char* in, const char* end, std::size_t count, std::size_t index, std::uint32_t& value);

// Bytes of the patched block at `in`, or 0 when malformed or not fitting before `end` (checks).
[[nodiscard]] std::size_t patched_block_bytes(const char* in, const char* end, std::size_t count);

}  // namespace presser::index
