// Which columns of a CSV/TSV transcript hold what (docs/formats/tables.md): from `--columns
// speaker=2,text=Speech,role=4`, from a presser-columns.tsv sidecar beside the tables, or (for the fields
// neither names) from the header row's names.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/sidecar_files.h"
#include "model/error.h"

namespace presser::ingest {

enum class ColumnField { speaker, text, role, title, affiliation, time };

struct ColumnRef {
    ColumnField field = ColumnField::text;
    std::size_t number = 0;  // 1-based; 0 when the column is named
    std::string name;        // a header name, compared case-, space- and punctuation-insensitively
};

using ColumnMapping = std::vector<ColumnRef>;

[[nodiscard]] std::string_view column_field_name(ColumnField field);

// "speaker=2,text=3,role=Role" (fields: speaker, text, role, title, affiliation, time). Errors name the
// part that is wrong and what was expected.
[[nodiscard]] Result<ColumnMapping> parse_column_mapping(std::string_view spec);

// presser-columns.tsv: one `FIELD<TAB>COLUMN` row per field; `#` comments.
[[nodiscard]] Result<ColumnMapping> load_column_mapping(const std::filesystem::path& file);

// The nearest presser-columns.tsv in the folder of `table` or above it, if any.
[[nodiscard]] std::optional<std::filesystem::path> find_column_sidecar(const std::filesystem::path& table,
                                                                       SidecarCache* cache = nullptr);

}  // namespace presser::ingest
