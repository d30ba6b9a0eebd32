#include "index/index.h"

#include <map>
#include <optional>

#include <sys/stat.h>

namespace presser::index {

namespace {

// The identity of DIR/MANIFEST: a commit renames a new file over it, which changes the inode.
std::optional<std::pair<dev_t, ino_t>> manifest_identity(const std::filesystem::path& directory) {
    struct stat info {};
    if (::stat((directory / kManifestFile).c_str(), &info) != 0) return std::nullopt;
    return std::make_pair(info.st_dev, info.st_ino);
}

}  // namespace

Result<Index> Index::open(const std::filesystem::path& directory, bool with_sources) {
    if (!std::filesystem::is_directory(directory))
        return Error{directory.string(), std::nullopt, std::nullopt, "no index here (not a directory)"};
    for (int attempt = 1;; ++attempt) {
        const auto identity = manifest_identity(directory);
        std::optional<Error> failed;
        Index index;
        auto manifest = read_manifest(directory, with_sources);
        if (manifest) {
            if (manifest->generation == 0)
                return Error{directory.string(), std::nullopt, std::nullopt, "no index here (no MANIFEST); build one with `presser index build`"};
            index.directory_ = directory;
            index.manifest_ = std::move(manifest.value());
            for (const auto& info : index.manifest_.segments) {
                auto segment = Segment::open(directory, info);
                if (!segment) {
                    failed = segment.error();
                    break;
                }
                index.segments_.push_back(std::move(segment.value()));
            }
        } else {
            failed = manifest.error();
        }
        if (!failed) return index;
        // A writer may have committed meanwhile and removed the sources file or the segments this MANIFEST
        // named: start over on the new MANIFEST; with the same one, the error stands.
        if (attempt == kOpenAttempts || manifest_identity(directory) == identity) return *failed;
    }
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

namespace {

Error manifest_problem(const std::filesystem::path& file, const std::string& message) {
    return Error{file.string(), std::nullopt, std::nullopt, message + ": the index is corrupt"};
}

// Whether an event's recorded source (the path as the build was given it, maybe relative) names the
// source file `key` (the manifest's absolute, normalised path): the key ends with it, leading "." and ".."
// aside.
bool names_source(std::string_view recorded, const std::string& key) {
    std::filesystem::path rest;
    bool leading = true;
    for (const auto& part : std::filesystem::path(recorded).lexically_normal()) {
        if (leading && (part == "." || part == ".." || part == "/")) continue;
        leading = false;
        rest /= part;
    }
    const auto tail = rest.string();
    if (tail.empty() || tail.size() > key.size() || key.compare(key.size() - tail.size(), tail.size(), tail) != 0) return false;
    return tail.size() == key.size() || key[key.size() - tail.size() - 1] == '/';
}

// The reverse mappings of the sources table: every source's events exist, are live, belong to no other
// source and were read from that source; every live event has a source.
Result<bool> check_sources(const Index& index) {
    const auto sources_file = index.directory() / index.manifest().sources_file;
    std::map<std::string, const Segment*> segments;
    for (const auto& segment : index.segments()) segments.emplace(segment->info().name, segment.get());
    std::map<std::pair<std::string, std::uint64_t>, const std::string*> owners;
    for (const auto& [path, source] : index.manifest().sources) {
        for (const auto& location : source.events) {
            const auto event = "event " + std::to_string(location.event) + " of " + location.segment;
            const auto found = segments.find(location.segment);
            if (found == segments.end() || location.event >= found->second->events() || found->second->event_deleted(location.event))
                return manifest_problem(sources_file, "source " + path + " names " + event + ", which is not in the index");
            if (const auto [owner, added] = owners.emplace(std::make_pair(location.segment, location.event), &path); !added)
                return manifest_problem(sources_file, event + " is named by two sources, " + *owner->second + " and " + path);
            const auto* recorded = found->second->regions(Structure::event).column("source");
            const auto read_from = recorded == nullptr || recorded->numeric() ? std::string_view() : recorded->string(location.event);
            if (!names_source(read_from, path))
                return manifest_problem(sources_file, "source " + path + " names " + event + ", which was read from " + std::string(read_from));
        }
    }
    for (const auto& segment : index.segments())
        for (std::uint64_t e = 0; e < segment->events(); ++e)
            if (!segment->event_deleted(e) && !owners.contains({segment->info().name, e}))
                return manifest_problem(sources_file, "event " + std::to_string(e) + " of " + segment->info().name +
                                                          " is live but no source names it");
    return true;
}

}  // namespace

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
    if (auto ok = check_sources(index.value()); !ok) return ok.error();
    return report;
}

}  // namespace presser::index
