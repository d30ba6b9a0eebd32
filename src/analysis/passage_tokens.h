// The token values talking points compare: one 32-bit value per token of `lower` (or `lemma`), computed
// from the term's *string* (XXH3-64, low 32 bits; never 0), so that values agree across segments, builds
// and pasted text. Punctuation (a term without a letter or a digit) has value 0 and is left out of the
// sequences compared, so punctuation never counts as a difference; case is already folded by `lower`.
//
// Shingles are hashes of k consecutive values (seeded with the language, so that two languages never
// share one); winnowing keeps the smallest hash of every window of w consecutive shingles (Schleimer,
// Wilkerson and Aiken 2003): two sequences sharing w + k - 1 consecutive tokens share a kept shingle.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "index/segment.h"

namespace presser::analysis {

[[nodiscard]] bool has_letter_or_digit(std::string_view utf8);
// 0 for punctuation, else a non-zero 32-bit hash of the term's string.
[[nodiscard]] std::uint32_t passage_token_value(std::string_view term);
[[nodiscard]] std::uint64_t language_seed(std::string_view language);

// By term id of `attribute` in `segment`, its passage_token_value.
[[nodiscard]] std::vector<std::uint32_t> token_value_table(const index::Segment& segment, index::Attribute attribute);

// The passage tokens of positions [from, to) of `segment` (one turn): the values of the tokens that are
// not punctuation, and, when `positions` is given, each one's position in the segment. With `lemma`, a
// token without a lemma counts as its `lower` term.
struct TokenTables {
    std::vector<std::uint32_t> lower;  // by lower id
    std::vector<std::uint32_t> lemma;  // by lemma id; empty when comparing `lower`
};
[[nodiscard]] TokenTables token_tables(const index::Segment& segment, index::Attribute attribute);
void read_passage_tokens(const index::Segment& segment, const TokenTables& tables, std::uint32_t from, std::uint32_t to,
                         std::vector<std::uint32_t>& values, std::vector<std::uint32_t>* positions,
                         std::vector<std::uint32_t>& scratch_lower, std::vector<std::uint32_t>& scratch_lemma);

// Hash of the k values at `tokens`.
[[nodiscard]] std::uint64_t shingle_hash(const std::uint32_t* tokens, unsigned k, std::uint64_t seed);
// Appends the offsets of the shingles winnowing keeps from `shingles` (one per start), each once, in order.
void winnow(std::span<const std::uint64_t> shingles, unsigned window, std::vector<std::uint32_t>& kept);

}  // namespace presser::analysis
