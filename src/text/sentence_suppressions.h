// CLDR's sentence-break suppressions ("Mr.", "Sra.", "U.S."), which ICU applies for locales with
// "@ss=standard". The fast path computes unfiltered boundaries itself and asks ICU's filtered iterator
// only about the boundaries right after one of these strings, since ICU's own lookup per boundary is slow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace presser::text {

class SentenceSuppressions {
public:
    // Loaded once per process per language; an empty set for languages without data.
    [[nodiscard]] static const SentenceSuppressions& for_language(std::string_view language);

    // True when ICU might suppress the sentence boundary at `boundary`: the text before it (minus one
    // space, as ICU does) ends with a suppression or with the part of one up to its first full stop.
    // False means ICU keeps the boundary.
    [[nodiscard]] bool may_suppress(std::string_view text, std::uint32_t boundary) const;

private:
    explicit SentenceSuppressions(std::string_view language);
    // By the last two bytes of the string.
    std::unordered_map<std::uint16_t, std::vector<std::string>> by_ending_;
};

}  // namespace presser::text
