#include "index/bitpack.h"

#include <bit>
#include <cstring>

namespace presser::index {

unsigned bit_width_of(std::uint32_t value) { return static_cast<unsigned>(std::bit_width(value)); }

void pack(const std::uint32_t* values, std::size_t count, unsigned width, std::string& out) {
    const std::size_t start = out.size();
    out.resize(start + packed_bytes(count, width), '\0');
    if (width == 0) return;
    auto* bytes = reinterpret_cast<unsigned char*>(out.data() + start);
    std::uint64_t buffer = 0;
    unsigned filled = 0;
    std::size_t at = 0;
    for (std::size_t i = 0; i < count; ++i) {
        buffer |= static_cast<std::uint64_t>(values[i]) << filled;
        filled += width;
        while (filled >= 8) {
            bytes[at++] = static_cast<unsigned char>(buffer);
            buffer >>= 8;
            filled -= 8;
        }
    }
    if (filled > 0) bytes[at] = static_cast<unsigned char>(buffer);
}

void unpack(const char* in, std::size_t count, unsigned width, std::uint32_t* out) {
    if (width == 0) {
        std::memset(out, 0, count * sizeof(std::uint32_t));
        return;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(in);
    const std::size_t total = packed_bytes(count, width);
    const std::uint64_t mask = (width == 32) ? 0xffffffffull : ((1ull << width) - 1);
    std::uint64_t buffer = 0;
    unsigned filled = 0;
    std::size_t at = 0;
    for (std::size_t i = 0; i < count; ++i) {
        while (filled < width) {
            const std::uint64_t next = at < total ? bytes[at] : 0;
            ++at;
            buffer |= next << filled;
            filled += 8;
        }
        out[i] = static_cast<std::uint32_t>(buffer & mask);
        buffer >>= width;
        filled -= width;
    }
}

std::uint32_t unpack_one(const char* in, std::size_t available, std::size_t index, unsigned width) {
    if (width == 0) return 0;
    const std::size_t bit = index * width;
    const std::size_t first = bit / 8;
    std::uint64_t word = 0;
    const std::size_t n = first < available ? std::min<std::size_t>(8, available - first) : 0;
    std::memcpy(&word, in + first, n);
    const std::uint64_t mask = (width == 32) ? 0xffffffffull : ((1ull << width) - 1);
    return static_cast<std::uint32_t>((word >> (bit % 8)) & mask);
}

}  // namespace presser::index
