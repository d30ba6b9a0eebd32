#include "text/lemmatizer.h"

#include <hunspell/hunspell.hxx>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "text/case_folding.h"
#include "text/lemma_dictionaries.h"

namespace presser::text {
namespace {

bool ends_with(std::string_view word, std::string_view suffix) {
    return word.size() > suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
}

// The word with its first letter upper-cased: hunspell knows names and adjectives of nationality only
// capitalised ("Americans", "México").
std::string capitalised(std::string_view word) {
    if (word.empty()) return {};
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(word.data());
    std::int32_t i = 0, length = static_cast<std::int32_t>(word.size());
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return std::string(word);
    UChar32 upper = u_toupper(c);
    std::string out;
    char buffer[U8_MAX_LENGTH];
    std::int32_t written = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<std::uint8_t*>(buffer), written, U8_MAX_LENGTH, upper, error);
    if (error) return std::string(word);
    out.append(buffer, static_cast<std::size_t>(written));
    out.append(word.substr(static_cast<std::size_t>(i)));
    return out;
}

// Spanish vowels with and without the acute accent, as UTF-8.
constexpr std::string_view plain_vowels[] = {"a", "e", "i", "o", "u"};
constexpr std::string_view accented_vowels[] = {"á", "é", "í", "ó", "ú"};

// The stem with an accent added to its last vowel ("alemanes" -> "alemán") or removed from it
// ("jóvenes" -> "joven"); "" when there is none.
std::string toggle_last_accent(std::string_view stem) {
    for (std::size_t i = stem.size(); i-- > 0;) {
        for (std::size_t v = 0; v < 5; ++v) {
            std::string_view plain = plain_vowels[v], accented = accented_vowels[v];
            if (stem.substr(i, 1) == plain)
                return std::string(stem.substr(0, i)) + std::string(accented) + std::string(stem.substr(i + 1));
            if (i + 1 < stem.size() && stem.substr(i, 2) == accented)
                return std::string(stem.substr(0, i)) + std::string(plain) + std::string(stem.substr(i + 2));
        }
    }
    return {};
}

// Singulars a plural could come from, most specific first.
std::vector<std::string> spanish_singulars(std::string_view word) {
    std::vector<std::string> out;
    if (!ends_with(word, "s")) return out;
    if (ends_with(word, "ces")) out.push_back(std::string(word.substr(0, word.size() - 3)) + "z");
    if (ends_with(word, "iones")) out.push_back(std::string(word.substr(0, word.size() - 5)) + "ión");
    out.emplace_back(word.substr(0, word.size() - 1));
    if (ends_with(word, "es")) {
        std::string_view stem = word.substr(0, word.size() - 2);
        out.emplace_back(stem);
        if (std::string toggled = toggle_last_accent(stem); !toggled.empty()) out.push_back(toggled);
    }
    return out;
}

std::vector<std::string> english_singulars(std::string_view word) {
    std::vector<std::string> out;
    if (!ends_with(word, "s") || ends_with(word, "ss") || ends_with(word, "'s")) return out;
    if (ends_with(word, "ies")) out.push_back(std::string(word.substr(0, word.size() - 3)) + "y");
    out.emplace_back(word.substr(0, word.size() - 1));
    if (ends_with(word, "es")) out.emplace_back(word.substr(0, word.size() - 2));
    return out;
}

// The inflectional endings after which a stem that is not the word is the better lemma although the
// word is itself in the dictionary ("united" -> "unite", "going" -> "go").
bool english_inflected(std::string_view word) {
    return ends_with(word, "ing") || ends_with(word, "ed") || ends_with(word, "s");
}

}  // namespace

Lemmatizer::Lemmatizer() = default;
Lemmatizer::~Lemmatizer() = default;

