// RFC 4180 tables (CSV, and TSV with the same rules and a tab): fields separated by the delimiter, records by
// CRLF or LF; a field that begins with a double quote runs to the closing quote, holding delimiters, line
// breaks and doubled quotes (""). Cells are spans of the source, decoded on demand with where each of their
// bytes stands. Internal to src/ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/mapped_text.h"

namespace presser::ingest {

struct CsvCell {
    std::uint64_t start = 0;  // the field's bytes in the source, quotes excluded, [start, end)
    std::uint64_t end = 0;
    bool quoted = false;      // its doubled quotes stand for one; bytes after the closing quote are kept
};

struct CsvRecord {
    std::vector<CsvCell> cells;
    std::uint64_t start = 0;  // source offset of the record's first byte
};

struct CsvTable {
    std::vector<CsvRecord> records;  // blank lines are no records
    // A quoted field that never closes: the offset of its opening quote (the rest of the text is its value).
    std::optional<std::uint64_t> unclosed_quote;
};

// Reads text[from, end); offsets are offsets in `text`.
[[nodiscard]] CsvTable read_csv(std::string_view text, std::size_t from, char delimiter);

[[nodiscard]] MappedText cell_text(std::string_view text, const CsvCell& cell);
[[nodiscard]] std::string cell_value(std::string_view text, const CsvCell& cell);  // decoded and trimmed

// The delimiter a table's first line uses: the most frequent of comma, tab and semicolon outside quotes
// (comma when none appears).
[[nodiscard]] char sniff_delimiter(std::string_view text, std::size_t from);

}  // namespace presser::ingest
