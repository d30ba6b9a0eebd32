// Where hits fall in a paragraph's reader text: the byte ranges the event reader highlights.
#pragma once

#include <cstdint>
#include <vector>

#include "index/segment.h"
#include "query/corpus_query.h"

namespace presser::query {

struct TextRange {
    std::uint32_t begin = 0, end = 0;  // bytes of StoredParagraph::text, end exclusive
    bool operator==(const TextRange&) const = default;
};

// The ranges of `paragraph` (p region `index` of `segment`, as Segment::paragraph returned it) covered by
// the tokens of `hits` (positions of that segment, any order). A hit crossing the paragraph's edge gives
// the part inside it; overlapping or touching ranges are merged; the result is sorted.
[[nodiscard]] std::vector<TextRange> hit_ranges(const index::Segment& segment, std::uint64_t index,
                                                const index::StoredParagraph& paragraph, const std::vector<IndexHit>& hits);

}  // namespace presser::query
