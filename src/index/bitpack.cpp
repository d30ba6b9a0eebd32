#include "index/bitpack.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

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

namespace {

template <unsigned W>
constexpr std::uint64_t kMask = (W == 32) ? 0xffffffffull : ((1ull << W) - 1);

// Value `i` of width W: one unaligned 8-byte load from its first byte, a shift and a mask.
template <unsigned W>
inline std::uint32_t value_at(const unsigned char* bytes, std::size_t i) {
    const std::size_t bit = i * W;
    std::uint64_t word;
    std::memcpy(&word, bytes + bit / 8, 8);
    return static_cast<std::uint32_t>((word >> (bit % 8)) & kMask<W>);
}

// Eight values, which fill exactly W bytes from `at`: with W a constant, every offset and shift is one.
template <unsigned W>
inline void unpack_eight(const unsigned char* at, std::uint32_t* out) {
    for (unsigned k = 0; k < 8; ++k) out[k] = value_at<W>(at, k);
}

// Values [0, count) of width W. Each value is read with an 8-byte load from its first byte, so the last
// ones would read past the packed bytes: with kOverread the caller guarantees 8 readable bytes after
// them; without, the last bytes are copied into a zero-padded buffer first.
template <unsigned W, bool kOverread>
void unpack_width(const unsigned char* bytes, std::size_t count, std::uint32_t* out) {
    const std::size_t total = packed_bytes(count, W);
    std::size_t group = 0;
    const std::size_t groups = count / 8;
    if constexpr (kOverread) {
        for (; group < groups; ++group) unpack_eight<W>(bytes + group * W, out + group * 8);
        for (std::size_t i = groups * 8; i < count; ++i) out[i] = value_at<W>(bytes, i);
        return;
    }
    for (; group < groups && (group + 1) * W + 8 <= total; ++group) unpack_eight<W>(bytes + group * W, out + group * 8);
    if (group * 8 == count) return;
    // Fewer than W + 8 bytes are left (the loop stopped there, or at the last whole group).
    unsigned char tail[2 * W + 24] = {};
    std::memcpy(tail, bytes + group * W, total - group * W);
    for (std::size_t i = group * 8; i < count; ++i) out[i] = value_at<W>(tail, i - group * 8);
}

template <bool kOverread, unsigned... W>
void unpack_dispatch(unsigned width, const unsigned char* bytes, std::size_t count, std::uint32_t* out,
                     std::integer_sequence<unsigned, W...>) {
    using Unpack = void (*)(const unsigned char*, std::size_t, std::uint32_t*);
    static constexpr Unpack table[] = {unpack_width<W + 1, kOverread>...};
    table[width - 1](bytes, count, out);
}

template <bool kOverread>
void unpack_any(const char* in, std::size_t count, unsigned width, std::uint32_t* out) {
    if (width == 0) {
        std::memset(out, 0, count * sizeof(std::uint32_t));
        return;
    }
    unpack_dispatch<kOverread>(width, reinterpret_cast<const unsigned char*>(in), count, out, std::make_integer_sequence<unsigned, 32>{});
}

}  // namespace

void unpack(const char* in, std::size_t count, unsigned width, std::uint32_t* out) { unpack_any<false>(in, count, width, out); }

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

namespace {

constexpr unsigned kPatchedFlag = 0x80;
constexpr unsigned kWidthMask = 0x3f;

struct PatchedHeader {
    unsigned width = 0, exceptions = 0, high_width = 0;
    const char* low = nullptr;  // the packed low bits
    std::size_t low_bytes = 0;
};

// Parses and bounds-checks a block header; false when malformed.
bool read_header(const char* in, const char* end, std::size_t count, PatchedHeader& header) {
    if (in >= end) return false;
    const unsigned first = static_cast<unsigned char>(*in++);
    header.width = first & kWidthMask;
    if (header.width > 32 || (first & ~(kWidthMask | kPatchedFlag)) != 0) return false;
    header.exceptions = header.high_width = 0;
    if (first & kPatchedFlag) {
        if (end - in < 2) return false;
        header.exceptions = static_cast<unsigned char>(in[0]);
        header.high_width = static_cast<unsigned char>(in[1]);
        in += 2;
        if (header.exceptions > count || header.high_width == 0 || header.width + header.high_width > 32) return false;
    }
    header.low = in;
    header.low_bytes = packed_bytes(count, header.width);
    return static_cast<std::size_t>(end - in) >=
           header.low_bytes + header.exceptions + packed_bytes(header.exceptions, header.high_width);
}

}  // namespace

