// The term dictionary of one attribute in one segment: sorted terms (ids are ranks), each with its
// number of occurrences and the offset of its postings in the segment's postings file.
//
// Layout: u32 term count n, u32 counts[n], u64 postings offsets[n], then a StringTable of the terms.
#pragma once

#include <cstdint>
#include <string_view>

#include "index/file_io.h"
#include "index/string_table.h"

namespace presser::index {

class Lexicon {
public:
    Lexicon() = default;
    [[nodiscard]] static Result<Lexicon> open(std::string_view bytes, std::string_view file, std::uint64_t postings_size);

    [[nodiscard]] std::uint32_t size() const { return terms_.size(); }
    [[nodiscard]] const StringTable& terms() const { return terms_; }
    [[nodiscard]] std::string_view term(std::uint32_t id) const { return terms_.at(id); }
    [[nodiscard]] std::uint32_t count(std::uint32_t id) const { return load<std::uint32_t>(counts_ + id * 4ull); }
    [[nodiscard]] std::uint64_t postings_offset(std::uint32_t id) const { return load<std::uint64_t>(offsets_ + id * 8ull); }

private:
    const char* counts_ = nullptr;
    const char* offsets_ = nullptr;
    StringTable terms_;
};

}  // namespace presser::index
