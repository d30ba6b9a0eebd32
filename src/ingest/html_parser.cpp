// HTML pages, parsed with gumbo.
//
// The transcript is the page's main text container: the element whose direct <p> children hold the most
// text (or, on pages without <p>, whose direct leaf blocks do). Inside it each <p>, heading, list item or
// leaf block is one DraftBlock, and so is a run of loose text between blocks. When the container holds
// less than half of the page's paragraph text the transcript is spread out, and every <p> of the body is
// read instead. A paragraph whose text begins in bold (<b>, <strong>, font-weight) is `emphasised`: some
// sites (the Chinese MFA among them) print questions in bold.
//
// Every walk over the tree is iterative, and pages nested deeper than gumbo handles in reasonable time
// are refused before gumbo sees them.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "ingest/build_steps.h"
#include "ingest/format_parsers.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

// gumbo's tree building is superlinear in the depth of the open-element stack (20,000 nested <div>
// take a second, 60,000 take twenty), so deeper documents are refused rather than left to hang.
constexpr std::size_t kMaxNesting = 4096;
// Its check for duplicate attributes compares every attribute of a tag with every other: 20,000
// attributes on one tag take a second and a half. Ordinary pages stay far below this sum of squares.
constexpr std::size_t kMaxAttributeComparisons = 50'000'000;
// How far up from a paragraph to look for bold markup around it.
constexpr std::size_t kMaxBoldAncestors = 64;

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

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

// What would make gumbo slow: how deep the elements nest, and how many attributes its duplicate check
// compares (the sum over tags of the square of their attribute counts).
struct MarkupCost {
    std::size_t depth = 0;
    std::size_t attribute_comparisons = 0;
};

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

// An upper estimate of the nesting gumbo will build, from a scan of the tags: open tags minus closed
// ones, ignoring void elements, optional-end elements and self-closed tags inside <svg>/<math>. An end
// tag closes what was opened inside its element, except that a formatting end tag (</a>, </b>) leaves
// blocks opened inside it open, as the HTML parsing algorithm does. Stops early past the limits.
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

struct GumboOutputDeleter {
    void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};
using GumboTree = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

bool is_element(const GumboNode* node, GumboTag tag) {
    return node && node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

bool is_text(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA;
}

const GumboVector* children_of(const GumboNode* node) {
    if (node->type == GUMBO_NODE_ELEMENT) return &node->v.element.children;
    if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
    return nullptr;
}

const GumboNode* child(const GumboVector& children, std::size_t i) { return static_cast<const GumboNode*>(children.data[i]); }

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

// Sizes computed bottom-up once, so that choosing the container costs one pass over the tree.
struct NodeStats {
    std::size_t text_bytes = 0;     // visible non-space text in the subtree
    std::size_t p_text = 0;         // text of direct <p> children
    std::size_t leaf_block_text = 0;  // text of direct children that are blocks without blocks inside
    bool has_block = false;         // some descendant is a block element
};

std::size_t visible_bytes(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t space = text[i] == '\n' ? 1 : horizontal_space_length(text, i);
        if (space) {
            i += space;
            continue;
        }
        ++count;
        ++i;
    }
    return count;
}

using StatsMap = std::unordered_map<const GumboNode*, NodeStats>;