Lemmatizer::Language* Lemmatizer::language_state(std::string_view language) {
    Language* state = language == "en" ? &english_ : language == "es" ? &spanish_ : nullptr;
    if (state == nullptr) return nullptr;
    if (!state->tried) {
        state->tried = true;
        state->dictionary = lemma_dictionary(language);
        if (state->dictionary != nullptr && !state->dictionary->aff_path.empty())
            state->hunspell = std::make_unique<Hunspell>(state->dictionary->aff_path.c_str(),
                                                         state->dictionary->dic_path.c_str());
    }
    return state->dictionary != nullptr ? state : nullptr;
}

const std::string& Lemmatizer::lemma(std::string_view word, std::string_view language) {
    static const std::string empty;
    Language* state = language_state(language);
    if (state == nullptr) {
        thread_local std::string same;
        same.assign(word);
        return same;
    }
    if (word.empty()) return empty;
    bool english = state == &english_;
    return state->cache.get(word, [&](std::string_view w) { return compute(w, *state, english); });
}

std::vector<std::string> Lemmatizer::stems(std::string_view word, Language& language) {
    std::vector<std::string> out;
    if (!language.hunspell) return out;
    std::string w(word);
    if (language.hunspell->spell(w)) {
        out = language.hunspell->stem(w);
    } else {
        std::string upper = capitalised(word);
        if (upper != w && language.hunspell->spell(upper)) out = language.hunspell->stem(upper);
    }
    for (std::string& stem : out) stem = nfkc_casefold(stem);
    return out;
}

std::string Lemmatizer::compute(std::string_view word, Language& language, bool english) {
    const LanguageDictionary& dictionary = *language.dictionary;
    if (const std::string* lemma = dictionary.form(word)) return *lemma;
    // Tokens that are not words (numbers, punctuation, URLs) are their own lemma.
    bool letters = false;
    for (char c : word)
        if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z')) letters = true;
    if (!letters || word.size() > 64) return std::string(word);

    std::vector<std::string> candidates = stems(word, language);
    if (candidates.empty()) return std::string(word);
    auto has = [&](std::string_view c) { return std::find(candidates.begin(), candidates.end(), c) != candidates.end(); };

    if (english) {
        // A dictionary word ending in -s is its own lemma ("news", "means"); otherwise a plural whose
        // singular is a dictionary word is that singular ("meetings" -> "meeting", not "meet").
        if (ends_with(word, "s") && dictionary.is_headword(word)) return std::string(word);
        for (const std::string& singular : english_singulars(word))
            if (dictionary.is_headword(singular) && (has(singular) || dictionary.ing_nouns.count(singular) ||
                                                     candidates.size() == 1 || ends_with(singular, "ing")))
                return singular;
        if (dictionary.ing_nouns.count(std::string(word))) return std::string(word);
        if (has(word) && !english_inflected(word)) return std::string(word);
    } else {
        // A plural whose singular is a dictionary word: "reformas" -> "reforma" (hunspell offers "forma"
        // and "reformar"), "países" -> "país", "leyes" -> "ley".
        for (const std::string& singular : spanish_singulars(word))
            if (dictionary.is_headword(singular) || has(singular)) return singular;
        // Hunspell strips prefixes ("reforma" -> "forma"); put them back.
        for (std::string& stem : candidates) {
            std::size_t at = word.find(stem);
            if (at != std::string_view::npos && at > 0 && at <= 4) stem = std::string(word.substr(0, at)) + stem;
        }
        if (has(word)) return std::string(word);
    }
    // The stem sharing the longest prefix with the word; on a tie the shorter one (the base, not a
    // derived form), then hunspell's order.
    const std::string* best = nullptr;
    std::size_t best_prefix = 0;
    for (const std::string& stem : candidates) {
        if (stem == word && candidates.size() > 1) continue;
        std::size_t prefix = common_prefix(stem, word);
        if (best == nullptr || prefix > best_prefix || (prefix == best_prefix && stem.size() < best->size())) {
            best = &stem;
            best_prefix = prefix;
        }
    }
    return best != nullptr ? *best : std::string(word);
}

}  // namespace presser::text
