#include "server/recorded_sources.h"

#include <fstream>
#include <sstream>

namespace presser::server {

Result<RecordedSources> RecordedSources::load(const index::Index& index) {
    RecordedSources out;
    const auto& file = index.manifest().sources_file;
    if (file.empty()) return out;
    const auto path = index.directory() / file;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string(), std::nullopt, std::nullopt, "cannot read the sources file the manifest names"};
    std::stringstream text;
    text << in.rdbuf();
    index::Manifest table;
    if (auto parsed = table.sources_from_json(text.str(), path.string()); !parsed) return parsed.error();
    for (const auto& [recorded, source] : table.sources) {
        RecordedSource entry{recorded, source.root, source.size, source.hash};
        if (entry.root.empty()) entry.root = std::filesystem::path(recorded).parent_path().string();
        for (const auto& location : source.events) out.by_event_[{location.segment, location.event}] = entry;
    }
    return out;
}

const RecordedSource* RecordedSources::of(const std::string& segment, std::uint64_t event) const {
    const auto found = by_event_.find({segment, event});
    return found == by_event_.end() ? nullptr : &found->second;
}

}  // namespace presser::server
