// Token alignments for talking points: X-drop extension of a seed within a band of diagonals, banded edit
// distance, and the alignment of a pasted passage inside a stretch of text with its differences.
//
// Contract:
//  * extend() scores +1 a match, -1 a substitution, an insertion or a deletion, and never leaves the band
//    of `band` diagonals around the seed's; it stops once every cell of a row is `x_drop` below the best
//    score seen, and returns the tokens of a and of b consumed at the best score (which ends on a match).
//    O(consumed x (2 band + 1)).
//  * edit_distance() is Levenshtein's distance within the band |i - j| <= band (more than `band` when the
//    lengths differ by more). O(n x (2 band + 1)).
//  * align_within() aligns all of `query` with the best-matching stretch of `text` (free ends in text):
//    O(|query| x |text|), with the operations turning the stretch into the query.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace presser::analysis {

struct Extension {
    std::uint32_t a = 0, b = 0;  // tokens consumed
};

// Forward from a[0], b[0] (or, `backward`, from their last tokens towards their first).
[[nodiscard]] Extension extend(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, bool backward, unsigned band, int x_drop);

[[nodiscard]] unsigned edit_distance(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, unsigned band);

struct AlignmentOp {
    enum class Kind : std::uint8_t { equal, substitute, insert, remove } kind = Kind::equal;
    // Token of the query (equal, substitute, insert: a token of the query missing in the text) and of the
    // text (equal, substitute, remove: a token of the text missing in the query); -1 when none.
    std::int32_t query = -1, text = -1;
};

struct TextAlignment {
    unsigned edits = 0;
    std::uint32_t text_begin = 0, text_end = 0;  // the stretch of `text` aligned
    std::vector<AlignmentOp> ops;
};

[[nodiscard]] TextAlignment align_within(std::span<const std::uint32_t> query, std::span<const std::uint32_t> text);

}  // namespace presser::analysis
