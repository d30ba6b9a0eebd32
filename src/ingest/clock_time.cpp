#include "ingest/clock_time.h"

#include <vector>

#include "ingest/text_util.h"

namespace presser::ingest {

std::optional<std::uint32_t> parse_clock_time(std::string_view text) {
    text = trim_view(text);
    if (text.size() >= 2 && (text.front() == '[' || text.front() == '(')) text = trim_view(text.substr(1, text.size() - 2));
    if (!text.empty() && text.back() == 's') text.remove_suffix(1);
    if (auto dot = text.find('.'); dot != std::string_view::npos) text = text.substr(0, dot);  // fractions of a second
    if (text.empty() || text.size() > 12) return std::nullopt;
    std::vector<std::uint64_t> parts{0};
    for (char c : text) {
        if (c == ':') {
            if (parts.size() == 3) return std::nullopt;
            parts.push_back(0);
        } else if (c >= '0' && c <= '9') {
            parts.back() = parts.back() * 10 + static_cast<std::uint64_t>(c - '0');
        } else {
            return std::nullopt;
        }
    }
    std::uint64_t seconds = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0 && parts[i] >= 60) return std::nullopt;
        seconds = seconds * 60 + parts[i];
    }
    if (seconds > 0xFFFFFFFFu) return std::nullopt;
    return static_cast<std::uint32_t>(seconds);
}

}  // namespace presser::ingest
