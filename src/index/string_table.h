// A sorted table of distinct strings, numbered by rank: the term dictionary of an attribute and the
// value pool of a region attribute. Sorted, so exact lookup is a binary search and a prefix is one
// contiguous id range.
//
// Layout: u32 count, u64 offsets[count + 1] (relative to the byte area), then the bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/file_io.h"

namespace presser::index {

// Writes `sorted` (strictly increasing, distinct) in the layout above.
void write_string_table(FileWriter& out, const std::vector<std::string_view>& sorted);

class StringTable {
public:
    StringTable() = default;
    // Validates the layout inside [begin, end); on success `consumed` is the table's size in bytes.
    [[nodiscard]] static Result<StringTable> open(const char* begin, const char* end, std::string_view file,
                                                  std::size_t& consumed);

    [[nodiscard]] std::uint32_t size() const { return count_; }
    // Offsets are clamped to the byte area, so a damaged table yields wrong strings, never a bad read
    // (verify() reports it).
    [[nodiscard]] std::string_view at(std::uint32_t id) const {
        const auto from = std::min(load<std::uint64_t>(offsets_ + id * 8ull), total_);
        const auto to = std::max(from, std::min(load<std::uint64_t>(offsets_ + (id + 1ull) * 8ull), total_));
        return {bytes_ + from, static_cast<std::size_t>(to - from)};
    }
    // Offsets in order and terms strictly increasing (index check).
    [[nodiscard]] bool verify() const;
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view value) const;
    // First id whose string is >= value.
    [[nodiscard]] std::uint32_t lower_bound(std::string_view value) const;
    // Ids [first, last) of every string starting with `prefix`.
    [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> prefix_range(std::string_view prefix) const;
    // Ids, increasing, of every string containing `needle` (not empty): one memmem pass over the byte area,
    // each occurrence mapped to its string by binary search; occurrences across two strings do not count.
    [[nodiscard]] std::vector<std::uint32_t> containing(std::string_view needle) const;

private:
    const char* offsets_ = nullptr;
    const char* bytes_ = nullptr;
    std::uint32_t count_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace presser::index
