// The fast path of tokenization for paragraphs written only with ASCII and a few common Latin characters
// (Latin-1 letters, ª º ¡ ¿ « » °, curly quotes, en and em dashes, …), where ICU's rule machine is the slowest
// part of the analyzer: UAX #29 word and sentence boundaries computed directly for that repertoire.
// Sentence boundaries are those of ICU's unfiltered sentence rules; the caller applies CLDR's
// abbreviation suppressions (sentence_suppressions.h). text_fast_path_test.cpp proves on every paragraph
// of the English and Spanish corpora that the tokens and sentence starts are exactly ICU's.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace presser::text {

struct LatinScratch {
    std::vector<std::uint8_t> classes;   // per character: word class (low 4 bits), sentence class (high)
    std::vector<std::uint32_t> offsets;  // per character: its byte offset
};

// Writes the word boundaries and the (unfiltered) sentence boundaries of `text`, 0 and text.size()
// included, and returns true; returns false when the paragraph has a character outside the repertoire.
bool latin_boundaries(std::string_view text, LatinScratch& scratch, std::vector<std::uint32_t>& words,
                      std::vector<std::uint32_t>& sentences);

}  // namespace presser::text
