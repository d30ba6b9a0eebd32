// presser's corpus index: a directory of immutable segments named by a manifest (docs/index-format.md).
//
//   auto report = presser::index::build_index("idx", {"transcripts/"}, {});   // create or append
//   auto index = presser::index::Index::open("idx");                           // mmap, milliseconds
//   for (const auto& segment : index->segments()) ... segment->postings(Attribute::lower, id) ...
//
// Contract:
//  * build_index ingests the sources: new files add segments; a file whose content changed replaces its
//    events; unchanged files (same XXH3-64 of their bytes) are skipped. Memory stays under
//    BuildOptions::memory_budget whatever the corpus size. Every commit is atomic: an ingest killed at
//    any moment leaves the index as of its last commit. One writer at a time (a lock file).
//  * Bad input files are reported in BuildReport::failures (file, offset, message) and skipped; they
//    never stop the ingest of the others.
//  * Index::open maps the manifest's segments and checks every file it reads against the size and
//    checksum the manifest records, before using it (once per process and file identity), and the
//    MANIFEST's own checksum: a corrupt index is an error naming the file, never an answer.
//    check_index also decodes everything and checks the sources table against the segments.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "index/manifest.h"
#include "index/segment.h"
#include "ingest/parser.h"

namespace presser::index {

struct BuildProgress {
    std::uint64_t files_done = 0;
    std::uint64_t files_total = 0;
    std::uint64_t bytes_done = 0;
    std::uint64_t tokens_done = 0;
};

struct BuildOptions {
    unsigned threads = 0;                          // parsing/tokenizing threads; 0 = one per core
    // Bytes for segment building: a segment is written in the background when its builder holds half of
    // this, while the next one fills.
    std::uint64_t memory_budget = 2ull << 30;
    ingest::ParseOptions parse;
    std::function<void(const BuildProgress&)> progress;  // called from the committing thread
};

struct BuildReport {
    std::uint64_t files_seen = 0;
    std::uint64_t files_added = 0;
    std::uint64_t files_replaced = 0;
    std::uint64_t files_unchanged = 0;
    std::uint64_t events_added = 0;
    std::uint64_t events_deleted = 0;
    std::uint64_t tokens_added = 0;
    std::uint64_t segments_written = 0;
    std::uint64_t bytes_read = 0;
    std::vector<Error> failures;
    // Not transcripts: "PATH" left out of the walk (READMEs, images), "PATH: not a transcript (why)" read and found
    // to hold none (a data table, a JSON configuration).
    std::vector<std::string> skipped;
    std::vector<std::string> warnings;  // "PATH: why" for entries of the folders that cannot be read as files
};

[[nodiscard]] Result<BuildReport> build_index(const std::filesystem::path& directory,
                                              const std::vector<std::string>& sources, const BuildOptions& options);

struct MergeReport {
    std::uint64_t segments_before = 0;
    std::uint64_t segments_after = 0;
    std::uint64_t events_dropped = 0;  // deleted events removed for good
};

// Rewrites all segments as one (or as few as the memory budget allows), dropping deleted events.
[[nodiscard]] Result<MergeReport> merge_index(const std::filesystem::path& directory, const BuildOptions& options);

class Index {
public:
    static constexpr int kOpenAttempts = 8;
    // `with_sources` also reads the table of ingested source files (Manifest::sources), which only
    // writers, `index check` and `index info` need. A commit that lands while the index is being opened
    // (it may delete the sources file and segments of the MANIFEST just read) makes open start again on the
    // new MANIFEST, up to kOpenAttempts times; an error is returned only when the MANIFEST did not change
    // under it.
    [[nodiscard]] static Result<Index> open(const std::filesystem::path& directory, bool with_sources = false);

    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }
    [[nodiscard]] const Manifest& manifest() const { return manifest_; }
    [[nodiscard]] const std::vector<std::unique_ptr<Segment>>& segments() const { return segments_; }
    [[nodiscard]] std::uint64_t tokens() const;        // live tokens (deleted events excluded)
    [[nodiscard]] std::uint64_t events() const;        // live events

private:
    std::filesystem::path directory_;
    Manifest manifest_;
    std::vector<std::unique_ptr<Segment>> segments_;
};

struct CheckReport {
    std::uint64_t segments = 0;
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
};

// Verifies every checksum (again, uncached) and decodes every structure, and checks the sources table's
// mappings both ways (every source's events exist, live, once, read from that source; every live event
// has a source); the first problem found is the error.
[[nodiscard]] Result<CheckReport> check_index(const std::filesystem::path& directory);

}  // namespace presser::index
