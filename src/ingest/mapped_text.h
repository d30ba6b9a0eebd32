// Text decoded from an escaped form in the source (a JSON string, a quoted CSV cell) together with where
// each of its bytes came from, so that paragraphs cut from it keep byte ranges in the source file.
// Internal to src/ingest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/transcript.h"

namespace presser::ingest {

struct MappedText {
    std::string text;
    // origin[i]: source offset of the escape or byte that produced text[i]; origin[text.size()]: the end
    // of the escaped form in the source. Always text.size() + 1 entries.
    std::vector<std::uint64_t> origin;

    void append(std::string_view bytes, std::uint64_t source_offset);  // bytes produced by one escape
    void finish(std::uint64_t source_end);
};

// Bytes copied as they are: text equals the source bytes [start, start + bytes.size()).
[[nodiscard]] MappedText verbatim(std::string_view bytes, std::uint64_t start);

// The paragraphs of a speech: split at blank lines, each trimmed and with its line breaks and runs of
// white space folded to one space; the ranges cover each paragraph's bytes in the source.
[[nodiscard]] std::vector<model::Paragraph> paragraphs_of(const MappedText& speech);

}  // namespace presser::ingest
