#include "text/lemma_dictionaries.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <span>

#include "text/irregular_forms.h"

namespace presser::text {
namespace {

std::string hunspell_dir() {
    if (const char* configured = std::getenv("PRESSER_HUNSPELL_DIR")) return configured;
    return "/usr/share/hunspell";
}

std::string wordnet_dir() {
    if (const char* configured = std::getenv("PRESSER_WORDNET_DIR")) return configured;
    return "/usr/share/wordnet";
}

bool has_upper_ascii(std::string_view word) {
    for (char c : word)
        if (c >= 'A' && c <= 'Z') return true;
    return false;
}

// Entries of a .dic file: "word/FLAGS" or "word" (first line is the count; morphological fields after a
// tab are ignored). Capitalised entries (names) are left out: lemma() sees lowercase words.
void read_headwords(const std::string& path, bool gender_flag, LanguageDictionary& dictionary) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::size_t end = line.find_first_of("/\t ");
        std::string_view word = std::string_view(line).substr(0, end);
        // Slashes escaped as "\/" are rare; entries with them are skipped.
        if (word.empty() || has_upper_ascii(word) || word.back() == '\\') continue;
        dictionary.headwords.emplace(word);
        if (gender_flag && end != std::string::npos && line[end] == '/' &&
            line.find('G', end) < line.find_first_of("\t ", end))
            dictionary.gendered.emplace(word);
    }
}

// Lines "lemma: form form ..."; a form keeps its first lemma.
void add_table(std::span<const std::string_view> table, LanguageDictionary& dictionary) {
    for (std::string_view line : table) {
        std::size_t colon = line.find(": ");
        if (colon == std::string_view::npos) continue;
        std::string lemma(line.substr(0, colon));
        std::string_view forms = line.substr(colon + 2);
        while (!forms.empty()) {
            std::size_t space = forms.find(' ');
            std::string_view form = forms.substr(0, space);
            if (!form.empty()) dictionary.forms.emplace(std::string(form), lemma);
            if (space == std::string_view::npos) break;
            forms.remove_prefix(space + 1);
        }
    }
}

void warn_once(const std::string& what) {
    static std::once_flag once;
    std::call_once(once, [&] { std::fprintf(stderr, "presser: %s\n", what.c_str()); });
}

// WordNet's exception lists: "form lemma [lemma...]"; the first lemma is taken. Read in the order verb,
// noun, adj, adv, so a form that is in several lists gets its verb reading ("saw" -> "see") and the
// adjective's lemma wins over the adverb's ("better" -> "good").
void read_wordnet_exceptions(LanguageDictionary& dictionary) {
    for (const char* list : {"verb.exc", "noun.exc", "adj.exc", "adv.exc"}) {
        std::ifstream in(wordnet_dir() + "/" + list);
        if (!in) warn_once(wordnet_dir() + "/" + list + " not found; English irregular forms keep their own lemma");
        std::string form, lemma, rest;
        while (in >> form >> lemma) {
            std::getline(in, rest);
            if (form.find('_') != std::string::npos || form == lemma) continue;
            dictionary.forms.emplace(form, lemma);
        }
    }
}

LanguageDictionary load(std::string_view language) {
    LanguageDictionary dictionary;
    std::string base;
    if (language == "en") {
        add_table(english_irregular_forms(), dictionary);
        read_wordnet_exceptions(dictionary);
        for (std::string_view noun : english_ing_nouns()) dictionary.ing_nouns.emplace(noun);
        base = hunspell_dir() + "/en_US";
    } else {
        add_table(spanish_irregular_forms(), dictionary);
        base = hunspell_dir() + "/es_ES";
    }
    std::error_code ec;
    if (std::filesystem::exists(base + ".aff", ec) && std::filesystem::exists(base + ".dic", ec)) {
        dictionary.aff_path = base + ".aff";
        dictionary.dic_path = base + ".dic";
        read_headwords(dictionary.dic_path, language == "es", dictionary);
    } else {
        warn_once(base + ".aff/.dic not found; " + std::string(language) + " lemmas are the lowercase words");
    }
    return dictionary;
}

}  // namespace

const LanguageDictionary* lemma_dictionary(std::string_view language) {
    if (language == "en") {
        static const LanguageDictionary english = load("en");
        return &english;
    }
    if (language == "es") {
        static const LanguageDictionary spanish = load("es");
        return &spanish;
    }
    return nullptr;
}

}  // namespace presser::text
