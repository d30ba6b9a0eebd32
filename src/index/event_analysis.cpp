#include "index/event_analysis.h"

#include <algorithm>
#include <cstring>

#include "model/json.h"

namespace presser::index {

std::vector<Anchor> trace_tokens(std::string_view text, const text::Token* tokens, std::size_t count,
                                 std::string_view source, model::ByteRange range) {
    std::vector<Anchor> anchors{{0, range.start}};
    if (source.empty() || range.end > source.size() || range.start > range.end) return anchors;
    std::int64_t shift = static_cast<std::int64_t>(range.start);
    std::uint64_t cursor = range.start;
    for (std::size_t i = 0; i < count; ++i) {
        const auto& token = tokens[i];
        const std::string_view word = text.substr(token.begin, token.end - token.begin);
        const std::int64_t expected = static_cast<std::int64_t>(token.begin) + shift;
        if (expected >= static_cast<std::int64_t>(cursor) &&
            static_cast<std::uint64_t>(expected) + word.size() <= range.end &&
            std::memcmp(source.data() + expected, word.data(), word.size()) == 0) {
            cursor = static_cast<std::uint64_t>(expected) + word.size();
            continue;
        }
        const auto found = source.substr(0, range.end).find(word, cursor);
        if (found == std::string_view::npos) continue;
        shift = static_cast<std::int64_t>(found) - static_cast<std::int64_t>(token.begin);
        anchors.push_back({token.begin, found});
        cursor = found + word.size();
    }
    return anchors;
}

EventAnalyzer::EventAnalyzer(int compression_level, AnswerSignalFunction answer_signals)
    : compressor_(ZSTD_createCCtx(), ZSTD_freeCCtx), level_(compression_level), answer_signals_(std::move(answer_signals)) {}
EventAnalyzer::~EventAnalyzer() = default;

const WordForms& EventAnalyzer::forms(std::string_view word, std::string_view language) {
    // Lemmas depend on the language, so each language has its own table.
    auto found = std::find_if(languages_.begin(), languages_.end(), [&](const Language& l) { return l.name == language; });
    if (found == languages_.end()) {
        languages_.emplace_back();
        languages_.back().name = std::string(language);
        found = languages_.end() - 1;
    }
    if (found->forms.size() >= kLimit) {
        found->words = TermInterner(1 << 16);
        found->forms.clear();
    }
    const auto [id, is_new] = found->words.intern(word);
    if (is_new) {
        auto lower = analyzer_.lower(word);
        auto lemma = analyzer_.lemma(lower, language);
        found->forms.push_back(WordForms{std::move(lower), std::move(lemma)});
    }
    return found->forms[id];
}

AnalysedEvent EventAnalyzer::analyse(model::Event event, std::string_view source, std::vector<std::vector<Anchor>>* anchors) {
    AnalysedEvent out;
    const bool traceable = event.source_encoding.empty() || event.source_encoding == "UTF-8";
    if (!traceable) source = {};
    out.paragraph_starts.push_back(0);
    std::string records;
    std::uint64_t previous_source = 0;  // the event's records are one block
    std::size_t paragraph_index = 0;
    for (const auto& turn : event.turns) {
        for (const auto& paragraph : turn.paragraphs) {
            const std::size_t first = out.tokens.size();
            analyzer_.tokenize(paragraph.text, event.language, out.tokens);
            const std::size_t count = out.tokens.size() - first;
            const text::Token* tokens = out.tokens.data() + first;
            if (anchors != nullptr && paragraph_index < anchors->size()) {
                append_paragraph_record(records, paragraph.text, tokens, count, (*anchors)[paragraph_index], previous_source);
            } else {
                append_paragraph_record(records, paragraph.text, tokens, count,
                                        trace_tokens(paragraph.text, tokens, count, source, paragraph.range), previous_source);
            }
            ++paragraph_index;
            for (std::size_t i = first; i < out.tokens.size(); ++i) {
                const auto& token = out.tokens[i];
                const std::string_view word(paragraph.text.data() + token.begin, token.end - token.begin);
                const auto [id, is_new] = out.words.intern(word);
                out.word_ids.push_back(id);
                if (is_new) out.forms.push_back(forms(word, event.language));
            }
            out.paragraph_starts.push_back(static_cast<std::uint32_t>(out.tokens.size()));
        }
    }
    out.paragraphs = compress_paragraphs(compressor_.get(), level_, records, paragraph_index);
    out.document = compress_event_document(compressor_.get(), level_, event);
    out.event = std::move(event);
    out.exchanges = compute_exchange_facts(out, answer_signals_);
    return out;
}

}  // namespace presser::index
