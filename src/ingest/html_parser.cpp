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
//
// The pieces live beside this file: html_markup_cost (the guard before gumbo), html_dom (node helpers),
// html_blocks (container and paragraphs), html_text (text with source offsets), html_page_facts (title,
// site, date, language) and html_bold_questions (questions printed in bold).
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ingest/format_parsers.h"
#include "ingest/html_blocks.h"
#include "ingest/html_bold_questions.h"
#include "ingest/html_dom.h"
#include "ingest/html_label_spans.h"
#include "ingest/html_markup_cost.h"
#include "ingest/html_page_facts.h"
#include "ingest/html_text.h"
#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {

using namespace html;

namespace {

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

// One block from text[span.from, span.to) of a paragraph.
std::optional<ParsedBlock> make_block(const MappedText& text, LabelSpan span, bool heading) {
    std::string_view whole = std::string_view(text.text).substr(span.from, span.to - span.from);
    std::string_view content = trim_view(whole);
    if (content.empty()) return std::nullopt;
    ParsedBlock parsed;
    DraftBlock& block = parsed.block;
    block.heading = heading;
    block.emphasised = span.from == 0 && text.starts_bold;
    std::size_t body = 0;
    if (!heading && span.label) {
        block.label = std::move(span.label->label);
        body = std::min(span.label->consumed, whole.size());
    }
    std::string_view rest = whole.substr(body);
    std::string_view trimmed = trim_view(rest);
    std::size_t from = static_cast<std::size_t>(trimmed.data() - text.text.data());
    block.paragraph.text = std::string(trimmed);
    block.paragraph.range = text.source_range(from, from + trimmed.size());
    std::size_t content_from = static_cast<std::size_t>(content.data() - text.text.data());
    if (block.label && block.label->weak)
        block.unlabeled = model::Paragraph{std::string(content), text.source_range(content_from, content_from + content.size()), {}};
    if (!block.label && !block.heading) {
        if (auto lead_in = find_lead_in(content)) {
            auto [colon, after] = *lead_in;
            parsed.lead_in = LeadIn{std::string(trim_view(content.substr(0, colon))),
                                    {std::string(content.substr(after)),
                                     text.source_range(content_from + after, content_from + content.size()), {}}};
        }
    }
    return parsed;
}

// The blocks of the page: each paragraph's text, cut where turns begin inside it (html_label_spans.h).
std::vector<ParsedBlock> make_blocks(const std::vector<BlockSource>& sources, const GumboNode* container,
                                     const Extraction& extraction) {
    std::vector<MappedText> texts;
    std::vector<bool> headings;
    for (const BlockSource& source : sources) {
        MappedText text;
        bool bold_outside = !source.nodes.empty() && bold_around(source.nodes.front(), container);
        extract_text(source.nodes, bold_outside, extraction, text);
        if (text.text.empty() || is_rule(text.text)) continue;  // image-only, empty and rule paragraphs
        texts.push_back(std::move(text));
        headings.push_back(source.heading);
    }
    const DocumentLabels labels = collect_document_labels(texts);
    std::vector<ParsedBlock> parsed;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        std::vector<LabelSpan> spans = headings[i] ? std::vector<LabelSpan>{{0, texts[i].text.size(), std::nullopt}}
                                                   : label_spans(texts[i], labels);
        for (LabelSpan& span : spans)
            if (std::optional<ParsedBlock> block = make_block(texts[i], std::move(span), headings[i]))
                parsed.push_back(std::move(*block));
    }
    return parsed;
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

    std::vector<ParsedBlock> parsed = make_blocks(sources, container, extraction);
    label_bold_questions(parsed);
    for (ParsedBlock& item : parsed) draft.blocks.push_back(std::move(item.block));

    fill_page_facts(draft, read_page_facts(tree->document), read_article_header(tree->document, container, stats, extraction));
    if (draft.blocks.empty()) draft.warnings.push_back("the page has no visible paragraphs");
    return draft;
}

}  // namespace presser::ingest
