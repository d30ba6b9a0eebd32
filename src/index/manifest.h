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
// Version 5 seals the MANIFEST with its own XXH3-64 and records the sources file's size and XXH3-64.
// Version 4 indexes (same segment files, no such checksums) are still read, unverified in those two files,
// and written as version 5 by their next commit.
inline constexpr int kFormatVersion = 5;
inline constexpr int kOldestReadableFormatVersion = 4;

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
    // The id of the source's event ("2023/briefing"; parts and TEI sittings add "#N"); "" in indexes built
    // before ids were recorded, where it is derived from the path and the root (ingest::relative_event_id).
    std::string event_id;
};

// The source table lives in its own file, `sources-GENERATION.json`, written before the MANIFEST that names
// it: readers that only query (and must open in milliseconds) never parse it.
struct Manifest {
    std::uint64_t generation = 0;  // 0: no commit yet
    std::uint64_t next_segment = 1;
    std::vector<SegmentInfo> segments;
    std::string sources_file;                   // "" before the first commit
    std::uint64_t sources_size = 0;             // the sources file's size and XXH3-64
    std::uint64_t sources_checksum = 0;
    bool sources_checksummed = false;           // false for a version 4 MANIFEST, which records neither
    std::map<std::string, SourceInfo> sources;  // by absolute path; loaded only when asked for

    [[nodiscard]] std::string to_json() const;          // the MANIFEST file, sealed by its checksum
    [[nodiscard]] std::string sources_to_json() const;  // the sources file
    // Checks the MANIFEST's own checksum (version 5) and what it states about itself: segments named once,
    // deleted events that exist, checksums written as 16 lowercase hex digits.
    [[nodiscard]] static Result<Manifest> from_json(std::string_view text, const std::string& file);
    [[nodiscard]] Result<bool> sources_from_json(std::string_view text, const std::string& file);
};

// Reads DIR/MANIFEST and verifies its sources file's size and checksum (once per process and file
// identity), parsing the sources file only when `with_sources`; an index directory without a MANIFEST is
// an empty index (generation 0).
[[nodiscard]] Result<Manifest> read_manifest(const std::filesystem::path& directory, bool with_sources = true);
// Writes the sources file, then DIR/MANIFEST, atomically, with generation + 1.
[[nodiscard]] Result<bool> commit_manifest(const std::filesystem::path& directory, Manifest& manifest);

}  // namespace presser::index
