// Reading the per-corpus sidecar files (presser-speakers.tsv, presser-events.tsv): tab-separated rows,
// `#` comments and blank lines skipped, found in a transcript's folder or the nearest folder above it.
#pragma once

#include <cstdint>
#include <filesystem>
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

[[nodiscard]] std::optional<std::filesystem::path> find_sidecar(const std::filesystem::path& transcript,
                                                                std::string_view file_name);

}  // namespace presser::ingest
