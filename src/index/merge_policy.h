// Which segments to merge while an index grows by small ingests (presser serve --watch, POST /api/ingest),
// so that the segment count stays bounded without rewriting the whole index at every ingest. A tiered
// policy, as Lucene's TieredMergePolicy, simplified to adjacent segments (merged segments take the place
// of the first one, so events keep their index order):
//  * a segment's tier is floor(log_F(live tokens / kFloorTokens)) (segments under kFloorTokens are tier 0):
//    segments within a factor F of each other in size share a tier;
//  * when F adjacent segments share a tier, they are merged into one (about F times larger, so of the next
//    tier): each token is rewritten about once per tier, log_F(corpus / floor) times in all;
//  * when more than `max_segments` remain, the adjacent run that brings the count to `max_segments` with the
//    fewest tokens is merged.
// F (merge_factor) is 10, as Lucene's segmentsPerTier.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "index/index.h"

namespace presser::index {

inline constexpr std::size_t kMergeFactor = 10;
inline constexpr std::uint64_t kFloorTokens = 100'000;

// The segments (names, adjacent, in order) to merge next in a manifest's list; empty: none.
[[nodiscard]] std::vector<std::string> next_merge(const std::vector<SegmentInfo>& segments, std::size_t max_segments,
                                                  std::size_t merge_factor = kMergeFactor);

// Merges the named segments (adjacent, of the current commit; all when empty) into one or a few, dropping
// their deleted events, in one commit (index_merge.cpp).
[[nodiscard]] Result<MergeReport> merge_segments(const std::filesystem::path& directory, const std::vector<std::string>& chosen,
                                                 const BuildOptions& options);

// Merges as next_merge says until it says nothing (each merge its own commit). segments_before/after: of
// the whole run.
[[nodiscard]] Result<MergeReport> apply_merge_policy(const std::filesystem::path& directory, std::size_t max_segments,
                                                     const BuildOptions& options);

}  // namespace presser::index
