#include "index/token_stream.h"

#include <algorithm>
#include <string>

#include "index/bitpack.h"

namespace presser::index {

void write_token_stream(FileWriter& out, const std::vector<std::uint32_t>& ids) {
    const std::uint64_t blocks = (ids.size() + kBlockSize - 1) / kBlockSize;
    out.put(static_cast<std::uint64_t>(ids.size()));
    out.put(blocks);
    std::string data;
    std::vector<std::uint64_t> offsets;
    offsets.reserve(blocks);
    for (std::uint64_t block = 0; block < blocks; ++block) {
        const std::size_t first = block * kBlockSize;
        const std::size_t n = std::min(kBlockSize, ids.size() - first);
        std::uint32_t max = 0;
        for (std::size_t i = 0; i < n; ++i) max |= ids[first + i];
        const unsigned width = bit_width_of(max);
        offsets.push_back(data.size());
        data.push_back(static_cast<char>(width));
        pack(ids.data() + first, n, width, data);
    }
    out.put_array(offsets);
    out.write(data);
}

Result<TokenStream> TokenStream::open(std::string_view bytes, std::string_view file) {
    auto bad = [&](const char* message) {
        return Error{std::string(file), std::nullopt, std::nullopt, std::string("corrupt token stream: ") + message};
    };
    if (bytes.size() < 16) return bad("truncated header");
    TokenStream stream;
    stream.tokens_ = load<std::uint64_t>(bytes.data());
    stream.blocks_ = load<std::uint64_t>(bytes.data() + 8);
    if (stream.blocks_ != (stream.tokens_ + kBlockSize - 1) / kBlockSize) return bad("block count does not match");
    if ((bytes.size() - 16) / 8 < stream.blocks_) return bad("truncated block table");
    stream.offsets_ = bytes.data() + 16;
    stream.data_ = stream.offsets_ + stream.blocks_ * 8;
    stream.end_ = bytes.data() + bytes.size();
    // Blocks are checked when read (a damaged block reads as zeros), so opening stays O(1); verify() checks all.
    if (stream.blocks_ > 0 && !stream.block_ok(stream.blocks_ - 1)) return bad("last block past the end");
    return stream;
}

bool TokenStream::block_ok(std::uint64_t block) const {
    const auto offset = load<std::uint64_t>(offsets_ + block * 8);
    const auto available = static_cast<std::uint64_t>(end_ - data_);
    if (offset >= available) return false;
    const unsigned width = static_cast<unsigned char>(data_[offset]);
    const std::size_t n = std::min<std::uint64_t>(kBlockSize, tokens_ - block * kBlockSize);
    return width <= 32 && packed_bytes(n, width) <= available - offset - 1;
}

bool TokenStream::verify() const {
    for (std::uint64_t block = 0; block < blocks_; ++block)
        if (!block_ok(block)) return false;
    return true;
}

std::uint32_t TokenStream::at(std::uint64_t position) const {
    if (position >= tokens_) return 0;  // a damaged region can point past the stream
    const std::uint64_t block = position / kBlockSize;
    if (!block_ok(block)) return 0;
    const char* at = data_ + load<std::uint64_t>(offsets_ + block * 8);
    const unsigned width = static_cast<unsigned char>(*at);
    return unpack_one(at + 1, static_cast<std::size_t>(end_ - at - 1), position % kBlockSize, width);
}

void TokenStream::read(std::uint64_t from, std::uint64_t to, std::vector<std::uint32_t>& out) const {
    if (to > tokens_) {  // a damaged region can point past the stream: those positions read as id 0
        if (from < tokens_) read(from, tokens_, out);
        out.insert(out.end(), to - std::max(from, tokens_), 0u);
        return;
    }
    std::uint32_t buffer[kBlockSize];
    while (from < to) {
        const std::uint64_t block = from / kBlockSize;
        const char* at = data_ + load<std::uint64_t>(offsets_ + block * 8);
        const std::size_t n = std::min<std::uint64_t>(kBlockSize, tokens_ - block * kBlockSize);
        if (block_ok(block)) unpack(at + 1, n, static_cast<unsigned char>(*at), buffer);
        else std::fill(buffer, buffer + n, 0u);
        const std::uint64_t first = from - block * kBlockSize;
        const std::uint64_t last = std::min<std::uint64_t>(n, to - block * kBlockSize);
        out.insert(out.end(), buffer + first, buffer + last);
        from = block * kBlockSize + last;
    }
}

}  // namespace presser::index