StatsMap compute_stats(const GumboNode* root) {
    StatsMap stats;
    struct Frame {
        const GumboNode* node;
        std::size_t next_child;
    };
    std::vector<Frame> stack{{root, 0}};
    stats[root];
    while (!stack.empty()) {
        Frame& frame = stack.back();
        const GumboVector* children = children_of(frame.node);
        if (children && frame.next_child < children->length) {
            const GumboNode* next = child(*children, frame.next_child++);
            if (is_text(next)) {
                if (next->v.text.text) stats[frame.node].text_bytes += visible_bytes(next->v.text.text);
            } else if (next->type == GUMBO_NODE_ELEMENT && !is_invisible(next)) {
                stats[next];
                stack.push_back({next, 0});
            }
            continue;
        }
        const GumboNode* done = frame.node;
        stack.pop_back();
        if (stack.empty()) break;
        const NodeStats mine = stats[done];
        NodeStats& parent = stats[stack.back().node];
        parent.text_bytes += mine.text_bytes;
        parent.has_block = parent.has_block || mine.has_block || is_block(done);
        if (is_element(done, GUMBO_TAG_P)) parent.p_text += mine.text_bytes;
        if (is_block(done) && !mine.has_block) parent.leaf_block_text += mine.text_bytes;
    }
    return stats;
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

// Visible text of a paragraph, white space folded, with the source bytes each character was read from.
// Text copied verbatim from the source is kept as runs (one offset per run, not per byte); a character
// decoded from a reference ("&amp;") and the space that stands for folded white space are runs of their
// own.
class MappedText {
public:
    std::string text;
    bool starts_bold = false;

    void break_word() { pending_space_ = !text.empty(); }

    // One decoded character and the source bytes [from, to) it came from; `verbatim` when those bytes
    // are the character itself.
    void add_character(std::string_view character, std::size_t from, std::size_t to, bool verbatim, bool bold) {
        std::size_t space = character == "\n" ? 1 : horizontal_space_length(character, 0);
        if (space == character.size()) {
            break_word();
            return;
        }
        if (text.empty()) starts_bold = bold;
        if (pending_space_) {
            runs_.push_back({text.size(), from, from, false});
            text.push_back(' ');
        }
        pending_space_ = false;
        bool extends = verbatim && !runs_.empty() && runs_.back().verbatim &&
                       runs_.back().source_start + (text.size() - runs_.back().text_start) == from;
        if (!extends) runs_.push_back({text.size(), from, to, verbatim});
        text += character;
    }

    // The source bytes of text[from, to): from the first character's first byte to the last character's
    // last byte. Markup between them (inline tags) is inside the range.
    [[nodiscard]] model::ByteRange source_range(std::size_t from, std::size_t to) const {
        if (runs_.empty()) return {};
        if (from >= to || to > text.size()) {
            std::size_t at = from < text.size() ? source_begin(from) : source_end(text.size() - 1);
            return {at, at};
        }
        std::size_t start = source_begin(from);
        return {start, std::max(start, source_end(to - 1))};
    }

private:
    struct Run {
        std::size_t text_start;
        std::size_t source_start;
        std::size_t source_end;  // for a decoded character: the end of its reference
        bool verbatim;
    };
    std::vector<Run> runs_;
    bool pending_space_ = false;

    const Run& run_at(std::size_t i) const {
        auto after = std::upper_bound(runs_.begin(), runs_.end(), i, [](std::size_t at, const Run& run) { return at < run.text_start; });
        return *std::prev(after);
    }
    std::size_t source_begin(std::size_t i) const {
        const Run& run = run_at(i);
        if (!run.verbatim) return run.source_start;
        // The first byte of the character that byte i belongs to.
        std::size_t lead = i;
        while (lead > run.text_start && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80) --lead;
        return run.source_start + (lead - run.text_start);
    }
    std::size_t source_end(std::size_t i) const {
        const Run& run = run_at(i);
        if (!run.verbatim) return run.source_end;
        std::size_t last = i;
        while (last + 1 < text.size() && (static_cast<unsigned char>(text[last + 1]) & 0xC0) == 0x80) ++last;
        return run.source_start + (last - run.text_start) + 1;
    }
};

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

struct Extraction {
    std::string_view source;  // the whole decoded source text
    std::size_t parse_base;   // offset in `source` of the bytes gumbo parsed
};

// Appends the visible text of `nodes` (siblings, in order) to `out`.
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
            out.break_word();
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

// A paragraph of the page: one element, or a run of loose inline content between blocks.
struct BlockSource {
    std::vector<const GumboNode*> nodes;
    bool heading = false;
};

bool bold_around(const GumboNode* node, const GumboNode* stop) {
    std::size_t steps = 0;
    for (const GumboNode* up = node->parent; up && up != stop && steps < kMaxBoldAncestors; up = up->parent, ++steps)
        if (is_bold(up)) return true;
    return false;
}

// The blocks inside `container`, in document order.
std::vector<BlockSource> collect_blocks(const GumboNode* container, const StatsMap& stats) {
    std::vector<BlockSource> blocks;
    struct Frame {
        const GumboNode* node;
        std::size_t next_child;
        BlockSource run;  // loose inline content gathered among this node's children
    };
    auto flush = [&](BlockSource& run) {
        if (!run.nodes.empty()) blocks.push_back(std::move(run));
        run = {};
    };
    std::vector<Frame> stack;
    stack.push_back({container, 0, {}});
    while (!stack.empty()) {
        Frame& frame = stack.back();
        const GumboVector* children = children_of(frame.node);
        if (!children || frame.next_child >= children->length) {
            flush(frame.run);
            stack.pop_back();
            continue;
        }
        const GumboNode* next = child(*children, frame.next_child++);
        if (next->type == GUMBO_NODE_ELEMENT && is_invisible(next)) continue;
        auto found = stats.find(next);
        bool leaf = found == stats.end() || !found->second.has_block;
        // Inline content joins the run, unless it wraps blocks: an unclosed <b> ends up holding the rest
        // of the page, whose paragraphs are still paragraphs.
        if (!is_block(next) && leaf) {
            frame.run.nodes.push_back(next);
            continue;
        }
        flush(frame.run);
        if (is_paragraph_element(next) || leaf) {
            blocks.push_back({{next}, is_heading(next)});
        } else {
            stack.push_back({next, 0, {}});
        }
    }
    return blocks;
}

std::vector<BlockSource> all_paragraphs(const GumboNode* root) {
    std::vector<BlockSource> blocks;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (is_invisible(node)) continue;
        if (is_element(node, GUMBO_TAG_P)) {
            blocks.push_back({{node}, false});
            continue;
        }
        if (const GumboVector* children = children_of(node))
            for (std::size_t i = children->length; i > 0; --i) stack.push_back(child(*children, i - 1));
    }
    return blocks;
}

