// Hand-written tables of forms the dictionaries get wrong (data only; see docs/text.md for why each
// group exists). Each line of a table is "lemma: form form form ...".
#pragma once

#include <span>
#include <string_view>

namespace presser::text {

// English function words and forms where hunspell's stems are wrong ("is" -> "i", "has" -> "ha"), and
// words that must stay as they are although WordNet or hunspell would change them ("data", "ground").
[[nodiscard]] std::span<const std::string_view> english_irregular_forms();
// English words ending in -ing that are nouns far more often than verb forms ("meeting", "briefing").
[[nodiscard]] std::span<const std::string_view> english_ing_nouns();

// Spanish: the irregular forms of the most frequent irregular verbs (hunspell lists many of them as plain
// words: "estamos", "fue", "son"), and function words the plural rule would break ("nos" -> "no").
[[nodiscard]] std::span<const std::string_view> spanish_irregular_forms();

}  // namespace presser::text
