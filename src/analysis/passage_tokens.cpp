#include "analysis/passage_tokens.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analysis/attribute_reader.h"
#include "index/file_io.h"

namespace presser::analysis {

bool has_letter_or_digit(std::string_view utf8) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<std::int32_t>(utf8.size());
    for (std::int32_t at = 0; at < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, at, length, c);
        if (c >= 0 && u_isalnum(c)) return true;
    }
    return false;
}

std::uint32_t passage_token_value(std::string_view term) {
    if (!has_letter_or_digit(term)) return 0;
    const auto value = static_cast<std::uint32_t>(index::checksum_of(term));
    return value == 0 ? 1 : value;
}

std::uint64_t language_seed(std::string_view language) { return index::checksum_of(language) | 1; }

std::vector<std::uint32_t> token_value_table(const index::Segment& segment, index::Attribute attribute) {
    const auto& lexicon = segment.lexicon(attribute);
    std::vector<std::uint32_t> table(lexicon.size());
    for (std::uint32_t id = 0; id < lexicon.size(); ++id) table[id] = passage_token_value(lexicon.term(id));
    return table;
}

TokenTables token_tables(const index::Segment& segment, index::Attribute attribute) {
    TokenTables tables;
    tables.lower = token_value_table(segment, index::Attribute::lower);
    if (attribute == index::Attribute::lemma) tables.lemma = token_value_table(segment, index::Attribute::lemma);
    return tables;
}

void read_passage_tokens(const index::Segment& segment, const TokenTables& tables, std::uint32_t from, std::uint32_t to,
                         std::vector<std::uint32_t>& values, std::vector<std::uint32_t>* positions,
                         std::vector<std::uint32_t>& scratch_lower, std::vector<std::uint32_t>& scratch_lemma) {
    scratch_lower.clear();
    read_attribute(segment, index::Attribute::lower, from, to, scratch_lower);
    const bool lemma = !tables.lemma.empty();
    if (lemma) {
        scratch_lemma.clear();
        read_attribute(segment, index::Attribute::lemma, from, to, scratch_lemma);
    }
    for (std::size_t i = 0; i < scratch_lower.size(); ++i) {
        const auto id = scratch_lower[i];
        const std::uint32_t lower = id < tables.lower.size() ? tables.lower[id] : 0;
        if (lower == 0) continue;  // punctuation (or a damaged id)
        std::uint32_t value = lower;
        if (lemma && scratch_lemma[i] < tables.lemma.size() && tables.lemma[scratch_lemma[i]] != 0) value = tables.lemma[scratch_lemma[i]];
        values.push_back(value);
        if (positions != nullptr) positions->push_back(from + static_cast<std::uint32_t>(i));
    }
}

std::uint64_t shingle_hash(const std::uint32_t* tokens, unsigned k, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned i = 0; i < k; ++i) {
        h ^= tokens[i];
        h *= 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
}

void winnow(std::span<const std::uint64_t> shingles, unsigned window, std::vector<std::uint32_t>& kept) {
    if (shingles.empty()) return;
    const std::size_t w = std::max(1u, window);
    const std::size_t windows = shingles.size() >= w ? shingles.size() - w + 1 : 1;
    std::int64_t last = -1;
    for (std::size_t start = 0; start < windows; ++start) {
        const std::size_t end = std::min(shingles.size(), start + w);
        std::size_t best = start;
        for (std::size_t i = start + 1; i < end; ++i)
            if (shingles[i] <= shingles[best]) best = i;  // the rightmost smallest (robust winnowing)
        if (static_cast<std::int64_t>(best) != last) {
            kept.push_back(static_cast<std::uint32_t>(best));
            last = static_cast<std::int64_t>(best);
        }
    }
}

}  // namespace presser::analysis
