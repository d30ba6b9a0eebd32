// One segment of an index read back as a MemoryCorpus (reference_evaluator.h): every token's word, lower
// and lemma strings and every region with its string attributes. For testing the index evaluator against
// the reference on the same corpus; only sensible for small segments.
#pragma once

#include "index/segment.h"
#include "query/reference_evaluator.h"

namespace presser::query {

[[nodiscard]] MemoryCorpus memory_view(const index::Segment& segment);

}  // namespace presser::query