std::size_t start_offset(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT ? node->v.element.start_pos.offset : 0;
}

const GumboNode* best_container(const StatsMap& stats, std::size_t NodeStats::*measure) {
    const GumboNode* best = nullptr;
    std::size_t best_text = 0;
    for (const auto& [node, node_stats] : stats) {
        std::size_t text = node_stats.*measure;
        // Ties go to the earlier element so that the choice does not depend on hash order.
        if (text > best_text || (text == best_text && text > 0 && best && start_offset(node) < start_offset(best))) {
            best = node;
            best_text = text;
        }
    }
    return best;
}

std::string clean_title(std::string_view text) {
    // Some sites escape a line break into their titles ("...&lt;br&gt;..."), which reads as "<br>".
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '<' && (ascii_lower(text.substr(i, 3)) == "<br")) {
            std::size_t gt = text.find('>', i);
            if (gt != std::string_view::npos && gt - i <= 6) {
                bool after_ascii = !out.empty() && static_cast<unsigned char>(out.back()) < 0x80;
                if (after_ascii) out.push_back(' ');
                i = gt + 1;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    return collapse_spaces(out);
}

std::string plain_text(const GumboNode* node, const Extraction& extraction) {
    MappedText text;
    extract_text({node}, false, extraction, text);
    return clean_title(text.text);
}

// The text of a <title>: gumbo keeps it as one raw text child.
std::string title_element_text(const GumboNode* title) {
    std::string text;
    const GumboVector& children = title->v.element.children;
    for (std::size_t i = 0; i < children.length; ++i) {
        const GumboNode* node = child(children, i);
        if (is_text(node) && node->v.text.text) text += node->v.text.text;
    }
    return clean_title(text);
}

struct PageFacts {
    std::string title;         // <title> text
    std::string site_name;     // og:site_name, SiteName, application-name
    std::string meta_title;    // og:title, ArticleTitle, dc.title
    std::string meta_date;     // article:published_time, PubDate, date, dc.date
    std::string url;           // canonical link, og:url
    std::string language;      // <html lang>
};

PageFacts read_page_facts(const GumboNode* root) {
    PageFacts facts;
    if (const GumboNode* html = find_first(root, GUMBO_TAG_HTML)) {
        facts.language = std::string(attribute(html, "lang"));
        if (facts.language.empty()) facts.language = std::string(attribute(html, "xml:lang"));
    }
    if (const GumboNode* title = find_first(root, GUMBO_TAG_TITLE)) facts.title = title_element_text(title);
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (is_element(node, GUMBO_TAG_META)) {
            std::string key = ascii_lower(attribute(node, "name"));
            if (key.empty()) key = ascii_lower(attribute(node, "property"));
            std::string content = collapse_spaces(attribute(node, "content"));
            if (content.empty()) continue;
            auto take = [&](std::string& field, std::initializer_list<std::string_view> keys) {
                if (field.empty() && std::find(keys.begin(), keys.end(), key) != keys.end()) field = content;
            };
            take(facts.site_name, {"og:site_name", "sitename", "application-name"});
            take(facts.meta_title, {"og:title", "articletitle", "dc.title", "twitter:title"});
            take(facts.meta_date, {"article:published_time", "pubdate", "publishdate", "date", "dc.date",
                                   "dcterms.date", "dc.date.issued", "publication_date"});
            take(facts.url, {"og:url"});
        } else if (is_element(node, GUMBO_TAG_LINK) && ascii_lower(attribute(node, "rel")) == "canonical") {
            facts.url = std::string(attribute(node, "href"));  // the canonical link outranks og:url
        }
        if (const GumboVector* children = children_of(node))
            for (std::size_t i = children->length; i > 0; --i) stack.push_back(child(*children, i - 1));
    }
    return facts;
}

