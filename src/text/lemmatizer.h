// Lemmatisation for English and Spanish: hand tables and WordNet exceptions first, then hunspell's stems
// chosen by the heuristics in lemmatizer.cpp (documented in docs/text.md). Other languages: the word.
// Not thread-safe (hunspell is not): one per Analyzer. Hunspell objects are created on first use.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/string_cache.h"

class Hunspell;

namespace presser::text {

struct LanguageDictionary;

// Hunspell objects are created and destroyed under one process-wide lock: libhunspell keeps a shared
// UTF table with an unguarded reference count, so concurrent construction leaks or double-frees it.
struct HunspellDeleter {
    void operator()(Hunspell* hunspell) const;
};

class Lemmatizer {
public:
    Lemmatizer();
    ~Lemmatizer();
    Lemmatizer(const Lemmatizer&) = delete;
    Lemmatizer& operator=(const Lemmatizer&) = delete;

    // The view is valid until the next call.
    [[nodiscard]] std::string_view lemma(std::string_view lower_word, std::string_view language);

private:
    struct Language {
        const LanguageDictionary* dictionary = nullptr;
        std::unique_ptr<Hunspell, HunspellDeleter> hunspell;
        bool tried = false;
        StringCache cache;
    };
    Language* language_state(std::string_view language);
    std::string compute(std::string_view word, Language& language, bool english);
    std::vector<std::string> stems(std::string_view word, Language& language);

    Language english_, spanish_;
};

}  // namespace presser::text
