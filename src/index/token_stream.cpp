#include "index/token_stream.h"

#include <algorithm>
#include <string>

#include "index/bitpack.h"

namespace presser::index {

void write_token_stream(FileWriter& out, const std::vector<std::uint32_t>& ids) {
    const std::uint64_t blocks = (ids.size() + kBlockSize - 1) / kBlockSize;
    std::vector<std::uint64_t> frequency;
    for (const auto id : ids) {
        if (id >= frequency.size()) frequency.resize(static_cast<std::size_t>(id) + 1, 0);
        ++frequency[id];
    }
    std::vector<std::uint32_t> id_of_rank;  // the ids that occur, most frequent first
    for (std::uint32_t id = 0; id < frequency.size(); ++id)
        if (frequency[id] > 0) id_of_rank.push_back(id);
    std::stable_sort(id_of_rank.begin(), id_of_rank.end(), [&](std::uint32_t a, std::uint32_t b) { return frequency[a] > frequency[b]; });
    std::vector<std::uint32_t> rank_of_id(frequency.size());
    for (std::uint32_t rank = 0; rank < id_of_rank.size(); ++rank) rank_of_id[id_of_rank[rank]] = rank;
    frequency = {};

    out.put(static_cast<std::uint64_t>(ids.size()));
    out.put(blocks);
    out.put(static_cast<std::uint64_t>(id_of_rank.size()));
    out.put_array(id_of_rank);
    std::string data;
    std::vector<std::uint64_t> offsets;
    offsets.reserve(blocks);
    std::uint32_t ranks[kBlockSize];
    for (std::uint64_t block = 0; block < blocks; ++block) {
        const std::size_t first = block * kBlockSize;
        const std::size_t n = std::min(kBlockSize, ids.size() - first);
        for (std::size_t i = 0; i < n; ++i) ranks[i] = rank_of_id[ids[first + i]];
        offsets.push_back(data.size());
        pack_patched(ranks, n, data);
    }
    out.put_array(offsets);
    out.write(data);
}

Result<TokenStream> TokenStream::open(std::string_view bytes, std::string_view file) {
    auto bad = [&](const char* message) {
        return Error{std::string(file), std::nullopt, std::nullopt, std::string("corrupt token stream: ") + message};
    };
    if (bytes.size() < 24) return bad("truncated header");
    TokenStream stream;
    stream.tokens_ = load<std::uint64_t>(bytes.data());
    stream.blocks_ = load<std::uint64_t>(bytes.data() + 8);
    stream.ranks_ = load<std::uint64_t>(bytes.data() + 16);
    if (stream.blocks_ != (stream.tokens_ + kBlockSize - 1) / kBlockSize) return bad("block count does not match");
    if ((bytes.size() - 24) / 4 < stream.ranks_) return bad("truncated rank table");
    stream.id_of_rank_ = bytes.data() + 24;
    stream.offsets_ = stream.id_of_rank_ + stream.ranks_ * 4;
    if (static_cast<std::uint64_t>(bytes.data() + bytes.size() - stream.offsets_) / 8 < stream.blocks_) return bad("truncated block table");
    stream.data_ = stream.offsets_ + stream.blocks_ * 8;
    stream.end_ = bytes.data() + bytes.size();
    // Blocks are checked when read (a damaged block reads as zeros), so opening stays O(1); verify() checks all.
    if (stream.blocks_ > 0) {
        const std::uint64_t last = stream.blocks_ - 1;
        const char* at = stream.block_start(last);
        if (at == nullptr || patched_block_bytes(at, stream.end_, stream.values_in(last)) == 0) return bad("last block past the end");
    }
    return stream;
}

const char* TokenStream::block_start(std::uint64_t block) const {
    const auto offset = load<std::uint64_t>(offsets_ + block * 8);
    return offset < static_cast<std::uint64_t>(end_ - data_) ? data_ + offset : nullptr;
}

bool TokenStream::verify() const {
    std::uint32_t ranks[kBlockSize];
    for (std::uint64_t block = 0; block < blocks_; ++block) {
        const char* at = block_start(block);
        const std::size_t n = values_in(block);
        if (at == nullptr || unpack_patched(at, end_, n, ranks) == nullptr) return false;
        if (std::any_of(ranks, ranks + n, [&](std::uint32_t rank) { return rank >= ranks_; })) return false;
    }
    return true;
}

std::uint32_t TokenStream::at(std::uint64_t position) const {
    if (position >= tokens_) return 0;  // a damaged region can point past the stream
    const std::uint64_t block = position / kBlockSize;
    const char* at = block_start(block);
    std::uint32_t rank = 0;
    if (at == nullptr || !unpack_patched_one(at, end_, values_in(block), position % kBlockSize, rank))
        return 0;
    return id_of_rank(rank);
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
        const char* at = block_start(block);
        const std::size_t n = values_in(block);
        if (at == nullptr || unpack_patched(at, end_, n, buffer) == nullptr) std::fill(buffer, buffer + n, 0u);
        const std::uint64_t first = from - block * kBlockSize;
        const std::uint64_t last = std::min<std::uint64_t>(n, to - block * kBlockSize);
        for (std::uint64_t i = first; i < last; ++i) out.push_back(id_of_rank(buffer[i]));
        from = block * kBlockSize + last;
    }
}

}  // namespace presser::index
