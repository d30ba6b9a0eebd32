// The ids of one token attribute over a range of a segment's positions, read a block of the token stream at
// a time rather than one term_at() call per position.
#pragma once

#include <cstdint>
#include <vector>

#include "index/segment.h"

namespace presser::analysis {

// Appends the `attribute` ids of positions [from, to) (to <= segment.tokens()) to `out`; a damaged id reads
// as index::Segment::kNoTerm.
void read_attribute(const index::Segment& segment, index::Attribute attribute, std::uint32_t from, std::uint32_t to,
                    std::vector<std::uint32_t>& out);

// Occurrences of `term` (an `attribute` id of the segment) inside `spans` (sorted, disjoint), from its
// postings: a merge that seeks over whichever list is ahead, so it costs about the shorter list.
template <typename Spans>
[[nodiscard]] std::uint64_t occurrences_within(const index::Segment& segment, index::Attribute attribute,
                                               std::uint32_t term, const Spans& spans);

}  // namespace presser::analysis

#include "analysis/attribute_reader_impl.h"
