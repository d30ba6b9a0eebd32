// The token stream of a segment: the word term id at every position, for sequence checks and KWIC.
// `lower` and `lemma` ids are functions of the word id (and the event's language), so their streams
// are read through the segment's id maps rather than stored a second and third time.
//
// Layout: u64 token count, u64 block count, u64 block offsets[blocks] (from the first block), then
// per block of kBlockSize positions a width byte and the ids bit-packed at that width.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "index/file_io.h"

namespace presser::index {

void write_token_stream(FileWriter& out, const std::vector<std::uint32_t>& ids);

class TokenStream {
public:
    TokenStream() = default;
    [[nodiscard]] static Result<TokenStream> open(std::string_view bytes, std::string_view file);

    [[nodiscard]] std::uint64_t size() const { return tokens_; }
    // The id at `position` (< size()).
    [[nodiscard]] std::uint32_t at(std::uint64_t position) const;
    // Ids of [from, to) into `out` (to <= size()).
    void read(std::uint64_t from, std::uint64_t to, std::vector<std::uint32_t>& out) const;
    // Every block inside the file (index check).
    [[nodiscard]] bool verify() const;

private:
    [[nodiscard]] bool block_ok(std::uint64_t block) const;
    const char* offsets_ = nullptr;
    const char* data_ = nullptr;
    const char* end_ = nullptr;
    std::uint64_t tokens_ = 0;
    std::uint64_t blocks_ = 0;
};

}  // namespace presser::index
