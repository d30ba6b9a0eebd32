#include "analysis/responsiveness.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace presser::analysis {

namespace {

bool has_letter_or_digit(std::string_view text) {
    // Any byte of a multi-byte character counts: CJK words are content.
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b >= 0x80 || (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
    });
}

bool capitalised(std::string_view word) {
    if (word.empty()) return false;
    const auto b = static_cast<unsigned char>(word.front());
    if (b >= 'A' && b <= 'Z') return true;
    // Latin-1 supplement capitals À-Þ (C3 80 - C3 9E), for Spanish names such as "Álvarez".
    return b == 0xC3 && word.size() > 1 && static_cast<unsigned char>(word[1]) >= 0x80 && static_cast<unsigned char>(word[1]) <= 0x9E;
}

}  // namespace

void LemmaIdf::add_document(const std::vector<ResponsivenessToken>& tokens) {
    std::unordered_set<std::string_view> seen;
    for (const auto& token : tokens)
        if (seen.insert(token.lemma).second) ++df_[token.lemma];
    ++documents_;
}

double LemmaIdf::idf(std::string_view lemma) const {
    const auto found = df_.find(std::string(lemma));
    const double df = found == df_.end() ? 0 : static_cast<double>(found->second);
    return std::log((static_cast<double>(documents_) + 1) / (df + 1)) + 1;
}

bool LemmaIdf::stop_word(std::string_view lemma) const {
    const auto found = df_.find(std::string(lemma));
    return found != df_.end() && static_cast<double>(found->second) > kStopShare * static_cast<double>(documents_);
}

Responsiveness responsiveness(const std::vector<ResponsivenessToken>& question, const std::vector<ResponsivenessToken>& answer,
                              const LemmaIdf& idf) {
    Responsiveness out;
    std::unordered_set<std::string_view> answer_lemmas, answer_lowers;
    for (const auto& token : answer) {
        answer_lemmas.insert(token.lemma);
        answer_lowers.insert(token.lower);
    }
    const double rare_idf = std::log(1.0 / (kRareShare + 1.0 / (static_cast<double>(idf.documents()) + 1))) + 1;
    std::unordered_set<std::string_view> content, entities;
    double total = 0, shared = 0;
    std::vector<std::pair<double, std::string>> shared_lemmas;
    for (const auto& token : question) {
        if (!has_letter_or_digit(token.lower) || idf.stop_word(token.lemma)) continue;
        const double weight = idf.idf(token.lemma);
        if ((capitalised(token.word) && !token.sentence_start) || weight >= rare_idf) entities.insert(token.lower);
        if (!content.insert(token.lemma).second) continue;
        total += weight;
        if (answer_lemmas.count(token.lemma)) {
            shared += weight;
            shared_lemmas.emplace_back(weight, token.lemma);
        }
    }
    out.overlap = total > 0 ? shared / total : 0;
    out.entities = static_cast<std::uint32_t>(entities.size());
    for (const auto& entity : entities)
        if (answer_lowers.count(entity)) ++out.mentioned;
    out.score = out.entities > 0 ? (out.overlap + static_cast<double>(out.mentioned) / out.entities) / 2 : out.overlap;
    std::stable_sort(shared_lemmas.begin(), shared_lemmas.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [weight, lemma] : shared_lemmas) out.shared.push_back(std::move(lemma));
    return out;
}

}  // namespace presser::analysis
