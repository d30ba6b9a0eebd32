// The token stream of a segment: the word term id at every position, for sequence checks and KWIC.
// `lower` and `lemma` ids are functions of the word id (and the event's language), so their streams
// are read through the segment's id maps rather than stored a second and third time.
//
// Word ids are sorted-lexicon ranks, which say nothing of how often a word occurs; the stream stores
// each position's frequency rank instead (0 for the segment's most frequent word), so that the frequent
// words that make up most of the text take few bits, and maps ranks back to ids through a table.
//
// Layout: u64 token count, u64 block count, u64 rank count r, u32 word id of rank[r], u64 block
// offsets[blocks] (from the first block), then per block of kBlockSize positions the ranks as a patched
// block (index/bitpack.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "index/bitpack.h"
#include "index/file_io.h"

namespace presser::index {

void write_token_stream(FileWriter& out, const std::vector<std::uint32_t>& ids);

class TokenStream {
public:
    TokenStream() = default;
    [[nodiscard]] static Result<TokenStream> open(std::string_view bytes, std::string_view file);

    [[nodiscard]] std::uint64_t size() const { return tokens_; }
    // The id at `position` (< size()); 0 where the file is damaged.
    [[nodiscard]] std::uint32_t at(std::uint64_t position) const;
    // Ids of [from, to) into `out` (to <= size()).
    void read(std::uint64_t from, std::uint64_t to, std::vector<std::uint32_t>& out) const;
    // Every block decodes inside the file, to ranks that the table maps (index check).
    [[nodiscard]] bool verify() const;

private:
    [[nodiscard]] const char* block_start(std::uint64_t block) const;
    // kBlockSize, or fewer in the last block.
    [[nodiscard]] std::size_t values_in(std::uint64_t block) const {
        return static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, tokens_ - block * kBlockSize));
    }
    [[nodiscard]] std::uint32_t id_of_rank(std::uint32_t rank) const {
        return rank < ranks_ ? load<std::uint32_t>(id_of_rank_ + rank * 4ull) : 0;
    }
    const char* id_of_rank_ = nullptr;
    const char* offsets_ = nullptr;
    const char* data_ = nullptr;
    const char* end_ = nullptr;
    std::uint64_t tokens_ = 0;
    std::uint64_t blocks_ = 0;
    std::uint64_t ranks_ = 0;
};

}  // namespace presser::index
