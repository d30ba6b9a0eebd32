#include "ingest/html_bold_questions.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest::html {
namespace {

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

}  // namespace

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

}  // namespace presser::ingest::html
