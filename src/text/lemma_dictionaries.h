// What the lemmatiser knows, loaded once per process and immutable afterwards (so shared by every
// Analyzer without locks): per language, the hand tables, WordNet's exception lists (English), and the
// headwords of the hunspell dictionary (entries as written in the .dic file, before affixes).
// The hunspell objects themselves are not thread-safe and live in each Lemmatizer.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>


namespace presser::text {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct LanguageDictionary {
    std::string aff_path;  // "" when the hunspell files are missing
    std::string dic_path;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> forms;  // form -> lemma
    std::unordered_set<std::string, StringHash, std::equal_to<>> headwords;           // all lowercase
    std::unordered_set<std::string, StringHash, std::equal_to<>> ing_nouns;          // English only
    // Spanish headwords with hunspell's gender flag G: adjectives whose -a forms have them as lemma.
    std::unordered_set<std::string, StringHash, std::equal_to<>> gendered;

    [[nodiscard]] bool is_headword(std::string_view word) const { return headwords.find(word) != headwords.end(); }
    [[nodiscard]] const std::string* form(std::string_view word) const {
        auto found = forms.find(word);
        return found == forms.end() ? nullptr : &found->second;
    }
};

// nullptr for languages without a lemmatiser. Thread-safe; the first call per language loads it.
[[nodiscard]] const LanguageDictionary* lemma_dictionary(std::string_view language);

}  // namespace presser::text
