// The body of a record is the element holding the most text (text inside HTML elements counts for the
// nearest non-HTML element above it); the record is the element around it, and its other child elements
// with text are metadata, recognised by name: title, date, venue, URL, language. Records beside it with
// the same name are events of their own. The body's bytes are parsed as HTML when they hold markup and
// as plain text otherwise, in place, so that byte ranges point into the file.
#include "ingest/record_xml.h"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>
#include <unordered_map>

#include "ingest/build_steps.h"
#include "ingest/format_parsers.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

constexpr std::array<std::string_view, 56> kHtmlElements{
    "html", "head", "body", "title", "meta", "link", "script", "style", "p", "div", "span", "br", "hr", "b",
    "strong", "i", "em", "u", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "tbody", "thead", "tr", "td", "th", "section", "article", "header", "footer", "main", "nav", "font",
    "center", "form", "pre", "blockquote", "sup", "sub", "small", "big", "figure", "figcaption", "aside"};

bool is_html_name(std::string_view name) {
    std::string lower = ascii_lower(name);
    return std::find(kHtmlElements.begin(), kHtmlElements.end(), lower) != kHtmlElements.end();
}

// The name of the first element after the prolog (declaration, comments, doctype), or "".
std::string_view root_name(std::string_view text) {
    std::size_t at = 0;
    for (;;) {
        while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
        if (text.compare(at, 2, "<?") == 0) at = text.find("?>", at);
        else if (text.compare(at, 4, "<!--") == 0) at = text.find("-->", at);
        else if (text.compare(at, 2, "<!") == 0) at = text.find('>', at);
        else break;
        if (at == std::string_view::npos) return {};
        at = text.find('>', at) + 1;
    }
    if (at >= text.size() || text[at] != '<') return {};
    std::size_t end = at + 1;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-' ||
                                 text[end] == '_' || text[end] == ':' || text[end] == '.'))
        ++end;
    return text.substr(at + 1, end - at - 1);
}

std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = node.name();
    if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name;
}

bool is_text(const pugi::xml_node& node) { return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata; }

// HTML elements that carry a page's text (not its <title>, <link> or <meta>, which records use as fields).
bool is_html_content(std::string_view name) {
    std::string lower = ascii_lower(name);
    return is_html_name(lower) && lower != "title" && lower != "link" && lower != "meta" && lower != "head";
}

// The nearest element above `node` (or `node` itself) that is not an HTML element.
pugi::xml_node record_level(pugi::xml_node node) {
    while (node.parent() && node.parent().type() == pugi::node_element && is_html_content(local_name(node))) node = node.parent();
    return node;
}

// The element that holds the transcript: the most text, counted for non-HTML elements.
pugi::xml_node find_body(const pugi::xml_document& document) {
    std::unordered_map<pugi::xml_node_struct*, std::size_t> text_bytes;
    pugi::xml_node best;
    std::size_t best_bytes = 0;
    std::vector<pugi::xml_node> stack{document};
    while (!stack.empty()) {
        pugi::xml_node node = stack.back();
        stack.pop_back();
        for (pugi::xml_node child : node.children()) {
            if (child.type() == pugi::node_element) stack.push_back(child);
            if (!is_text(child) || node.type() != pugi::node_element) continue;
            pugi::xml_node owner = record_level(node);
            std::size_t& bytes = text_bytes[owner.internal_object()];
            bytes += trim_view(child.value()).size();
            if (bytes > best_bytes) {
                best = owner;
                best_bytes = bytes;
            }
        }
    }
    return best;
}

// The bytes of the body's content in the source: from its first child to the end of its last.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

std::optional<Span> content_span(const pugi::xml_node& body, std::string_view source, std::size_t base) {
    pugi::xml_node first = body.first_child();
    pugi::xml_node last = body.last_child();
    if (!first || first.offset_debug() < 0 || last.offset_debug() < 0) return std::nullopt;
    auto start_of = [&](const pugi::xml_node& node) {
        std::size_t at = base + static_cast<std::size_t>(node.offset_debug());
        return is_text(node) || at == 0 ? at : at - 1;  // an element's offset is its name's, after '<'
    };
    std::size_t begin = start_of(first);
    // One CDATA section: its content exactly; otherwise up to the body's closing tag.
    std::size_t end = first == last && first.type() == pugi::node_cdata
                          ? source.find("]]>", begin)
                          : source.find("</" + std::string(body.name()), start_of(last));
    if (end == std::string_view::npos || end < begin) return std::nullopt;
    return Span{begin, end};
}

// "05/03/2032", "2032-03-05", "5 March 2032".
std::optional<model::PartialDate> field_date(std::string_view text) {
    text = trim_view(text);
    if (text.size() >= 10)
        if (auto iso = model::PartialDate::parse_iso(text.substr(0, 10))) return iso;
    if (auto numeric = find_numeric_date(text)) return numeric->date;
    if (auto written = find_date_in_text(text)) return written->date;
    return std::nullopt;
}

// What a metadata element's name says it holds.
enum class Field { none, title, date, venue, url, language };

