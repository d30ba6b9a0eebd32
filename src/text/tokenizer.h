// Tokenization (see analyzer.h for the contract): ICU word and sentence boundaries, whitespace dropped,
// special spans (special_spans.h) kept whole, and a fast path for plain Latin paragraphs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "text/analyzer.h"
#include "text/latin_fast_path.h"
#include "text/sentence_suppressions.h"
#include "text/special_spans.h"


namespace presser::text {

class Tokenizer {
public:
    // `automatic` takes the fast path whenever the paragraph allows it; the others exist for the test
    // that proves both paths agree.
    enum class Path { automatic, icu_only, fast_only };

    Tokenizer();
    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    // Returns false only for Path::fast_only when the paragraph is not eligible (nothing appended).
    bool tokenize(std::string_view text, std::string_view language, std::vector<Token>& out,
                  Path path = Path::automatic);

private:
    struct Iterators {
        std::unique_ptr<icu::BreakIterator> word;
        std::unique_ptr<icu::BreakIterator> sentence;
        bool fast_path = false;  // the language's ICU rules are the root rules the fast path implements
        const SentenceSuppressions* suppressions = nullptr;
    };
    Iterators& iterators_for(std::string_view language);
    void icu_boundaries(std::string_view text, Iterators& iterators);
    bool fast_boundaries(std::string_view text, Iterators& iterators);
    void emit(std::string_view text, std::vector<Token>& out);
    void emit_piece(std::string_view text, std::uint32_t begin, std::uint32_t end, std::vector<Token>& out);

    std::unordered_map<std::string, Iterators> iterators_;
    std::string last_language_;
    Iterators* last_iterators_ = nullptr;
    UText* utext_ = nullptr;
    std::vector<std::uint32_t> word_breaks_;
    std::vector<std::uint32_t> sentence_breaks_;
    std::vector<ByteSpan> specials_;
    LatinScratch latin_scratch_;
    std::size_t next_sentence_ = 0;
    bool first_token_ = true;
};

}  // namespace presser::text
