#include "index/index.h"

namespace presser::index {

Result<Index> Index::open(const std::filesystem::path& directory, bool with_sources) {
    if (!std::filesystem::is_directory(directory))
        return Error{directory.string(), std::nullopt, std::nullopt, "no index here (not a directory)"};
    auto manifest = read_manifest(directory, with_sources);
    if (!manifest) return manifest.error();
    if (manifest->generation == 0)
        return Error{directory.string(), std::nullopt, std::nullopt, "no index here (no MANIFEST); build one with `presser index build`"};
    Index index;
    index.directory_ = directory;
    index.manifest_ = std::move(manifest.value());
    for (const auto& info : index.manifest_.segments) {
        auto segment = Segment::open(directory, info);
        if (!segment) return segment.error();
        index.segments_.push_back(std::move(segment.value()));
    }
    return index;
}

std::uint64_t Index::tokens() const {
    std::uint64_t total = 0;
    for (const auto& segment : segments_) {
        const auto& events = segment->regions(Structure::event);
        total += segment->tokens();
        for (const auto event : segment->info().deleted_events)
            if (event < events.size()) total -= events.end(event) - events.start(event);
    }
    return total;
}

std::uint64_t Index::events() const {
    std::uint64_t total = 0;
    for (const auto& segment : segments_) total += segment->events() - segment->info().deleted_events.size();
    return total;
}

Result<CheckReport> check_index(const std::filesystem::path& directory) {
    auto index = Index::open(directory, true);
    if (!index) return index.error();
    CheckReport report;
    for (const auto& segment : index->segments()) {
        if (auto ok = segment->verify(); !ok) return ok.error();
        ++report.segments;
        for (const auto& file : segment->info().files) {
            ++report.files;
            report.bytes += file.size;
        }
    }
    // Every source's events must exist in the segments named.
    for (const auto& [path, source] : index->manifest().sources) {
        for (const auto& location : source.events) {
            const auto& segments = index->segments();
            const auto found = std::find_if(segments.begin(), segments.end(),
                                            [&](const auto& s) { return s->info().name == location.segment; });
            if (found == segments.end() || location.event >= (*found)->events() || (*found)->event_deleted(location.event))
                return Error{(directory / kManifestFile).string(), std::nullopt, std::nullopt,
                             "source " + path + " names an event that is not in the index"};
        }
    }
    return report;
}

}  // namespace presser::index