// "Headline — Site" / "Headline_Site" / "Headline | Site": the headline and the site name, when the
// title has such a suffix (the known site name, or a part shorter than the headline).
std::pair<std::string, std::string> split_site_suffix(const std::string& title, const std::string& site_name) {
    // A hyphen also joins parts of headlines, so it only separates a suffix shorter than the headline.
    static constexpr std::array<std::string_view, 6> kSeparators{" — ", " – ", " | ", "｜", "_", " - "};
    std::size_t best = std::string::npos;
    std::size_t separator_size = 0;
    bool weak_separator = false;
    for (std::string_view separator : kSeparators) {
        std::size_t at = title.rfind(separator);
        if (at != std::string::npos && at > 0 && (best == std::string::npos || at > best)) {
            best = at;
            separator_size = separator.size();
            weak_separator = separator == " - ";
        }
    }
    if (best == std::string::npos) return {title, ""};
    std::string head = trim_copy(std::string_view(title).substr(0, best));
    std::string suffix = trim_copy(std::string_view(title).substr(best + separator_size));
    if (suffix.empty() || head.empty()) return {title, ""};
    // Site names carry no digits; a dated suffix ("| March 3, 2023") is part of the headline.
    bool has_digit = std::any_of(suffix.begin(), suffix.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (suffix == site_name || (!has_digit && (!weak_separator || suffix.size() < head.size()))) return {head, suffix};
    return {title, ""};
}

// What the page prints above the article: its headline (the last <h1>, or else the last element named
// as a title, "News_Body_Title", class="title") and its dateline (a <time>, or an element named as a time
// or date, holding a date). Only short, block-free elements before the container qualify.
struct ArticleHeader {
    std::string headline;
    std::optional<model::PartialDate> date;
};

ArticleHeader read_article_header(const GumboNode* root, const GumboNode* container, const StatsMap& stats,
                                  const Extraction& extraction) {
    ArticleHeader header;
    if (!container || container->type != GUMBO_NODE_ELEMENT) return header;
    const std::size_t container_start = container->v.element.start_pos.offset;
    const GumboNode* h1 = nullptr;
    const GumboNode* named = nullptr;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type == GUMBO_NODE_DOCUMENT) {
            const GumboVector& children = node->v.document.children;
            for (std::size_t i = children.length; i > 0; --i) stack.push_back(child(children, i - 1));
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT || is_invisible(node) || node == container) continue;
        if (node->v.element.start_pos.offset >= container_start && node->v.element.original_tag.length > 0) break;
        auto found = stats.find(node);
        bool short_leaf = found != stats.end() && found->second.text_bytes > 0 && found->second.text_bytes <= 400 &&
                          !found->second.has_block;
        if (short_leaf && is_element(node, GUMBO_TAG_H1)) h1 = node;
        if (short_leaf && !is_element(node, GUMBO_TAG_A) && named_as(node, "title")) named = node;
        bool dateline = is_element(node, GUMBO_TAG_TIME) || named_as(node, "time") || named_as(node, "date");
        if (dateline && found != stats.end() && found->second.text_bytes <= 80) {
            std::string text = std::string(attribute(node, "datetime"));
            if (text.size() >= 10) text.resize(10);
            else text = plain_text(node, extraction);
            if (auto date = find_date_in_text(text); date && date->date.precision == model::DatePrecision::day)
                header.date = date->date;  // the innermost and last one wins
        }
        const GumboVector& children = node->v.element.children;
        for (std::size_t i = children.length; i > 0; --i) stack.push_back(child(children, i - 1));
    }
    if (h1) header.headline = plain_text(h1, extraction);
    else if (named) header.headline = plain_text(named, extraction);
    return header;
}

