// CLDR's sentence-break suppressions ("Mr.", "Sra.", "U.S."), which ICU applies for locales with
// "@ss=standard" (its SimpleFilteredSentenceBreakIterator). The fast path computes unfiltered boundaries
// itself and applies the same suppressions with the same matching rules, reimplemented here because
// asking ICU about each boundary costs more than all the rest of the fast path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace presser::text {

class SentenceSuppressions {
public:
    // Loaded once per process per language; empty for languages without data.
    [[nodiscard]] static const SentenceSuppressions& for_language(std::string_view language);

    // True when ICU's filtered sentence iterator drops the (unfiltered) boundary at `boundary`.
    [[nodiscard]] bool suppresses(std::string_view text, std::uint32_t boundary) const;

private:
    explicit SentenceSuppressions(std::string_view language);

    struct Backward {
        std::string text;
        bool partial = false;  // the part of a longer abbreviation up to its first full stop ("Ph." of "Ph.D.")
    };
    // Strings matched backwards from a boundary, by their last two bytes.
    std::unordered_map<std::uint16_t, std::vector<Backward>> backward_;
    // Whole abbreviations checked forwards after a partial match.
    std::vector<std::string> forward_;
};

}  // namespace presser::text
