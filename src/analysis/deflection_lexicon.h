// Deflection lexicons (docs/qa.md): lines `label<TAB>CQL pattern` matched over the lemmas and lower-case
// forms of an answer. The built-in lexicons (data/lexicons/deflection-{en,zh,es}.tsv, compiled in) are
// matched at index time into the `signal` column of `exchange` regions; a user's lexicon (same format) is
// matched at query time by `presser qa --lexicon FILE`.
//
// A lexicon pattern is a CQL pattern (docs/cql.md) restricted to what a phrase needs: token conditions on
// word, lower and lemma (=, !=, &, |, !), `[]`, groups and repetition. Region anchors, labels, `::`
// constraints and `within` are refused, as is any pattern that does not parse, with the file, line and
// column.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/exchange_facts.h"
#include "model/error.h"

namespace presser::analysis {

// One token of an answer as the matcher sees it.
struct LexiconToken {
    std::string_view word, lower, lemma;
};

struct LexiconMatch {
    std::string label;
    std::uint32_t first = 0;  // token indices [first, last) into the tokens matched
    std::uint32_t last = 0;
};

class DeflectionLexicon {
public:
    DeflectionLexicon();
    ~DeflectionLexicon();
    DeflectionLexicon(DeflectionLexicon&&) noexcept;
    DeflectionLexicon& operator=(DeflectionLexicon&&) noexcept;

    // Reads `text` (the contents of `file`, named in errors). Blank lines and lines starting with '#' are skipped.
    [[nodiscard]] static Result<DeflectionLexicon> parse(std::string_view text, const std::string& file);
    [[nodiscard]] static Result<DeflectionLexicon> load(const std::string& path);

    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] bool empty() const { return size() == 0; }
    // The match starting first (ties: the lexicon line first) within the first `window` tokens (a match may
    // run past the window's end); nullopt when none. Thread-safe.
    [[nodiscard]] std::optional<LexiconMatch> match(const std::vector<LexiconToken>& tokens, std::size_t window) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
};

// The built-in lexicon of a language ("en", "zh", "es"), nullptr for a language without one.
[[nodiscard]] const DeflectionLexicon* builtin_deflection_lexicon(std::string_view language);
// The text of a built-in lexicon ("" for none), for documentation and `presser qa --show-lexicon`.
[[nodiscard]] std::string_view builtin_deflection_lexicon_text(std::string_view language);

// Tokens of an answer looked at for a deflection: the first 80 (officials deflect at the start of an answer;
// a phrase deep in a long answer is mostly an aside in an answer that did address the question).
inline constexpr std::size_t kDeflectionWindow = 80;

// The index-time signal function over the built-in lexicons (BuildOptions::answer_signals).
[[nodiscard]] index::AnswerSignalFunction builtin_answer_signals();

}  // namespace presser::analysis
