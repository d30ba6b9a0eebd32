#include "index/merge_policy.h"

#include <cmath>
#include <limits>

namespace presser::index {

namespace {

std::uint64_t live_tokens(const SegmentInfo& segment) {
    // Deleted events' sizes are not in the manifest: a segment's share of deleted events stands for its
    // share of deleted tokens.
    if (segment.events == 0) return 0;
    const auto live = segment.events - std::min<std::uint64_t>(segment.deleted_events.size(), segment.events);
    return static_cast<std::uint64_t>(static_cast<double>(segment.tokens) * static_cast<double>(live) / static_cast<double>(segment.events));
}

int tier(std::uint64_t tokens, std::size_t factor) {
    if (tokens <= kFloorTokens) return 0;
    return static_cast<int>(std::floor(std::log(static_cast<double>(tokens) / kFloorTokens) / std::log(static_cast<double>(factor)))) + 1;
}

}  // namespace

std::vector<std::string> next_merge(const std::vector<SegmentInfo>& segments, std::size_t max_segments, std::size_t merge_factor) {
    merge_factor = std::max<std::size_t>(merge_factor, 2);
    max_segments = std::max<std::size_t>(max_segments, 1);
    auto names = [&](std::size_t from, std::size_t count) {
        std::vector<std::string> out;
        for (std::size_t i = from; i < from + count; ++i) out.push_back(segments[i].name);
        return out;
    };
    // F adjacent segments of one tier: the smallest tier first (cheapest, and what small ingests make).
    std::optional<std::pair<int, std::size_t>> best;  // tier, first
    for (std::size_t i = 0; i + merge_factor <= segments.size(); ++i) {
        const int t = tier(live_tokens(segments[i]), merge_factor);
        bool same = true;
        for (std::size_t j = i + 1; same && j < i + merge_factor; ++j) same = tier(live_tokens(segments[j]), merge_factor) == t;
        if (same && (!best || t < best->first)) best = std::make_pair(t, i);
    }
    if (best) return names(best->second, merge_factor);
    if (segments.size() <= max_segments) return {};
    const std::size_t run = segments.size() - max_segments + 1;
    std::size_t first = 0;
    std::uint64_t fewest = std::numeric_limits<std::uint64_t>::max();
    for (std::size_t i = 0; i + run <= segments.size(); ++i) {
        std::uint64_t total = 0;
        for (std::size_t j = i; j < i + run; ++j) total += live_tokens(segments[j]);
        if (total < fewest) fewest = total, first = i;
    }
    return names(first, run);
}

Result<MergeReport> apply_merge_policy(const std::filesystem::path& directory, std::size_t max_segments, const BuildOptions& options) {
    MergeReport total;
    bool first = true;
    // Bounded: each merge lowers the segment count.
    for (int round = 0; round < 64; ++round) {
        auto manifest = read_manifest(directory, false);
        if (!manifest) return manifest.error();
        if (first) total.segments_before = total.segments_after = manifest->segments.size(), first = false;
        const auto chosen = next_merge(manifest->segments, max_segments);
        if (chosen.empty()) break;
        auto merged = merge_segments(directory, chosen, options);
        if (!merged) return merged.error();
        total.events_dropped += merged->events_dropped;
        total.segments_after = merged->segments_after;
        if (merged->segments_after >= merged->segments_before) break;  // nothing gained (a huge merge split by the budget)
    }
    return total;
}

}  // namespace presser::index
