#include "index/event_analysis.h"

#include <cstring>

namespace presser::index {

std::vector<Anchor> trace_tokens(std::string_view text, const std::vector<text::Token>& tokens,
                                 std::string_view source, model::ByteRange range) {
    std::vector<Anchor> anchors{{0, range.start}};
    if (source.empty() || range.end > source.size() || range.start > range.end) return anchors;
    std::int64_t shift = static_cast<std::int64_t>(range.start);
    std::uint64_t cursor = range.start;
    for (const auto& token : tokens) {
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

AnalysedEvent analyse_event(model::Event event, std::string_view source, text::Analyzer& analyzer) {
    AnalysedEvent out;
    const bool traceable = event.source_encoding.empty() || event.source_encoding == "UTF-8";
    if (!traceable) source = {};
    out.turns.resize(event.turns.size());
    for (std::size_t t = 0; t < event.turns.size(); ++t) {
        auto& turn = event.turns[t];
        out.turns[t].resize(turn.paragraphs.size());
        for (std::size_t p = 0; p < turn.paragraphs.size(); ++p) {
            const auto& paragraph = turn.paragraphs[p];
            auto& analysed = out.turns[t][p];
            analyzer.tokenize(paragraph.text, event.language, analysed.tokens);
            analysed.anchors = trace_tokens(paragraph.text, analysed.tokens, source, paragraph.range);
            out.tokens += analysed.tokens.size();
            for (const auto& token : analysed.tokens) {
                const std::string_view word(paragraph.text.data() + token.begin, token.end - token.begin);
                if (out.vocabulary.find(word) != out.vocabulary.end()) continue;
                auto lower = analyzer.lower(word);
                auto lemma = analyzer.lemma(lower, event.language);
                out.vocabulary.emplace(std::string(word), WordForms{std::move(lower), std::move(lemma)});
            }
        }
    }
    out.event = std::move(event);
    return out;
}

}  // namespace presser::index
