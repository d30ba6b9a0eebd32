// The committing side of an index, shared by build and merge: the writer lock, segment naming, commits
// and removal of what no commit names. Internal to src/index.
#pragma once

#include <filesystem>

#include "index/manifest.h"
#include "index/segment_builder.h"

namespace presser::index {

class IndexWriter {
public:
    // Takes the index's writer lock (creating the directory if needed) and reads its manifest.
    [[nodiscard]] static Result<std::unique_ptr<IndexWriter>> open(const std::filesystem::path& directory);
    ~IndexWriter();

    [[nodiscard]] Manifest& manifest() { return manifest_; }
    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }

    // A fresh segment directory name ("seg-000042"), never used before in this index.
    [[nodiscard]] std::string allocate_segment_name();
    // Writes `builder` as a new segment (not yet committed); returns its manifest entry.
    [[nodiscard]] Result<SegmentInfo> write_segment(SegmentBuilder& builder);
    // Makes `manifest()` the index's state, then removes segment directories it no longer names.
    [[nodiscard]] Result<bool> commit();
    void remove_unreferenced();

private:
    IndexWriter() = default;
    std::filesystem::path directory_;
    Manifest manifest_;
    int lock_fd_ = -1;
};

}  // namespace presser::index
