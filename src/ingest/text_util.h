// Small UTF-8 string helpers shared by the parsers. Internal to src/ingest.
#pragma once

#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace presser::ingest {

// Length of the UTF-8 sequence that starts with `lead` (1 for ASCII and for invalid lead bytes).
// Inline: loops over every character of a text call it.
[[nodiscard]] inline std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

// Eight bytes at a time, for scans over whole texts (the usual bit tricks; exact as tests of the word).
inline constexpr std::uint64_t kEveryByte = 0x0101010101010101ULL;
inline constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
[[nodiscard]] inline std::uint64_t load8(const char* at) {
    std::uint64_t word;
    std::memcpy(&word, at, sizeof word);
    return word;
}
// Whether any byte of `word` is below `bound` (at most 0x80).
[[nodiscard]] inline bool has_byte_below(std::uint64_t word, unsigned bound) {
    return ((word - kEveryByte * bound) & ~word & kHighBits) != 0;
}
[[nodiscard]] inline bool has_byte(std::uint64_t word, unsigned char byte) { return has_byte_below(word ^ (kEveryByte * byte), 1); }
// The high bit of each byte of `word` that equals `byte`, and no other bit (no borrow between bytes).
[[nodiscard]] inline std::uint64_t byte_mask(std::uint64_t word, unsigned char byte) {
    constexpr std::uint64_t kLowBits = 0x7F7F7F7F7F7F7F7FULL;
    std::uint64_t y = word ^ (kEveryByte * byte);
    return ~(((y & kLowBits) + kLowBits) | y) & kHighBits;
}

// Bytes of horizontal white space at `at`: space, tab, U+00A0, U+3000 and the other Zs characters.
[[nodiscard]] std::size_t horizontal_space_length(std::string_view text, std::size_t at);
[[nodiscard]] std::size_t skip_horizontal_space(std::string_view text, std::size_t at);

// True when the line holds only white space (including U+00A0 and U+3000).
[[nodiscard]] bool is_blank(std::string_view line);

[[nodiscard]] std::string trim_copy(std::string_view text);
[[nodiscard]] std::string_view trim_view(std::string_view text);
// Runs of white space (any Unicode space, line breaks included) become one ASCII space; ends trimmed.
[[nodiscard]] std::string collapse_spaces(std::string_view text);
[[nodiscard]] std::string strip_chars(std::string_view text, std::string_view utf8_chars_to_remove);
[[nodiscard]] std::vector<std::string> split_words(std::string_view text);
[[nodiscard]] std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to);
[[nodiscard]] std::string ascii_lower(std::string_view text);
// Equality ignoring the case of ASCII letters.
[[nodiscard]] bool ascii_iequals(std::string_view a, std::string_view b);

// RE2 options for the parsers' patterns: UTF-8, no logging to stderr, and memory enough for the DFAs of
// patterns with Unicode classes (RE2 falls back to a slower engine, still linear, when that runs out).
[[nodiscard]] const RE2::Options& pattern_options();

// A built-in pattern of the parsers. A pattern that does not compile is a programmer error: it aborts at
// first use with the pattern and RE2's message, so a typo can never silently match nothing.
class Pattern : public RE2 {
public:
    explicit Pattern(const std::string& pattern);
};

// Whether the first character is an upper-case letter of any script ("Éric", "Theo"; not "de", "2021").
[[nodiscard]] bool starts_upper(std::string_view word);

}  // namespace presser::ingest