bool has_full_date(std::string_view text) {
    std::optional<DateFinding> found = find_date_in_text(text);
    return found && found->date.precision == model::DatePrecision::day;
}

void fill_page_facts(Draft& draft, const PageFacts& facts, const ArticleHeader& header) {
    auto [title_head, suffix] = split_site_suffix(facts.title, facts.site_name);
    if (!header.headline.empty()) draft.title = header.headline;
    else if (!facts.meta_title.empty()) draft.title = facts.meta_title;
    else draft.title = title_head;
    draft.organiser = !suffix.empty() ? suffix : facts.site_name;
    draft.language = facts.language;
    draft.source_url = facts.url;
    // A publication date stands for the event only when the title does not date it.
    if (has_full_date(draft.title)) return;
    if (facts.meta_date.size() >= 10) draft.declared_date = model::PartialDate::parse_iso(std::string_view(facts.meta_date).substr(0, 10));
    if (!draft.declared_date) draft.declared_date = header.date;
}

// A short phrase and a colon at the start of a paragraph that the label grammar did not take as a label
// ("会后有记者问及：", "《环球时报》："); a label after all if the paragraph turns out to be a bold question.
struct LeadIn {
    std::string label_text;
    model::Paragraph rest;
};

struct ParsedBlock {
    DraftBlock block;
    std::optional<LeadIn> lead_in;
};

