// The manifest names everything an index is at one commit: its segments (with each file's size and
// XXH3-64 checksum), the events deleted from them since they were written, and the source files
// ingested (content hash, and where their events live). Committing = writing MANIFEST atomically
// (temporary file, fsync, rename, fsync of the directory); a reader sees one commit or the next, never
// a mix. Segment directories the manifest does not name are leftovers of an interrupted ingest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model/error.h"

namespace presser::index {

inline constexpr std::string_view kManifestFile = "MANIFEST";
inline constexpr int kFormatVersion = 4;

struct FileInfo {
    std::string name;
    std::uint64_t size = 0;
    std::uint64_t checksum = 0;
};

struct SegmentInfo {
    std::string name;  // directory inside the index
    std::uint64_t tokens = 0;
    std::uint64_t events = 0;
    std::vector<FileInfo> files;
    std::vector<std::uint64_t> deleted_events;  // segment-local event numbers, sorted
};

struct EventLocation {
    std::string segment;
    std::uint64_t event = 0;  // segment-local number
};

struct SourceInfo {
    std::uint64_t hash = 0;  // XXH3-64 of the file's bytes
    std::uint64_t size = 0;
    std::vector<EventLocation> events;
    // The folder named to `index build` that the file was found under (absolute; its own folder when the
    // file was named itself); "" in indexes built before it was recorded. Readers of the file stay inside it.
    std::string root;
};

// The source table lives in its own file, `sources-GENERATION.json`, written before the MANIFEST that names
// it: readers that only query (and must open in milliseconds) never parse it.
struct Manifest {
    std::uint64_t generation = 0;  // 0: no commit yet
    std::uint64_t next_segment = 1;
    std::vector<SegmentInfo> segments;
    std::string sources_file;                   // "" before the first commit
    std::map<std::string, SourceInfo> sources;  // by absolute path; loaded only when asked for

    [[nodiscard]] std::string to_json() const;          // the MANIFEST file
    [[nodiscard]] std::string sources_to_json() const;  // the sources file
    [[nodiscard]] static Result<Manifest> from_json(std::string_view text, const std::string& file);
    [[nodiscard]] Result<bool> sources_from_json(std::string_view text, const std::string& file);
};

// Reads DIR/MANIFEST (and its sources file when `with_sources`); an index directory without one is an
// empty index (generation 0).
[[nodiscard]] Result<Manifest> read_manifest(const std::filesystem::path& directory, bool with_sources = true);
// Writes the sources file, then DIR/MANIFEST, atomically, with generation + 1.
[[nodiscard]] Result<bool> commit_manifest(const std::filesystem::path& directory, Manifest& manifest);

}  // namespace presser::index
