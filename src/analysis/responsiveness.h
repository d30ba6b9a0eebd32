// How much an answer takes up its question (docs/qa.md, "Responsiveness"): the idf-weighted share of the
// question's content lemmas that the answer repeats, and the share of the question's names and rare words
// (its "entities": capitalised words not at a sentence start, and words rarer than kRareIdf) that the
// answer mentions. Stop words are not written down: they are the lemmas found in more than kStopShare of
// the documents (turns) the idf is computed over. An indication of engagement, never of truthfulness.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace presser::analysis {

struct ResponsivenessToken {
    std::string word, lower, lemma;
    bool sentence_start = false;
};

// Document frequencies of lemmas over a set of documents (turns).
class LemmaIdf {
public:
    void add_document(const std::vector<ResponsivenessToken>& tokens);
    [[nodiscard]] double idf(std::string_view lemma) const;  // log((N + 1) / (df + 1)) + 1
    [[nodiscard]] bool stop_word(std::string_view lemma) const;
    [[nodiscard]] std::uint64_t documents() const { return documents_; }

private:
    std::unordered_map<std::string, std::uint64_t> df_;
    std::uint64_t documents_ = 0;
};

inline constexpr double kStopShare = 0.1;
inline constexpr double kRareShare = 0.002;  // a lemma in at most this share of documents is rare

struct Responsiveness {
    double overlap = 0;           // idf-weighted share of the question's content lemmas in the answer (0..1)
    std::uint32_t entities = 0;   // the question's names and rare words (distinct lower forms)
    std::uint32_t mentioned = 0;  // of them, those the answer has
    double score = 0;             // (overlap + mentioned / entities) / 2, or overlap without entities
    std::vector<std::string> shared;  // the content lemmas both have, by weight
};

[[nodiscard]] Responsiveness responsiveness(const std::vector<ResponsivenessToken>& question,
                                            const std::vector<ResponsivenessToken>& answer, const LemmaIdf& idf);

}  // namespace presser::analysis
