#include "model/terminal_table.h"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace presser {
namespace {

std::size_t code_point_width(UChar32 c) {
    if (c < 0) return 1;  // a byte that is not UTF-8: printed escaped or as one replacement character
    const auto category = static_cast<UCharCategory>(u_charType(c));
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR || category == U_CONTROL_CHAR)
        return 0;
    const auto width = static_cast<UEastAsianWidth>(u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH));
    return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

// Calls `visit(begin, end, width)` for each character of `text` in order; stops when it returns false.
template <typename Visit>
void for_each_character(std::string_view text, Visit visit) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    int32_t at = 0;
    while (at < length) {
        const int32_t begin = at;
        UChar32 c = 0;
        U8_NEXT(bytes, at, length, c);
        if (!visit(static_cast<std::size_t>(begin), static_cast<std::size_t>(at), code_point_width(c))) return;
    }
}

constexpr std::string_view kEllipsis = "…";

}  // namespace

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for_each_character(text, [&](std::size_t, std::size_t, std::size_t w) {
        width += w;
        return true;
    });
    return width;
}

std::string fit_to_width(std::string_view text, std::size_t width, Align align, bool keep_end) {
    const std::size_t text_width = display_width(text);
    if (text_width <= width) {
        const std::string padding(width - text_width, ' ');
        return align == Align::left ? std::string(text) + padding : padding + std::string(text);
    }
    if (width == 0) return {};
    // Cut to width - 1 columns and add the ellipsis (one column); a wide character that would straddle the
    // limit is left out and a space fills its place, so the result is exactly `width` columns.
    const std::size_t room = width - 1;
    std::vector<std::pair<std::size_t, std::size_t>> characters;  // byte offset, width
    for_each_character(text, [&](std::size_t begin, std::size_t, std::size_t w) {
        characters.emplace_back(begin, w);
        return true;
    });
    std::size_t used = 0;
    if (keep_end) {
        std::size_t cut = text.size();
        for (std::size_t i = characters.size(); i > 0 && used + characters[i - 1].second <= room; --i) {
            used += characters[i - 1].second;
            cut = characters[i - 1].first;
        }
        return std::string(kEllipsis) + std::string(room - used, ' ') + std::string(text.substr(cut));
    }
    std::size_t end = text.size();
    for (const auto& [begin, w] : characters) {
        if (used + w > room) {
            end = begin;
            break;
        }
        used += w;
    }
    return std::string(text.substr(0, end)) + std::string(kEllipsis) + std::string(room - used, ' ');
}

std::string format_table(const std::vector<TableColumn>& columns, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& column : columns) widths.push_back(display_width(column.heading));
    for (const auto& row : rows)
        for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
    std::string out;
    auto print_row = [&](auto cell_of) {
        std::string line;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i) line += "  ";
            line += fit_to_width(cell_of(i), widths[i], columns[i].align);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    };
    print_row([&](std::size_t i) -> std::string_view { return columns[i].heading; });
    for (const auto& row : rows)
        print_row([&](std::size_t i) { return i < row.size() ? std::string_view(row[i]) : std::string_view(); });
    return out;
}

}  // namespace presser