// Where a short lead-in ends: the offset of its colon and of the text after it, when `text` begins with
// at most two dozen characters and a colon, with no sentence punctuation before it.
std::optional<std::pair<std::size_t, std::size_t>> find_lead_in(std::string_view text) {
    constexpr std::size_t kMaxLeadIn = 24 * 3;  // two dozen Han characters
    for (std::size_t i = 0; i < text.size() && i <= kMaxLeadIn;) {
        std::size_t length = std::min(utf8_sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
        std::string_view character = text.substr(i, length);
        if (character == "：" || character == ":") {
            if (i == 0) return std::nullopt;
            return std::pair{i, skip_horizontal_space(text, i + length)};
        }
        for (std::string_view stop : {"。", "，", "？", "！", "；", ",", ".", "?", "!", ";", "“", "\""})
            if (character == stop) return std::nullopt;
        i += length;
    }
    return std::nullopt;
}

// A paragraph drawn as a horizontal rule ("*****", "———"): a separator, not text.
bool is_rule(std::string_view text) {
    static constexpr std::array<std::string_view, 16> kRuleCharacters{
        "*", "-", "_", "=", "~", "#", "·", "•", "—", "―", "─", "＊", "※", "☆", "★", "◆"};
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t length = std::min(utf8_sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
        if (std::find(kRuleCharacters.begin(), kRuleCharacters.end(), text.substr(i, length)) == kRuleCharacters.end())
            return false;
        ++count;
        i += length;
    }
    return count >= 3;
}

std::optional<ParsedBlock> make_block(const BlockSource& source, const GumboNode* container, const Extraction& extraction) {
    MappedText text;
    bool bold_outside = !source.nodes.empty() && bold_around(source.nodes.front(), container);
    extract_text(source.nodes, bold_outside, extraction, text);
    if (text.text.empty() || is_rule(text.text)) return std::nullopt;  // image-only, empty and rule paragraphs

    ParsedBlock parsed;
    DraftBlock& block = parsed.block;
    block.heading = source.heading;
    block.emphasised = text.starts_bold;
    std::size_t body = 0;
    if (!block.heading) {
        if (std::optional<LabelMatch> match = match_label(text.text)) {
            block.label = std::move(match->label);
            body = std::min(match->consumed, text.text.size());
        }
    }
    std::string_view rest = std::string_view(text.text).substr(body);
    std::string_view trimmed = trim_view(rest);
    std::size_t from = body + static_cast<std::size_t>(trimmed.data() - rest.data());
    block.paragraph.text = std::string(trimmed);
    block.paragraph.range = text.source_range(from, from + trimmed.size());
    if (block.label && block.label->weak)
        block.unlabeled = model::Paragraph{text.text, text.source_range(0, text.text.size()), {}};
    if (!block.label && !block.heading) {
        if (auto lead_in = find_lead_in(text.text)) {
            auto [colon, after] = *lead_in;
            parsed.lead_in = LeadIn{std::string(trim_view(std::string_view(text.text).substr(0, colon))),
                                    {text.text.substr(after), text.source_range(after, text.text.size()), {}}};
        }
    }
    return parsed;
}

bool asks(const Label& label) {
    return label.label_class == LabelClass::question_marker || label.label_class == LabelClass::outlet_reporter ||
           label.label_class == LabelClass::reporter_group;
}

// Whether a paragraph has words: an ASCII letter or digit, or a character from the CJK blocks on
// (separator lines such as "*****" or "•••" have none).
bool has_letters(std::string_view text) {
    for (char byte : text) {
        unsigned char c = static_cast<unsigned char>(byte);
        if (std::isalnum(c) || c >= 0xE3) return true;
    }
    return false;
}

// Whether the labelled block before block `i` asked a question.
bool responds_to_question(const std::vector<ParsedBlock>& parsed, std::size_t i) {
    for (std::size_t j = i; j > 0; --j)
        if (const auto& label = parsed[j - 1].block.label) return asks(*label);
    return false;
}

// The identity keys of the labels that open plain (not bold) paragraphs.
std::unordered_set<std::string> plain_label_keys(const std::vector<ParsedBlock>& parsed) {
    std::unordered_set<std::string> keys;
    for (const ParsedBlock& item : parsed)
        if (item.block.label && !item.block.emphasised) keys.insert(item.block.label->key);
    return keys;
}

// Whether this page prints its questions in bold: bold paragraphs carry the journalists' labels (or,
// unlabelled, are answered by the next labelled speaker) more often than plain ones do, and the
// answering side is not in bold (a bold label that is strong, also opens plain paragraphs, or answers a
// question). Pages that bold every speaker label fail the second test.
bool questions_in_bold(const std::vector<ParsedBlock>& parsed) {
    std::size_t bold_questions = 0, plain_questions = 0, bold_answers = 0;
    const std::unordered_set<std::string> plain_keys = plain_label_keys(parsed);
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        const DraftBlock& block = parsed[i].block;
        if (block.heading) continue;
        if (!block.label) {
            bool answered_next = i + 1 < parsed.size() && parsed[i + 1].block.label && !parsed[i + 1].block.emphasised;
            if (block.emphasised && answered_next && has_letters(block.paragraph.text)) ++bold_questions;
            continue;
        }
        if (asks(*block.label)) {
            ++(block.emphasised ? bold_questions : plain_questions);
        } else if (block.emphasised &&
                   (!block.label->weak || responds_to_question(parsed, i) || plain_keys.contains(block.label->key))) {
            ++bold_answers;
        }
    }
    return bold_questions > plain_questions && bold_answers * 4 <= bold_questions;
}

