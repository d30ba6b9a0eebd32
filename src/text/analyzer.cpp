#include "text/analyzer.h"

#include "text/case_folding.h"
#include "text/lemmatizer.h"
#include "text/tokenizer.h"

namespace presser::text {

struct Analyzer::State {
    Tokenizer tokenizer;
    CaseFolder case_folder;
    Lemmatizer lemmatizer;
};

Analyzer::Analyzer() : state_(std::make_unique<State>()) {}
Analyzer::~Analyzer() = default;

void Analyzer::tokenize(std::string_view text, std::string_view language, std::vector<Token>& out) {
    state_->tokenizer.tokenize(text, language, out);
}

std::string Analyzer::lower(std::string_view word) { return state_->case_folder.fold(word); }

std::string Analyzer::lemma(std::string_view lower_word, std::string_view language) {
    return std::string(state_->lemmatizer.lemma(lower_word, language));
}

bool is_unspaced_script_language(std::string_view language) {
    return language == "zh" || language == "ja" || language == "th" || language == "lo" || language == "km" ||
           language == "my" || language == "bo";
}

}  // namespace presser::text
