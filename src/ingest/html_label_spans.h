// Turns that begin inside an HTML paragraph: typewritten and OCR transcripts put a whole exchange in one
// <p>, a label after each <br>, or after a sentence on the same line ("... this season. QUESTION: And
// next?"), and their labels may be damaged ("QUESTIONX"). Internal to src/ingest.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/html_text.h"
#include "ingest/label_grammar.h"

namespace presser::ingest::html {

// The labels a page opens its paragraphs and lines with.
struct DocumentLabels {
    std::unordered_map<std::string, int> uses;  // by identity key, strong labels and weak ones
    std::vector<std::string> texts;             // labels in capitals used at least twice: what damage is read as
};

[[nodiscard]] DocumentLabels collect_document_labels(const std::vector<MappedText>& paragraphs);

// A stretch of a paragraph's text that is one block: [from, to) of MappedText::text, and the label it
// begins with (its `consumed` counted from `from`).
struct LabelSpan {
    std::size_t from = 0;
    std::size_t to = 0;
    std::optional<LabelMatch> label;
};

// The paragraph cut before each line that opens with a label and before each label the page uses at line
// starts that follows a sentence's end on the same line; each stretch with the label it opens with, intact
// or damaged (damaged_labels.h).
[[nodiscard]] std::vector<LabelSpan> label_spans(const MappedText& paragraph, const DocumentLabels& labels);

}  // namespace presser::ingest::html
