// Helpers over gumbo's tree: node kinds, children, attributes and inline style, and what an element is
// to a reader (invisible, a block, a heading, a paragraph, bold). Internal to src/ingest.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace presser::ingest::html {

struct GumboOutputDeleter {
    void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};
using GumboTree = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

inline bool is_element(const GumboNode* node, GumboTag tag) {
    return node && node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

inline bool is_text(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA;
}

inline const GumboVector* children_of(const GumboNode* node) {
    if (node->type == GUMBO_NODE_ELEMENT) return &node->v.element.children;
    if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
    return nullptr;
}

inline const GumboNode* child(const GumboVector& children, std::size_t i) { return static_cast<const GumboNode*>(children.data[i]); }

[[nodiscard]] std::string_view attribute(const GumboNode* node, const char* name);
[[nodiscard]] bool has_attribute(const GumboNode* node, const char* name);
// The value of a property in the element's inline style ("FONT-WEIGHT: Bold" gives "bold"), or "".
[[nodiscard]] std::string style_property(const GumboNode* node, std::string_view property);
// Whether an id or class attribute names the element as `word` ("News_Body_Title", class="news-title").
[[nodiscard]] bool named_as(const GumboNode* node, std::string_view word);

// Content a reader never sees.
[[nodiscard]] bool is_invisible(const GumboNode* node);
// Elements that break the flow of text: their content is a block of its own.
[[nodiscard]] bool is_block(const GumboNode* node);
[[nodiscard]] bool is_heading(const GumboNode* node);
// Blocks that are always one paragraph, whatever they contain.
[[nodiscard]] bool is_paragraph_element(const GumboNode* node);
// <b>, <strong>, or a bold font-weight in the inline style.
[[nodiscard]] bool is_bold(const GumboNode* node);
// Whether an ancestor of `node` below `stop` (at most 64 levels up) is bold.
[[nodiscard]] bool bold_around(const GumboNode* node, const GumboNode* stop);

// The first HTML element with this tag in document order, or nullptr.
[[nodiscard]] const GumboNode* find_first(const GumboNode* root, GumboTag tag);

}  // namespace presser::ingest::html
