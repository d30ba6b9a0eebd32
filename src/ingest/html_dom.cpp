#include "ingest/html_dom.h"

#include <algorithm>
#include <vector>

#include "ingest/text_util.h"

namespace presser::ingest::html {
namespace {

// How far up from a paragraph to look for bold markup around it.
constexpr std::size_t kMaxBoldAncestors = 64;

}  // namespace

std::string_view attribute(const GumboNode* node, const char* name) {
    if (node->type != GUMBO_NODE_ELEMENT) return {};
    const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
    return found && found->value ? std::string_view(found->value) : std::string_view{};
}

bool has_attribute(const GumboNode* node, const char* name) {
    return node->type == GUMBO_NODE_ELEMENT && gumbo_get_attribute(&node->v.element.attributes, name) != nullptr;
}

// The value of a property in the element's inline style ("FONT-WEIGHT: Bold" gives "bold"), or "".
std::string style_property(const GumboNode* node, std::string_view property) {
    std::string_view style = attribute(node, "style");
    while (!style.empty()) {
        std::size_t end = std::min(style.find(';'), style.size());
        std::string_view declaration = style.substr(0, end);
        style.remove_prefix(std::min(end + 1, style.size()));
        std::size_t colon = declaration.find(':');
        if (colon == std::string_view::npos || !ascii_iequals(trim_view(declaration.substr(0, colon)), property)) continue;
        return ascii_lower(trim_view(declaration.substr(colon + 1)));
    }
    return "";
}

// Whether an id or class attribute names the element as `word` ("News_Body_Title", class="news-title").
bool named_as(const GumboNode* node, std::string_view word) {
    for (const char* name : {"id", "class"}) {
        std::string_view value = attribute(node, name);
        for (std::size_t i = 0; i + word.size() <= value.size(); ++i)
            if (ascii_iequals(value.substr(i, word.size()), word)) return true;
    }
    return false;
}

// Content a reader never sees.
bool is_invisible(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return node->type == GUMBO_NODE_COMMENT;
    switch (node->v.element.tag) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON:
            return true;
        default:
            break;
    }
    if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return true;  // SVG and MathML drawings
    return has_attribute(node, "hidden") || style_property(node, "display") == "none";
}

// Elements that break the flow of text: their content is a block of its own.
bool is_block(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return false;
    switch (node->v.element.tag) {
        case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
        case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
        case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
        case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
        case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_MAIN: case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
        case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
            return true;
        default:
            return false;
    }
}

bool is_heading(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return false;
    GumboTag tag = node->v.element.tag;
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
           tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Blocks that are always one paragraph, whatever they contain.
bool is_paragraph_element(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return false;
    GumboTag tag = node->v.element.tag;
    return tag == GUMBO_TAG_P || tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DT || tag == GUMBO_TAG_DD ||
           tag == GUMBO_TAG_PRE || is_heading(node);
}

bool is_bold(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return false;
    if (node->v.element.tag == GUMBO_TAG_B || node->v.element.tag == GUMBO_TAG_STRONG) return true;
    std::string weight = style_property(node, "font-weight");
    return weight.starts_with("bold") || weight == "600" || weight == "700" || weight == "800" || weight == "900";
}

bool bold_around(const GumboNode* node, const GumboNode* stop) {
    std::size_t steps = 0;
    for (const GumboNode* up = node->parent; up && up != stop && steps < kMaxBoldAncestors; up = up->parent, ++steps)
        if (is_bold(up)) return true;
    return false;
}

const GumboNode* find_first(const GumboNode* root, GumboTag tag) {
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (is_element(node, tag) && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML) return node;
        if (const GumboVector* children = children_of(node))
            for (std::size_t i = children->length; i > 0; --i) stack.push_back(child(*children, i - 1));
    }
    return nullptr;
}

}  // namespace presser::ingest::html
