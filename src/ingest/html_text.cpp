#include "ingest/html_text.h"

#include <algorithm>
#include <cctype>

#include "ingest/html_dom.h"
#include "ingest/text_util.h"

namespace presser::ingest::html {
namespace {

// Length of a character reference ("&amp;", "&#x4E2D;", "&nbsp") at `at`, or 0.
std::size_t reference_length(std::string_view raw, std::size_t at) {
    if (at >= raw.size() || raw[at] != '&') return 0;
    std::size_t i = at + 1;
    if (i < raw.size() && raw[i] == '#') {
        ++i;
        if (i < raw.size() && (raw[i] == 'x' || raw[i] == 'X')) ++i;
    }
    std::size_t name_start = i;
    while (i < raw.size() && std::isalnum(static_cast<unsigned char>(raw[i]))) ++i;
    if (i == name_start) return 0;
    if (i < raw.size() && raw[i] == ';') ++i;
    return i - at;
}

// Walks the decoded text of a text node beside its source bytes (which may hold character references
// and CR LF pairs that gumbo decoded) and hands each character with its source span to `out`.
void add_text_node(const GumboText& node, std::string_view source, std::size_t parse_base, bool bold, MappedText& out) {
    std::string_view decoded = node.text ? std::string_view(node.text) : std::string_view{};
    std::size_t raw_start = parse_base + node.start_pos.offset;
    std::string_view raw;
    if (node.original_text.data && node.original_text.data >= source.data() &&
        node.original_text.data + node.original_text.length <= source.data() + source.size()) {
        raw_start = static_cast<std::size_t>(node.original_text.data - source.data());
        raw = std::string_view(node.original_text.data, node.original_text.length);
    }
    raw_start = std::min(raw_start, source.size());
    std::size_t j = 0;  // position in raw
    for (std::size_t i = 0; i < decoded.size();) {
        std::size_t length = std::min(utf8_sequence_length(static_cast<unsigned char>(decoded[i])), decoded.size() - i);
        std::string_view character = decoded.substr(i, length);
        std::size_t from = std::min(j, raw.size());
        std::size_t to = from;
        if (std::size_t reference = reference_length(raw, from);
            reference > 1 && decoded.compare(i, reference, raw, from, reference) != 0) {
            // A decoded reference: its character(s) come from the whole reference.
            to = from + reference;
            out.add_character(character, raw_start + from, raw_start + to, false, bold);
            i += length;
            // A few named references decode to two characters; the second belongs to the reference too.
            bool named = raw[from + 1] != '#';
            if (named && i < decoded.size() && to < raw.size() && raw[to] != '&' && decoded[i] != raw[to]) {
                std::size_t second = std::min(utf8_sequence_length(static_cast<unsigned char>(decoded[i])), decoded.size() - i);
                out.add_character(decoded.substr(i, second), raw_start + from, raw_start + to, false, bold);
                i += second;
            }
            j = to;
            continue;
        }
        if (character == "\n" && raw.compare(from, 2, "\r\n") == 0) {
            to = from + 2;
        } else if (from < raw.size()) {
            to = std::min(raw.size(), from + utf8_sequence_length(static_cast<unsigned char>(raw[from])));
        }
        bool verbatim = raw.compare(from, to - from, character) == 0;
        out.add_character(character, raw_start + from, raw_start + to, verbatim, bold);
        i += length;
        j = to;
    }
}

}  // namespace

void extract_text(const std::vector<const GumboNode*>& nodes, bool bold_outside, const Extraction& extraction, MappedText& out) {
    struct Item {
        const GumboNode* node;
        bool bold;
        bool leaving;  // the end of a block element: a word break
    };
    std::vector<Item> stack;
    for (std::size_t i = nodes.size(); i > 0; --i) stack.push_back({nodes[i - 1], bold_outside, false});
    while (!stack.empty()) {
        Item item = stack.back();
        stack.pop_back();
        const GumboNode* node = item.node;
        if (item.leaving) {
            out.break_word();
            continue;
        }
        if (is_text(node)) {
            add_text_node(node->v.text, extraction.source, extraction.parse_base, item.bold, out);
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT || is_invisible(node)) continue;
        GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR) {
            out.break_line();
            continue;
        }
        bool bold = item.bold || is_bold(node);
        if (is_block(node)) {
            out.break_word();
            stack.push_back({node, bold, true});
        }
        const GumboVector& children = node->v.element.children;
        for (std::size_t i = children.length; i > 0; --i) stack.push_back({child(children, i - 1), bold, false});
    }
}

}  // namespace presser::ingest::html
