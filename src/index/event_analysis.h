// An event made ready for the segment builder: every paragraph tokenized, every token's bytes traced back
// to the source file (anchors), the event's vocabulary with `lower` and `lemma` of each distinct word, and
// its stored text already compressed. This is the parallel part of ingest; the builder that consumes it is
// serial and, thanks to the event-local word ids, hashes each distinct word of an event once rather than
// every token.
#pragma once

#include <zstd.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/exchange_facts.h"
#include "index/stored_text.h"
#include "index/term_interner.h"
#include "model/transcript.h"
#include "text/analyzer.h"

namespace presser::index {

struct WordForms {
    std::string lower;
    std::string lemma;
};

struct AnalysedEvent {
    model::Event event;
    // Tokens of all paragraphs in reading order; paragraph i (counting through the turns) owns tokens
    // [paragraph_starts[i], paragraph_starts[i + 1]).
    std::vector<text::Token> tokens;
    std::vector<std::uint32_t> word_ids;          // per token: event-local word id
    std::vector<std::uint32_t> paragraph_starts;  // paragraphs + 1 entries
    TermInterner words{4096};                     // event-local word ids
    std::vector<WordForms> forms;                 // per event-local word id
    CompressedParagraphs paragraphs;              // the paragraph store's block for this event
    std::string document;                         // the event's stored document, compressed
    std::vector<ExchangeFacts> exchanges;         // per event.exchanges entry
};

// One per worker thread: an Analyzer, the forms of the words it has seen (across events: the hot path of
// ingest is one open-addressing lookup per distinct word of an event) and a compression context.
class EventAnalyzer {
public:
    explicit EventAnalyzer(int compression_level = 6, AnswerSignalFunction answer_signals = {});
    ~EventAnalyzer();

    // Analyses `event`. `source` is the source file's bytes (UTF-8, as the parser read them) for tracing
    // tokens to source offsets; pass an empty view when they are not at hand (each paragraph then maps
    // linearly from its range start), or pass `anchors` to carry over anchors traced before (merge).
    [[nodiscard]] AnalysedEvent analyse(model::Event event, std::string_view source,
                                        std::vector<std::vector<Anchor>>* anchors = nullptr);

private:
    const WordForms& forms(std::string_view word, std::string_view language);

    static constexpr std::size_t kLimit = 1 << 20;  // words per language; past this it starts again empty
    struct Language {
        std::string name;
        TermInterner words{1 << 16};
        std::vector<WordForms> forms;
    };
    text::Analyzer analyzer_;
    std::vector<Language> languages_;
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> compressor_;
    int level_;
    AnswerSignalFunction answer_signals_;
};

// Anchors mapping `text` (a paragraph's reader text) into `source` bytes [range.start, range.end), found
// by locating each token in order; where a token cannot be found the previous mapping continues.
[[nodiscard]] std::vector<Anchor> trace_tokens(std::string_view text, const text::Token* tokens, std::size_t count,
                                               std::string_view source, model::ByteRange range);

}  // namespace presser::index
