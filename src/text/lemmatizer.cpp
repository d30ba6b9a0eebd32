#include "text/lemmatizer.h"

#include <hunspell/hunspell.hxx>

#include <mutex>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "text/case_folding.h"
#include "text/lemma_dictionaries.h"

namespace presser::text {

namespace {
std::mutex& hunspell_lifetime_mutex() {
    static std::mutex mutex;
    return mutex;
}
}  // namespace

void HunspellDeleter::operator()(Hunspell* hunspell) const {
    std::lock_guard lock(hunspell_lifetime_mutex());
    delete hunspell;
}
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

// The stem with its accent removed ("jóvenes" -> "joven", "órdenes" -> "orden") or, when it has none,
// with an accent on its last vowel ("alemanes" -> "alemán"); "" when there is no vowel.
std::string toggle_accent(std::string_view stem) {
    for (std::size_t v = 0; v < 5; ++v)
        if (std::size_t at = stem.rfind(accented_vowels[v]); at != std::string_view::npos)
            return std::string(stem.substr(0, at)) + std::string(plain_vowels[v]) + std::string(stem.substr(at + 2));
    for (std::size_t i = stem.size(); i-- > 0;)
        for (std::size_t v = 0; v < 5; ++v)
            if (stem[i] == plain_vowels[v][0])
                return std::string(stem.substr(0, i)) + std::string(accented_vowels[v]) + std::string(stem.substr(i + 1));
    return {};
}

// Singulars a Spanish plural could come from, most specific first.
std::vector<std::string> spanish_singulars(std::string_view word) {
    std::vector<std::string> out;
    if (word.size() < 4 || !ends_with(word, "s")) return out;
    if (ends_with(word, "ces")) out.push_back(std::string(word.substr(0, word.size() - 3)) + "z");
    if (ends_with(word, "iones")) out.push_back(std::string(word.substr(0, word.size() - 5)) + "ión");
    out.emplace_back(word.substr(0, word.size() - 1));
    if (ends_with(word, "es")) {
        std::string_view stem = word.substr(0, word.size() - 2);
        out.emplace_back(stem);
        if (std::string toggled = toggle_accent(stem); !toggled.empty()) out.push_back(toggled);
    }
    return out;
}

std::vector<std::string> english_singulars(std::string_view word) {
    std::vector<std::string> out;
    if (word.size() < 4 || !ends_with(word, "s") || ends_with(word, "ss") || ends_with(word, "'s")) return out;
    if (ends_with(word, "ies")) out.push_back(std::string(word.substr(0, word.size() - 3)) + "y");
    out.emplace_back(word.substr(0, word.size() - 1));
    if (ends_with(word, "es")) out.emplace_back(word.substr(0, word.size() - 2));
    return out;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Bases of an -ed or -ing form by English spelling rules, most likely first: "passed" -> "pass",
// "increased" -> "increase", "wanted" -> "want", "planned" -> "plan", "tried" -> "try".
std::vector<std::string> english_verb_bases(std::string_view word) {
    std::vector<std::string> out;
    std::size_t suffix = ends_with(word, "ing") ? 3 : ends_with(word, "ed") ? 2 : 0;
    if (suffix == 0 || word.size() < suffix + 3) return out;
    std::string_view stem = word.substr(0, word.size() - suffix);
    bool doubled = stem.size() >= 2 && stem.back() == stem[stem.size() - 2] && !is_vowel(stem.back());
    if (doubled) out.emplace_back(stem);  // pass, call
    if (suffix == 2 && ends_with(stem, "i")) out.push_back(std::string(stem.substr(0, stem.size() - 1)) + "y");
    if (suffix == 2) out.emplace_back(word.substr(0, word.size() - 1));  // increase(d)
    else out.push_back(std::string(stem) + "e");                         // tak(e)ing
    if (!doubled) out.emplace_back(stem);                                 // want, see
    if (doubled) out.emplace_back(stem.substr(0, stem.size() - 1));      // plan(n)ed
    return out;
}

// True when `word` is `base` plus an inflectional ending (plural, third person, past, participle,
// comparative, superlative), allowing for English spelling changes.
bool english_inflection_of(std::string_view word, std::string_view base) {
    if (base.empty() || word.size() <= base.size()) return false;
    static constexpr std::string_view endings[] = {"s", "es", "ed", "d", "ing", "er", "r", "est", "st"};
    auto ends_after = [&](std::string_view stem) {
        if (word.substr(0, stem.size()) != stem) return false;
        std::string_view rest = word.substr(stem.size());
        for (std::string_view e : endings)
            if (rest == e) return true;
        return false;
    };
    if (ends_after(base)) return true;
    if (base.back() == 'e' && ends_after(base.substr(0, base.size() - 1))) return true;
    if (base.back() == 'y' && word.substr(0, base.size() - 1) == base.substr(0, base.size() - 1)) {
        std::string_view rest = word.substr(base.size() - 1);
        if (rest == "ies" || rest == "ied" || rest == "ier" || rest == "iest") return true;
    }
    if (word.size() > base.size() + 1 && word[base.size()] == base.back() && word.substr(0, base.size()) == base) {
        std::string_view rest = word.substr(base.size() + 1);
        if (rest == "ed" || rest == "ing" || rest == "er" || rest == "est") return true;
    }
    return false;
}

// Spanish nouns made with these suffixes are lemmas; hunspell would strip them ("vacunación" -> "vacunar").
bool spanish_derived_noun(std::string_view word) {
    for (std::string_view suffix : {"ción", "sión", "miento", "mente", "dad", "ista", "ismo", "encia", "ancia"})
        if (ends_with(word, suffix)) return true;
    return false;
}

// "reformas": hunspell offers "forma" (prefix re- stripped) and "reformar"; put stripped prefixes back.
void restore_prefixes(std::string_view word, std::vector<std::string>& stems) {
    for (std::string& stem : stems) {
        std::size_t at = word.find(stem);
        if (at != std::string_view::npos && at > 0 && at <= 5) stem = std::string(word.substr(0, at)) + stem;
    }
}

// The stem sharing the longest prefix with the word; on a tie the shorter one (the base, not a derived
// form), then hunspell's order.
const std::string* longest_common_prefix(std::string_view word, const std::vector<const std::string*>& stems) {
    const std::string* best = nullptr;
    std::size_t best_prefix = 0;
    for (const std::string* stem : stems) {
        std::size_t prefix = common_prefix(*stem, word);
        if (best == nullptr || prefix > best_prefix || (prefix == best_prefix && stem->size() < best->size())) {
            best = stem;
            best_prefix = prefix;
        }
    }
    return best;
}

template <typename Known>
std::string choose_english(const std::string& word, const std::vector<std::string>& candidates,
                           const LanguageDictionary& dictionary, const Known& known) {
    // Plurals and third persons whose singular is a dictionary word: "meetings" -> "meeting" (hunspell
    // says "meet"), "goods" -> "good", "months" -> "month" (hunspell lists "months" itself).
    if (ends_with(word, "men") && dictionary.is_headword(word.substr(0, word.size() - 3) + "man"))
        return word.substr(0, word.size() - 3) + "man";
    for (const std::string& singular : english_singulars(word))
        if (singular.size() >= 3 && dictionary.is_headword(singular)) return singular;
    if (dictionary.ing_nouns.count(word)) return word;
    // -ed and -ing forms: the base by spelling rules when it is a dictionary word ("taking" -> "take";
    // hunspell lists "taking" as a noun and offers nothing else).
    if (word.size() >= 5)
        for (const std::string& base : english_verb_bases(word))
            if (base.size() >= 2 && (dictionary.is_headword(base) || known(base))) return base;
    // Otherwise a hunspell stem, but only one the word is an inflection of: derivations stay
    // ("really" is not "real", "inflation" is not "inflate").
    std::vector<const std::string*> inflected;
    for (const std::string& stem : candidates)
        if (stem != word && english_inflection_of(word, stem)) inflected.push_back(&stem);
    const std::string* best = longest_common_prefix(word, inflected);
    return best != nullptr ? *best : word;
}

std::string choose_spanish(const std::string& word, const std::vector<std::string>& candidates,
                           const LanguageDictionary& dictionary) {
    if (spanish_derived_noun(word)) return word;
    auto has = [&](std::string_view c) { return std::find(candidates.begin(), candidates.end(), c) != candidates.end(); };
    // Feminine adjectives to the masculine when hunspell derives them from it with its gender flag:
    // "buena" -> "bueno", "falsas" -> "falso". Without context this also takes "vacuna" to "vacuno".
    auto masculine = [&](const std::string& form) -> std::string {
        if (ends_with(form, "a")) {
            std::string m = form.substr(0, form.size() - 1) + "o";
            if (has(m) && dictionary.gendered.count(m)) return m;
        }
        return form;
    };
    // A plural whose singular is a dictionary word: "reformas" -> "reforma", "países" -> "país",
    // "leyes" -> "ley", "órdenes" -> "orden".
    for (const std::string& singular : spanish_singulars(word))
        if (dictionary.is_headword(singular) || has(singular)) return masculine(singular);
    if (has(word)) return masculine(word);
    std::vector<const std::string*> all;
    for (const std::string& stem : candidates) all.push_back(&stem);
    const std::string* best = longest_common_prefix(word, all);
    return best != nullptr ? *best : word;
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
        if (state->dictionary != nullptr && !state->dictionary->aff_path.empty()) {
            std::lock_guard lock(hunspell_lifetime_mutex());
            state->hunspell.reset(new Hunspell(state->dictionary->aff_path.c_str(), state->dictionary->dic_path.c_str()));
        }
    }
    // Without the hunspell dictionary (a warning was printed) lemmas are the lowercase word: tables alone
    // would lemmatise some words and not others.
    return state->hunspell ? state : nullptr;
}

std::string_view Lemmatizer::lemma(std::string_view word, std::string_view language) {
    Language* state = language_state(language);
    if (state == nullptr || word.empty()) return word;
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
    if (candidates.empty()) return std::string(word);  // not a dictionary word
    restore_prefixes(word, candidates);
    std::string w(word);
    if (!english) return choose_spanish(w, candidates, dictionary);
    Hunspell& hunspell = *language.hunspell;
    return choose_english(w, candidates, dictionary, [&](const std::string& base) { return hunspell.spell(base); });
}

}  // namespace presser::text
