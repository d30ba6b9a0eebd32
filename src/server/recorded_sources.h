// The source files an index records (sources-N.json: absolute path, ingest root, size, XXH3-64 of the
// bytes, and the events read from each), looked up by event for /api/source.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "index/index.h"

namespace presser::server {

struct RecordedSource {
    std::string path;  // absolute, as recorded
    std::string root;  // the folder the file was found under; its own folder for indexes that predate roots
    std::uint64_t size = 0;
    std::uint64_t hash = 0;
};

class RecordedSources {
public:
    // Reads the sources file of the index's generation; an index without commits records none.
    [[nodiscard]] static Result<RecordedSources> load(const index::Index& index);

    // The file a live event was read from, by segment name and segment-local event number.
    [[nodiscard]] const RecordedSource* of(const std::string& segment, std::uint64_t event) const;

private:
    std::map<std::pair<std::string, std::uint64_t>, RecordedSource> by_event_;
};

}  // namespace presser::server
