// merge_index: every live event of every segment re-analysed from the stored text into new segments
// (tokenization is deterministic, so tokens are unchanged; anchors are carried over), then one commit
// that swaps the segment list.
#include <algorithm>
#include <map>

#include "index/index.h"
#include "index/index_writer.h"
#include "index/merge_policy.h"
#include "index/stored_event.h"

namespace presser::index {

Result<MergeReport> merge_index(const std::filesystem::path& directory, const BuildOptions& options) {
    return merge_segments(directory, {}, options);
}

Result<MergeReport> merge_segments(const std::filesystem::path& directory, const std::vector<std::string>& chosen, const BuildOptions& options) {
    auto writer = IndexWriter::open(directory);
    if (!writer) return writer.error();
    auto& manifest = (*writer)->manifest();
    if (manifest.generation == 0) return Error{directory.string(), std::nullopt, std::nullopt, "no index here (no MANIFEST)"};
    auto index = Index::open(directory);
    if (!index) return index.error();

    MergeReport report;
    report.segments_before = manifest.segments.size();
    std::map<std::pair<std::string, std::uint64_t>, EventLocation> moved;
    std::vector<SegmentInfo> written;
    std::vector<std::pair<std::string, std::uint64_t>> pending;  // (old segment, old event) in the builder
    SegmentBuilder builder;
    EventAnalyzer analyzer(6, answer_signals());
    auto flush = [&]() -> Result<bool> {
        auto info = (*writer)->write_segment(builder);
        if (!info) return info.error();
        for (std::uint64_t local = 0; local < pending.size(); ++local) moved[pending[local]] = {info->name, local};
        pending.clear();
        written.push_back(info.value());
        return true;
    };
    auto merged = [&](const std::string& name) { return chosen.empty() || std::find(chosen.begin(), chosen.end(), name) != chosen.end(); };
    if (!chosen.empty()) {
        // The chosen segments must be those of this commit, and adjacent: the merged ones take the place of
        // the first, so events keep their index order.
        std::size_t first = manifest.segments.size(), last = 0, found = 0;
        for (std::size_t i = 0; i < manifest.segments.size(); ++i)
            if (merged(manifest.segments[i].name)) first = std::min(first, i), last = i, ++found;
        if (found != chosen.size() || last - first + 1 != found)
            return Error{directory.string(), std::nullopt, std::nullopt, "the segments to merge are not adjacent segments of the index (a commit changed them?)"};
    }
    for (const auto& segment : index->segments()) {
        if (!merged(segment->info().name)) continue;
        for (std::uint64_t e = 0; e < segment->events(); ++e) {
            if (segment->event_deleted(e)) {
                ++report.events_dropped;
                continue;
            }
            std::vector<std::vector<Anchor>> anchors;
            auto event = stored_event(*segment, e, &anchors);
            if (!event) return event.error();
            auto analysed = analyzer.analyse(std::move(event.value()), {}, &anchors);
            builder.add(analysed);
            pending.emplace_back(segment->info().name, e);
            if (builder.memory() > options.memory_budget)
                if (auto done = flush(); !done) return done.error();
        }
    }
    if (builder.events() > 0)
        if (auto done = flush(); !done) return done.error();

    std::vector<SegmentInfo> segments;
    bool placed = false;
    for (const auto& segment : manifest.segments) {
        if (!merged(segment.name)) {
            segments.push_back(segment);
        } else if (!placed) {
            segments.insert(segments.end(), written.begin(), written.end());
            placed = true;
        }
    }
    manifest.segments = std::move(segments);
    for (auto& [path, source] : manifest.sources)
        for (auto& location : source.events)
            if (merged(location.segment)) location = moved.at({location.segment, location.event});
    report.segments_after = manifest.segments.size();
    if (auto committed = (*writer)->commit(); !committed) return committed.error();
    return report;
}

}  // namespace presser::index
