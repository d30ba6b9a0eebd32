#include "ingest/html_page_facts.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "ingest/build_steps.h"
#include "ingest/html_dom.h"
#include "ingest/text_util.h"

namespace presser::ingest::html {
namespace {

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

bool has_full_date(std::string_view text) {
    std::optional<DateFinding> found = find_date_in_text(text);
    return found && found->date.precision == model::DatePrecision::day;
}

}  // namespace

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

}  // namespace presser::ingest::html
