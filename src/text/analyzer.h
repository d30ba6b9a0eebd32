// The text layer: turns a paragraph of text into tokens with the attributes the index stores.
//
// Contract:
//  * Tokens are ICU word-boundary segments (dictionary-based for Chinese, Japanese, Thai), minus
//    whitespace. Punctuation marks are tokens of their own. URLs, e-mail addresses, @handles and
//    #hashtags are one token each; numbers keep their separators ("1,000.50", "3:30"); contractions
//    stay one token ("don't", "Biden's", "del").
//  * Token::begin/end are byte offsets into the UTF-8 text handed in; tokens are in text order, never
//    overlap and never contain whitespace.
//  * Token::sentence_start marks the first token of each sentence (ICU sentence boundaries); the first
//    token of a paragraph always starts a sentence.
//  * `lower` is NFKC + full Unicode case folding of the word. `lemma` is the dictionary form for the
//    languages with a lemmatiser (English, Spanish: hunspell dictionaries from Debian plus tables of
//    irregular forms); for every other language and for words the dictionaries do not know it is `lower`.
//  * An Analyzer is not thread-safe: make one per thread. Constructing one loads dictionaries once per
//    process (shared, immutable), so it is cheap after the first.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace presser::text {

struct Token {
    std::uint32_t begin = 0;  // byte offset in the paragraph text
    std::uint32_t end = 0;
    bool sentence_start = false;
};

class Analyzer {
public:
    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    // Appends the tokens of `text` (one paragraph) to `out`. `language` is a BCP 47 primary tag
    // ("en", "es", "zh", "tr", "" for unknown) and chooses the segmentation rules.
    void tokenize(std::string_view text, std::string_view language, std::vector<Token>& out);

    // NFKC + case folding: "The" -> "the", "ＡＢＣ" -> "abc", "Straße" -> "strasse".
    [[nodiscard]] std::string lower(std::string_view word);

    // Dictionary form of a word already passed through lower(): "sanctions" -> "sanction",
    // "was" -> "be", "dijo" -> "decir". Returns `lower_word` itself when no lemma is known.
    [[nodiscard]] std::string lemma(std::string_view lower_word, std::string_view language);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// True for languages whose text has no spaces between words (KWIC lines join their tokens directly).
[[nodiscard]] bool is_unspaced_script_language(std::string_view language);

}  // namespace presser::text