Field field_of(std::string_view name) {
    std::string lower = ascii_lower(name);
    std::erase_if(lower, [](char c) { return c == '-' || c == '_' || c == '.'; });
    if (lower == "title" || lower == "headline" || lower == "subject" || lower == "name") return Field::title;
    if (lower.find("date") != std::string::npos || lower == "published" || lower == "issued" || lower == "when" ||
        lower == "datetime")
        return Field::date;
    if (lower == "location" || lower == "venue" || lower == "place" || lower == "city") return Field::venue;
    if (lower == "url" || lower == "link" || lower == "uri" || lower == "sourceurl") return Field::url;
    if (lower == "language" || lower == "lang") return Field::language;
    return Field::none;
}

void read_fields(const pugi::xml_node& record, const pugi::xml_node& body, Draft& draft) {
    for (pugi::xml_node child : record.children()) {
        if (child.type() != pugi::node_element || child == body) continue;
        std::string value = collapse_spaces(child.text().get());
        if (value.empty()) continue;
        switch (field_of(local_name(child))) {
            case Field::title: if (draft.title.empty()) draft.title = value; break;
            case Field::date: if (!draft.declared_date) draft.declared_date = field_date(value); break;
            case Field::venue: if (draft.venue.empty()) draft.venue = value; break;
            case Field::url: if (draft.source_url.empty()) draft.source_url = value; break;
            case Field::language: if (draft.language.empty()) draft.language = value; break;
            case Field::none: break;
        }
    }
}

void shift(model::ByteRange& range, std::size_t base) {
    range.start += base;
    range.end += base;
}

// The body parsed in place: its bytes as a document of their own, ranges moved back into the file.
Result<Draft> parse_body(const SourceText& source, Span span) {
    SourceText part;
    part.path = source.path;
    part.encoding = source.encoding;
    part.text = source.text.substr(span.begin, span.end - span.begin);
    bool markup = part.text.find('<') != std::string::npos;
    Draft draft;
    if (markup) {
        auto parsed = parse_html_draft(part);
        if (!parsed) return parsed.error();
        draft = std::move(parsed.value());
    } else {
        draft = parse_text_draft(part, false);
    }
    for (DraftBlock& block : draft.blocks) {
        shift(block.paragraph.range, span.begin);
        for (model::Aside& aside : block.paragraph.asides) shift(aside.range, span.begin);
        if (block.unlabeled) shift(block.unlabeled->range, span.begin);
    }
    draft.source_text = &source.text;
    draft.source = source.path;
    draft.source_format = "xml";
    return draft;
}

// A record without a title whose transcript opens with a short line in capitals and no label ("PRESS
// CONFERENCE, CANBERRA, 3 MAY 1977"): that line is the heading, and the title.
void take_heading_as_title(Draft& draft) {
    if (!draft.title.empty() || draft.blocks.empty()) return;
    DraftBlock& first = draft.blocks.front();
    const std::string& text = first.paragraph.text;
    if (first.label || text.size() > 160 || text.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) return;
    if (std::count_if(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) < 3) return;
    first.heading = true;
    draft.title = text;
}

}  // namespace

bool looks_like_record_xml(std::string_view text) {
    std::string_view root = root_name(text);
    if (root.empty() || is_html_name(root) || root == "TEI" || root == "teiCorpus") return false;
    std::string_view tail = trim_view(text.substr(text.size() > 256 ? text.size() - 256 : 0));
    std::string closing = "</" + std::string(root) + ">";
    return tail.ends_with(closing);
}

Result<std::vector<Draft>> parse_record_xml_drafts(const SourceText& source) {
    const std::size_t base = std::min(source.bom_bytes, source.text.size());
    pugi::xml_document document;
    pugi::xml_parse_result loaded =
        document.load_buffer(source.text.data() + base, source.text.size() - base, pugi::parse_default, pugi::encoding_utf8);
    if (!loaded) {
        // Not well-formed after all: read as an HTML page, as a browser would.
        auto page = parse_html_draft(source);
        if (!page) return page.error();
        page->warnings.push_back(std::string("XML not well-formed (") + loaded.description() + "): read as HTML");
        return std::vector<Draft>{std::move(page.value())};
    }
    pugi::xml_node body = find_body(document);
    std::vector<Draft> drafts;
    if (!body) return drafts;
    pugi::xml_node record = body.parent();
    std::string body_name = body.name();
    for (pugi::xml_node each = record; each; each = each.next_sibling(record.name())) {
        pugi::xml_node each_body = each == record ? body : each.child(body_name.c_str());
        if (!each_body) continue;
        std::optional<Span> span = content_span(each_body, source.text, base);
        if (!span) continue;
        auto draft = parse_body(source, *span);
        if (!draft) return draft.error();
        draft->source_encoding = source.encoding;
        draft->warnings.insert(draft->warnings.begin(), source.warnings.begin(), source.warnings.end());
        Draft fields;
        read_fields(each, each_body, fields);
        if (!fields.title.empty()) draft->title = fields.title;
        if (fields.declared_date) draft->declared_date = fields.declared_date;
        if (!fields.venue.empty()) draft->venue = fields.venue;
        if (!fields.source_url.empty()) draft->source_url = fields.source_url;
        if (!fields.language.empty()) draft->language = fields.language;
        take_heading_as_title(*draft);
        drafts.push_back(std::move(draft.value()));
        if (record.type() != pugi::node_element || !record.parent()) break;
    }
    return drafts;
}

}  // namespace presser::ingest
