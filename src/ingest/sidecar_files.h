// Reading the per-corpus sidecar files (presser-speakers.tsv, presser-events.tsv): tab-separated rows,
// `#` comments and blank lines skipped, found in a transcript's folder or the nearest folder above it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace presser::ingest {

struct SidecarRow {
    std::uint64_t line = 0;           // 1-based, for messages
    std::vector<std::string> fields;  // trimmed; at least one, never empty in the first
};

[[nodiscard]] Result<std::vector<SidecarRow>> read_sidecar_rows(const std::filesystem::path& file);

// Which sidecar file, if any, serves each folder, remembered for one run (a parse, an ingest) so that the
// folders above a transcript are searched once per folder rather than once per transcript. The sidecar
// files must not appear or vanish during the run. Thread-safe.
class SidecarCache {
public:
    [[nodiscard]] std::optional<std::optional<std::filesystem::path>> lookup(const std::string& folder, std::string_view file_name);
    void remember(const std::string& folder, std::string_view file_name, const std::optional<std::filesystem::path>& found);

private:
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::optional<std::filesystem::path>, std::less<>> found_;
};

// The nearest `file_name` in the folder of `transcript` or above it, if any (through `cache` when given).
[[nodiscard]] std::optional<std::filesystem::path> find_sidecar(const std::filesystem::path& transcript,
                                                                std::string_view file_name, SidecarCache* cache = nullptr);

}  // namespace presser::ingest