void pack_patched(std::uint32_t* values, std::size_t n, std::string& out) {
    unsigned histogram[33] = {};
    for (std::size_t i = 0; i < n; ++i) ++histogram[bit_width_of(values[i])];
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
        pack(values, n, max_width, out);
        return;
    }
    std::uint8_t indexes[kBlockSize];
    std::uint32_t highs[kBlockSize];
    std::size_t count = 0;
    const std::uint32_t mask = best == 0 ? 0 : (UINT32_MAX >> (32 - best));
    for (std::size_t i = 0; i < n; ++i) {
        if ((values[i] >> best) == 0) continue;
        indexes[count] = static_cast<std::uint8_t>(i);
        highs[count++] = values[i] >> best;
        values[i] &= mask;
    }
    out.push_back(static_cast<char>(best | kPatchedFlag));
    out.push_back(static_cast<char>(count));
    out.push_back(static_cast<char>(max_width - best));
    pack(values, n, best, out);
    out.append(reinterpret_cast<const char*>(indexes), count);
    pack(highs, count, max_width - best, out);
}

const char* unpack_patched(const char* in, const char* end, std::size_t count, std::uint32_t* out) {
    PatchedHeader header;
    if (!read_header(in, end, count, header)) return nullptr;
    const char* indexes = header.low + header.low_bytes;
    // Past the low bits come the exception indexes or the next block, usually: reading over is safe there.
    if (end - indexes >= 8) unpack_any<true>(header.low, count, header.width, out);
    else unpack(header.low, count, header.width, out);
    if (header.exceptions > 0) {
        std::uint32_t highs[kBlockSize];
        const char* high_bits = indexes + header.exceptions;
        if (end - high_bits >= static_cast<std::ptrdiff_t>(packed_bytes(header.exceptions, header.high_width)) + 8)
            unpack_any<true>(high_bits, header.exceptions, header.high_width, highs);
        else
            unpack(high_bits, header.exceptions, header.high_width, highs);
        for (unsigned e = 0; e < header.exceptions; ++e) {
            const unsigned i = static_cast<unsigned char>(indexes[e]);
            if (i >= count) return nullptr;
            out[i] |= highs[e] << header.width;
        }
    }
    return indexes + header.exceptions + packed_bytes(header.exceptions, header.high_width);
}

bool unpack_patched_one(const char* in, const char* end, std::size_t count, std::size_t index, std::uint32_t& value) {
    PatchedHeader header;
    if (index >= count || !read_header(in, end, count, header)) return false;
    value = unpack_one(header.low, header.low_bytes, index, header.width);
    if (header.exceptions == 0) return true;
    const char* indexes = header.low + header.low_bytes;
    const void* found = std::memchr(indexes, static_cast<int>(index), header.exceptions);
    if (found == nullptr) return true;
    const auto e = static_cast<std::size_t>(static_cast<const char*>(found) - indexes);
    value |= unpack_one(indexes + header.exceptions, packed_bytes(header.exceptions, header.high_width), e, header.high_width)
             << header.width;
    return true;
}

std::size_t patched_block_bytes(const char* in, const char* end, std::size_t count) {
    PatchedHeader header;
    if (!read_header(in, end, count, header)) return 0;
    return static_cast<std::size_t>(header.low + header.low_bytes + header.exceptions +
                                    packed_bytes(header.exceptions, header.high_width) - in);
}

}  // namespace presser::index
