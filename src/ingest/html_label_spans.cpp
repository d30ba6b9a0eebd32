#include "ingest/html_label_spans.h"

#include <algorithm>
#include <utility>
#include <string_view>

#include "ingest/damaged_labels.h"
#include "ingest/label_grammar.h"

namespace presser::ingest::html {
namespace {

// The paragraph's lines: [start, end) of its text, one per <br>.
std::vector<std::pair<std::size_t, std::size_t>> lines_of(const MappedText& paragraph) {
    std::vector<std::pair<std::size_t, std::size_t>> lines;
    std::size_t start = 0;
    for (std::size_t next : paragraph.line_starts) {
        if (next <= start || next > paragraph.text.size()) continue;
        lines.emplace_back(start, next);
        start = next;
    }
    lines.emplace_back(start, paragraph.text.size());
    return lines;
}

bool in_vocabulary(const Label& label) {
    const auto& vocabulary = label_vocabulary();
    return std::find(vocabulary.begin(), vocabulary.end(), fold_key(label.text)) != vocabulary.end();
}

// The label a line opens with: as the grammar reads it, unless it is a name in capitals used nowhere else
// that reads as damage to a label the page or the grammar knows ("QUESTE ON:"); failing the grammar, a
// damaged label ("QUESTIONX").
std::optional<LabelMatch> line_label(std::string_view line, const DocumentLabels& labels) {
    std::optional<LabelMatch> intact = match_label(line);
    if (!intact) return match_damaged_label(line, labels.texts);
    const Label& label = intact->label;
    auto used = labels.uses.find(label.key);
    bool one_off = used == labels.uses.end() || used->second <= 1;
    if (label.label_class == LabelClass::named && !label.weak && one_off && !in_vocabulary(label))
        if (auto damaged = match_damaged_label(line, labels.texts)) return damaged;
    return intact;
}

// A label that may start a turn in the middle of a paragraph: strong and ended by a colon.
bool opens_turn(const std::optional<LabelMatch>& match, std::string_view line) {
    if (!match || match->label.weak) return false;
    std::string_view taken = line.substr(0, match->consumed);
    return taken.find(':') != std::string_view::npos || taken.find("：") != std::string_view::npos;
}

// Where a sentence ends and, after a space, a label the page opens lines with begins.
std::vector<std::size_t> mid_line_labels(std::string_view text, std::size_t from, std::size_t to, const DocumentLabels& labels) {
    std::vector<std::size_t> cuts;
    for (std::size_t at = from + 2; at < to; ++at) {
        if (text[at - 1] != ' ' || text[at] < 'A' || text[at] > 'Z') continue;
        char end = text[at - 2];
        if (end != '.' && end != '?' && end != '!') continue;
        std::string_view rest = text.substr(at, to - at);
        std::optional<LabelMatch> match = match_label(rest);
        if (!opens_turn(match, rest)) continue;
        auto used = labels.uses.find(match->label.key);
        if (used != labels.uses.end() && used->second >= 1) cuts.push_back(at);
    }
    return cuts;
}

}  // namespace

DocumentLabels collect_document_labels(const std::vector<MappedText>& paragraphs) {
    DocumentLabels labels;
    std::unordered_map<std::string, int> text_uses;
    for (const MappedText& paragraph : paragraphs)
        for (auto [start, end] : lines_of(paragraph)) {
            std::optional<LabelMatch> match = match_label(std::string_view(paragraph.text).substr(start, end - start));
            if (!match) continue;
            ++labels.uses[match->label.key];
            if (!match->label.weak) ++text_uses[fold_key(match->label.text)];
        }
    for (const auto& [text, uses] : text_uses)
        if (uses >= 2) labels.texts.push_back(text);
    std::sort(labels.texts.begin(), labels.texts.end());
    return labels;
}

std::vector<LabelSpan> label_spans(const MappedText& paragraph, const DocumentLabels& labels) {
    std::string_view text = paragraph.text;
    std::vector<LabelSpan> spans;
    for (auto [start, end] : lines_of(paragraph)) {
        std::string_view line = text.substr(start, end - start);
        std::optional<LabelMatch> label = line_label(line, labels);
        // A line after a <br> starts a block only with a label that may open a turn.
        if (start == 0 || (label && !label->label.weak)) spans.push_back({start, text.size(), std::move(label)});
    }
    for (std::size_t i = 0; i + 1 < spans.size(); ++i) spans[i].to = spans[i + 1].from;
    std::vector<LabelSpan> cut;
    for (LabelSpan& span : spans) {
        std::vector<std::size_t> cuts = mid_line_labels(text, span.from + (span.label ? span.label->consumed : 0), span.to, labels);
        std::size_t end = span.to;
        for (std::size_t at : cuts) {
            span.to = at;
            cut.push_back(std::move(span));
            span = {at, end, match_label(text.substr(at, end - at))};
        }
        span.to = end;
        cut.push_back(std::move(span));
    }
    return cut;
}

}  // namespace presser::ingest::html
