// A ranked unit as users see it: the metadata of its event and its own (speaker, role, kind, outlet, ids),
// and snippets of the stored text around its matches, with byte offsets into the source file.
//
// Contract: every string is a copy (a Hit outlives the index's mapping); a column the segment lacks reads
// as "". A snippet is a window of at most about 320 bytes of one paragraph, cut at token boundaries and
// never inside a match it shows; its matches' offsets are relative to the snippet's text.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "index/index.h"
#include "search/searcher.h"
#include "search/segment_tables.h"
#include "search/top_k.h"

namespace presser::search {

// The matched spans of a unit: the first and last position of each occurrence, sorted.
using Spans = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// The hit of a collected candidate, with its metadata (no snippet, no spans).
[[nodiscard]] Hit describe_hit(const index::Segment& segment, const SegmentTables& tables, Unit unit, const Candidate& c);

// Sets hit.snippet to the paragraph of the unit (the tokens `range`) holding the most of its matches
// (`weighted`: each occurrence's start and its term's idf; a term already counted in the paragraph adds a
// tenth), and for an exchange hit.answer to the answer's opening paragraph. hit.matched_spans must be set.
void add_snippets(Hit& hit, const index::Segment& segment, const SegmentTables& tables, Unit unit,
                  std::pair<std::uint32_t, std::uint32_t> range, const std::vector<std::pair<std::uint32_t, double>>& weighted);

}  // namespace presser::search
