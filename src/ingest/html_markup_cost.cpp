#include "ingest/html_markup_cost.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/text_util.h"

namespace presser::ingest::html {
namespace {

bool is_tag_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
}

// Elements that never hold children, and elements whose end tag may be left out: neither deepens a page.
bool never_nests(std::string_view tag) {
    static constexpr std::array<std::string_view, 30> kTags{
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "p", "li", "dt", "dd", "option",
        "optgroup", "tr", "td", "th", "rb", "rp"};
    for (std::string_view candidate : kTags)
        if (ascii_iequals(tag, candidate)) return true;
    return false;
}

bool is_formatting(std::string_view tag) {
    static constexpr std::array<std::string_view, 14> kTags{"a", "b", "big", "code", "em", "font", "i", "nobr",
                                                            "s", "small", "strike", "strong", "tt", "u"};
    return std::find(kTags.begin(), kTags.end(), tag) != kTags.end();
}

// Counts the attributes between a tag's name and its end, skipping quoted values.
std::size_t count_attributes(std::string_view tag) {
    std::size_t count = 0;
    bool in_name = false;
    for (std::size_t i = 0; i < tag.size(); ++i) {
        char c = tag[i];
        if (c == '"' || c == '\'') {
            std::size_t close = tag.find(c, i + 1);
            if (close == std::string_view::npos) break;
            i = close;
            in_name = false;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '=') {
            in_name = false;
        } else if (!in_name) {
            in_name = true;
            ++count;
        }
    }
    return count;
}

}  // namespace

MarkupCost estimate_cost(std::string_view html, std::size_t max_depth, std::size_t max_comparisons) {
    constexpr std::size_t kSearchWindow = 256;  // how far down an end tag looks for its element
    MarkupCost cost;
    std::vector<std::string> open;
    std::unordered_map<std::string, std::size_t> open_count;
    int foreign = 0;
    std::size_t i = 0;
    while (i < html.size() && cost.depth <= max_depth && cost.attribute_comparisons <= max_comparisons) {
        std::size_t lt = html.find('<', i);
        if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
        if (html.compare(lt, 4, "<!--") == 0) {
            std::size_t end = html.find("-->", lt + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        bool closing = html[lt + 1] == '/';
        std::size_t name_start = lt + (closing ? 2 : 1);
        std::size_t name_end = name_start;
        while (name_end < html.size() && is_tag_name_char(html[name_end])) ++name_end;
        if (name_end == name_start || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
            i = lt + 1;
            continue;
        }
        std::string name = ascii_lower(html.substr(name_start, name_end - name_start));
        std::size_t gt = html.find('>', name_end);
        if (gt == std::string_view::npos) break;
        std::size_t attributes = count_attributes(html.substr(name_end, gt - name_end));
        cost.attribute_comparisons += attributes * attributes;
        bool self_closed = html[gt - 1] == '/';
        i = gt + 1;
        if (closing) {
            if (name == "svg" || name == "math") foreign = std::max(0, foreign - 1);
            if (open_count[name] == 0) continue;
            std::size_t window = std::min(open.size(), kSearchWindow);
            auto match = std::find(open.rbegin(), open.rbegin() + static_cast<std::ptrdiff_t>(window), name);
            if (match == open.rbegin() + static_cast<std::ptrdiff_t>(window)) continue;
            auto first = std::next(match).base();
            bool blocks_inside = std::any_of(first + 1, open.end(), [](const std::string& tag) { return !is_formatting(tag); });
            auto last = is_formatting(name) && blocks_inside ? first + 1 : open.end();
            for (auto it = first; it != last; ++it) --open_count[*it];
            open.erase(first, last);
            continue;
        }
        // Raw text elements: their content is not markup.
        if (name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp") {
            std::string close = "</" + name;
            std::size_t end = i;
            for (;;) {
                end = html.find("</", end);
                if (end == std::string_view::npos || ascii_iequals(html.substr(end, close.size()), close)) break;
                end += 2;
            }
            i = end == std::string_view::npos ? html.size() : end;
            continue;
        }
        if (never_nests(name) || (self_closed && foreign > 0)) continue;
        if (name == "svg" || name == "math") ++foreign;
        ++open_count[name];
        open.push_back(std::move(name));
        cost.depth = std::max(cost.depth, open.size());
    }
    return cost;
}

}  // namespace presser::ingest::html
