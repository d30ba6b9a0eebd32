// Columns that line up on a terminal: text measured in the columns a terminal gives it (East Asian wide
// and fullwidth characters take two, combining marks none), not in bytes or code points, so that a table
// holding Chinese names lines up as one holding Latin ones does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace presser {

// Terminal columns of UTF-8 text: 2 for East Asian wide and fullwidth characters (ICU's
// UCHAR_EAST_ASIAN_WIDTH W or F), 0 for combining marks, format characters and controls, 1 for the others
// and for each byte that is not UTF-8.
[[nodiscard]] std::size_t display_width(std::string_view text);

// The text padded with spaces to `width` columns (after it: left-aligned; before it: right-aligned), or cut
// to at most `width` columns at a character boundary with "…" marking the cut: `keep_end` keeps the end
// of the text (a KWIC line's left context), else its start.
enum class Align { left, right };
[[nodiscard]] std::string fit_to_width(std::string_view text, std::size_t width, Align align, bool keep_end = false);

struct TableColumn {
    std::string heading;
    Align align = Align::left;
};

// A table with a heading row: each column as wide as its widest cell (in display columns), two spaces
// between columns, no trailing spaces. Cells are printed as given: make data terminal_safe first. Rows with
// fewer cells than columns are padded with empty cells.
[[nodiscard]] std::string format_table(const std::vector<TableColumn>& columns,
                                       const std::vector<std::vector<std::string>>& rows);

}  // namespace presser
