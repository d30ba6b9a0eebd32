// An event made ready for the segment builder: every paragraph tokenized, every token's bytes traced back
// to the source file (anchors), and the event's vocabulary with `lower` and `lemma` of each distinct word.
// This is the parallel part of ingest; the builder that consumes it is serial.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/stored_text.h"
#include "model/transcript.h"
#include "text/analyzer.h"

namespace presser::index {

struct AnalysedParagraph {
    std::vector<text::Token> tokens;
    std::vector<Anchor> anchors;  // first anchor maps text offset 0 to the paragraph's source start
};

struct WordForms {
    std::string lower;
    std::string lemma;
};

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view value) const { return std::hash<std::string_view>{}(value); }
};

struct AnalysedEvent {
    model::Event event;
    std::vector<std::vector<AnalysedParagraph>> turns;  // [turn][paragraph], parallel to event.turns
    std::unordered_map<std::string, WordForms, StringHash, std::equal_to<>> vocabulary;  // every distinct word of the event
    std::uint64_t tokens = 0;
};

// Tokenizes `event`. `source` is the source file's bytes (UTF-8, as the parser read them) for tracing
// tokens to source offsets; pass an empty view when they are not at hand, and each paragraph maps
// linearly from its range start.
[[nodiscard]] AnalysedEvent analyse_event(model::Event event, std::string_view source, text::Analyzer& analyzer);

// Anchors mapping `text` (a paragraph's reader text) into `source` bytes [range.start, range.end), found
// by locating each token in order; where a token cannot be found the previous mapping continues.
[[nodiscard]] std::vector<Anchor> trace_tokens(std::string_view text, const std::vector<text::Token>& tokens,
                                               std::string_view source, model::ByteRange range);

}  // namespace presser::index