// On pages that print questions in bold, a bold paragraph is a question even when its label is not a
// journalist's: an unknown lead-in ("会后有记者问及：") becomes the asker's label, a weak name-like label
// that only ever opens bold paragraphs ("追问：", "彭博社：") is a question marker, and a bold paragraph
// with no label at all is an anonymous question ("问"), unless it goes on a question already open. A plain
// paragraph without a label right after a bold question answers it: an anonymous answer ("答").
void label_bold_questions(std::vector<ParsedBlock>& parsed) {
    if (!questions_in_bold(parsed)) return;
    const std::unordered_set<std::string> plain_keys = plain_label_keys(parsed);
    bool question_open = false;  // a bold question is under way: nothing plain has followed it yet
    for (ParsedBlock& item : parsed) {
        DraftBlock& block = item.block;
        if (block.heading) continue;
        const bool has_text = has_letters(block.paragraph.text);
        if (!block.emphasised && has_text && !block.label && question_open) {
            // Plain text right after a bold question is its answer, even when the page names no one.
            block.label = interpret_label("答", LabelClass::answer_marker);
        } else if (block.emphasised && has_text) {
            if (block.label && block.label->weak && block.label->label_class == LabelClass::named && !question_open &&
                !plain_keys.contains(block.label->key)) {
                block.label = interpret_label(block.label->text, LabelClass::question_marker);
                block.unlabeled.reset();
            } else if (!block.label && !question_open) {
                if (item.lead_in) {
                    // "西班牙《阿贝赛报》记者": a journalist of an outlet the grammar's pattern does not cover.
                    const std::string& lead_in = item.lead_in->label_text;
                    bool outlet = lead_in.ends_with("记者") && lead_in.size() > std::string_view("记者").size();
                    block.label = interpret_label(lead_in, outlet ? LabelClass::outlet_reporter : LabelClass::question_marker);
                    block.paragraph = std::move(item.lead_in->rest);
                } else {
                    block.label = interpret_label("问", LabelClass::question_marker);
                }
            }
        }
        if (block.label) question_open = block.emphasised && asks(*block.label);
    }
}

}  // namespace

Result<Draft> parse_html_draft(const SourceText& source) {
    std::string_view html = std::string_view(source.text).substr(std::min(source.bom_bytes, source.text.size()));
    if (html.size() > UINT32_MAX)
        return Error{source.path, std::nullopt, std::nullopt, "HTML page larger than 4 GB: gumbo cannot address it"};
    MarkupCost cost = estimate_cost(html, kMaxNesting, kMaxAttributeComparisons);
    if (cost.depth > kMaxNesting)
        return Error{source.path, std::nullopt, std::nullopt,
                     "HTML elements nested more than " + std::to_string(kMaxNesting) + " deep: refused"};
    if (cost.attribute_comparisons > kMaxAttributeComparisons)
        return Error{source.path, std::nullopt, std::nullopt, "HTML tags with thousands of attributes: refused"};

    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // parse errors are not reported, so do not collect them
    GumboTree tree(gumbo_parse_with_options(&options, html.data(), html.size()));
    if (!tree || !tree->document) return Error{source.path, std::nullopt, std::nullopt, "gumbo could not parse the page"};

    Draft draft;
    draft.source = source.path;
    draft.source_text = &source.text;
    draft.source_format = "html";
    draft.source_encoding = source.encoding;
    draft.warnings = source.warnings;
    const Extraction extraction{source.text, source.text.size() - html.size()};

    const GumboNode* body = find_first(tree->document, GUMBO_TAG_BODY);
    StatsMap stats = compute_stats(body ? body : tree->document);
    const GumboNode* container = best_container(stats, &NodeStats::p_text);
    std::vector<BlockSource> sources;
    if (container) {
        std::size_t all_p_text = 0;
        for (const auto& [node, node_stats] : stats) all_p_text += node_stats.p_text;
        if (2 * stats.at(container).p_text >= all_p_text) {
            sources = collect_blocks(container, stats);
        } else {
            draft.warnings.push_back("no single container holds most of the page's paragraphs: read every <p>");
            sources = all_paragraphs(body ? body : tree->document);
            container = body;
        }
    } else if ((container = best_container(stats, &NodeStats::leaf_block_text))) {
        sources = collect_blocks(container, stats);
    } else if (body) {
        container = body;
        sources = collect_blocks(body, stats);
    }

    std::vector<ParsedBlock> parsed;
    for (const BlockSource& block_source : sources)
        if (std::optional<ParsedBlock> block = make_block(block_source, container, extraction)) parsed.push_back(std::move(*block));
    label_bold_questions(parsed);
    for (ParsedBlock& item : parsed) draft.blocks.push_back(std::move(item.block));

    fill_page_facts(draft, read_page_facts(tree->document), read_article_header(tree->document, container, stats, extraction));
    if (draft.blocks.empty()) draft.warnings.push_back("the page has no visible paragraphs");
    return draft;
}

}  // namespace presser::ingest
