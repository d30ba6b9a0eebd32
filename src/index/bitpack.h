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

}  // namespace presser::index
