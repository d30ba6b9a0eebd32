// Numbers distinct strings in the order they are first seen (an open-addressing hash table over an
// arena of string bytes): the segment builder's in-memory term dictionary. Ids are temporary; the
// builder renumbers them in sorted order when it writes the segment.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace presser::index {

class TermInterner {
public:
    // `expected` terms fit without growing.
    explicit TermInterner(std::size_t expected = 1 << 15);
    // The id of `term`, and whether it was new.
    std::pair<std::uint32_t, bool> intern(std::string_view term);
    // The id of `term` if it was interned.
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view term) const;
    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(terms_.size()); }
    [[nodiscard]] std::string_view term(std::uint32_t id) const { return terms_[id]; }
    [[nodiscard]] std::size_t memory() const;
    // Ids sorted by their strings, and for every temporary id its rank in that order.
    void sorted_order(std::vector<std::uint32_t>& by_rank, std::vector<std::uint32_t>& rank_of) const;

private:
    void grow();
    [[nodiscard]] static std::uint64_t hash_of(std::string_view term);
    std::string_view store(std::string_view term);

    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t id = UINT32_MAX;
    };
    std::vector<Slot> slots_;
    std::vector<std::string_view> terms_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::size_t chunk_used_ = 0;
    std::size_t chunk_size_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace presser::index
