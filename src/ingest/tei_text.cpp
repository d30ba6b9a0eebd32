#include "ingest/tei_text.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "ingest/tei_tree.h"
#include "ingest/text_util.h"

namespace presser::ingest::tei {
namespace {

struct TextSpan {
    std::size_t start = std::string::npos;
    std::size_t end = 0;
    void add(std::size_t from, std::size_t to) {
        start = std::min(start, from);
        end = std::max(end, to);
    }
    [[nodiscard]] bool empty() const { return start == std::string::npos || end <= start; }
};

// [start, end) of a text node's bytes in the source (entity references and CDATA markers included).
std::optional<std::pair<std::size_t, std::size_t>> raw_span(const pugi::xml_node& node, const std::string& text) {
    std::ptrdiff_t offset = node.offset_debug();
    if (offset < 0 || static_cast<std::size_t>(offset) > text.size()) return std::nullopt;
    std::size_t start = static_cast<std::size_t>(offset);
    std::size_t end = node.type() == pugi::node_cdata ? text.find("]]>", start) : text.find('<', start);
    return std::pair{start, end == std::string::npos ? text.size() : end};
}

// [start, end) of an element's start tag, for remarks with no text ("<gap reason='inaudible'/>").
std::optional<std::pair<std::size_t, std::size_t>> start_tag_span(const pugi::xml_node& node, const std::string& text) {
    std::ptrdiff_t offset = node.offset_debug();  // the element's name, after '<'
    if (offset < 1 || static_cast<std::size_t>(offset) > text.size()) return std::nullopt;
    char quote = 0;
    for (std::size_t i = static_cast<std::size_t>(offset); i < text.size(); ++i) {
        char c = text[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return std::pair{static_cast<std::size_t>(offset) - 1, i + 1};
        }
    }
    return std::nullopt;
}

model::ByteRange trimmed_range(const TextSpan& span, const std::string& source) {
    std::string_view raw = std::string_view(source).substr(span.start, span.end - span.start);
    std::string_view trimmed = trim_view(raw);
    std::uint64_t start = span.start + static_cast<std::size_t>(trimmed.data() - raw.data());
    return {start, start + trimmed.size()};
}

std::optional<model::Aside> read_aside(const pugi::xml_node& node, const std::string& source) {
    std::string raw;
    TextSpan span;
    walk_descendants(node, [&](const pugi::xml_node& n) {
        if (!is_text(n)) return true;
        raw += n.value();
        if (auto bytes = raw_span(n, source)) span.add(bytes->first, bytes->second);
        return false;
    });
    model::Aside aside;
    aside.text = collapse_spaces(raw);
    if (aside.text.empty()) {
        // An empty remark says what it is in its attributes: <gap reason="inaudible"/>, <vocal type="laughter"/>.
        std::string_view description = attribute(node, "reason");
        if (description.empty()) description = attribute(node, "type");
        if (description.empty()) description = attribute(node, "desc");
        aside.text = collapse_spaces(description);
        span = {};
        if (auto tag = start_tag_span(node, source)) span.add(tag->first, tag->second);
    }
    if (aside.text.empty() || span.empty()) return std::nullopt;
    aside.range = trimmed_range(span, source);
    return aside;
}

}  // namespace

// The paragraph an element holds: its text with remarks taken out as asides and white space folded;
// its range runs from its first text to its last (remarks included), white space trimmed.
std::optional<model::Paragraph> read_paragraph(const pugi::xml_node& container, const std::string& source) {
    std::string raw;
    TextSpan span;
    std::vector<model::Aside> asides;
    bool glued = false;  // the previous token was marked join="right": no space after it
    auto add_text = [&](const pugi::xml_node& node) {
        std::string_view value = node.value();
        bool blank = trim_view(value).empty();
        if (!(glued && blank)) raw += value;
        if (!blank) glued = false;
        if (auto bytes = raw_span(node, source)) span.add(bytes->first, bytes->second);
    };
    walk_descendants(container, [&](const pugi::xml_node& node) {
        if (is_text(node)) {
            add_text(node);
            return false;
        }
        if (node.type() != pugi::node_element) return false;
        std::string_view name = local_name(node);
        if (is_remark_element(name)) {
            if (std::optional<model::Aside> aside = read_aside(node, source)) {
                span.add(aside->range.start, aside->range.end);
                asides.push_back(std::move(*aside));
            }
            return false;
        }
        if (name == "speaker") return false;
        if (name == "lb") {
            raw.push_back(' ');
            return false;
        }
        if (attribute(node, "join") == "right") {  // tokenised text (<w>, <pc>) in linguistically annotated files
            walk_descendants(node, [&](const pugi::xml_node& inner) {
                if (is_text(inner)) add_text(inner);
                return true;
            });
            glued = true;
            return false;
        }
        return true;
    });
    if (span.empty()) return std::nullopt;
    model::Paragraph paragraph;
    paragraph.text = collapse_spaces(raw);
    paragraph.range = trimmed_range(span, source);
    paragraph.asides = std::move(asides);
    return paragraph;
}

}  // namespace presser::ingest::tei
