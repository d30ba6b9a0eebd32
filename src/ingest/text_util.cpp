#include "ingest/text_util.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <cstdio>
#include <cstdlib>

namespace presser::ingest {

std::size_t horizontal_space_length(std::string_view text, std::size_t at) {
    if (at >= text.size()) return 0;
    auto byte = [&](std::size_t i) { return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0u; };
    unsigned char c = byte(0);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2 && byte(1) == 0xA0) return 2;                      // U+00A0
    if (c == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;   // U+3000
    if (c == 0xE2 && byte(1) == 0x80 && byte(2) >= 0x80 && byte(2) <= 0x8B) return 3;  // U+2000..U+200B
    if (c == 0xE2 && byte(1) == 0x80 && byte(2) == 0xAF) return 3;   // U+202F
    if (c == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return 3;   // U+FEFF
    return 0;
}

std::size_t skip_horizontal_space(std::string_view text, std::size_t at) {
    while (std::size_t length = horizontal_space_length(text, at)) at += length;
    return at;
}

bool is_blank(std::string_view line) {
    std::size_t at = 0;
    while (at < line.size()) {
        if (line[at] == '\n') { ++at; continue; }
        std::size_t length = horizontal_space_length(line, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string_view trim_view(std::string_view text) {
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t length = text[begin] == '\n' ? 1 : horizontal_space_length(text, begin);
        if (length == 0) break;
        begin += length;
    }
    std::size_t end = text.size();
    while (end > begin) {
        // Walk back to the start of the last character and test it.
        std::size_t lead = end - 1;
        while (lead > begin && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80) --lead;
        std::size_t length = text[lead] == '\n' ? 1 : horizontal_space_length(text, lead);
        if (length == 0 || lead + length != end) break;
        end = lead;
    }
    return text.substr(begin, end - begin);
}

std::string trim_copy(std::string_view text) { return std::string(trim_view(text)); }

namespace {

// Bytes that can begin white space: ASCII spaces and the lead bytes of U+00A0, U+2000.., U+3000, U+FEFF.
// A table because collapse_spaces tests every byte of every paragraph.
constexpr std::array<bool, 256> kMayBeginSpace = [] {
    std::array<bool, 256> table{};
    for (unsigned char c : {' ', '\n', '\t', '\r', '\f', '\v'}) table[c] = true;
    for (unsigned char c : {0xC2, 0xE2, 0xE3, 0xEF}) table[c] = true;
    return table;
}();

// The bytes of the eight at `at` (followed by `next`) that collapse_spaces must look at one by one, as the
// high bit of each: those that may begin white space other than a space (below 0x20, lead bytes of the
// multi-byte spaces), and spaces followed by a byte that may begin white space. Every other byte is copied
// as it is, so the loop jumps to the first byte marked. Prose is mostly such bytes; a mark may be needless
// (a control character that is no space), never missing.
std::uint64_t bytes_to_examine(const char* at, char next) {
    if constexpr (std::endian::native != std::endian::little) return 0x80;  // the first byte: one at a time
    constexpr std::uint64_t kLowBits = 0x7F7F7F7F7F7F7F7FULL;
    std::uint64_t word = load8(at);
    std::uint64_t control = ~(((word & kLowBits) + kEveryByte * 0x60) | word) & kHighBits;  // bytes below 0x20
    std::uint64_t leads = byte_mask(word, 0xC2) | byte_mask(word, 0xE2) | byte_mask(word, 0xE3) | byte_mask(word, 0xEF);
    std::uint64_t spaces = byte_mask(word, ' ');
    std::uint64_t next_may_begin =
        ((control | leads | spaces) >> 8) | (kMayBeginSpace[static_cast<unsigned char>(next)] ? kHighBits << 56 : 0);
    return control | leads | (spaces & next_may_begin);
}

}  // namespace

std::string collapse_spaces(std::string_view text) {
    // Written through a pointer into a buffer of the input's size: the output is never longer.
    std::string out(text.size(), '\0');
    char* const begin = out.data();
    char* write = begin;
    bool pending = false;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        // Copy in one go the run of bytes that cannot begin white space, with the single spaces between
        // them: those come out as they are.
        std::size_t run = i;
        while (run < n) {
            if (run > i && run + 8 < n) {
                std::uint64_t examine = bytes_to_examine(text.data() + run, text[run + 8]);
                if (examine == 0) {
                    run += 8;
                    continue;
                }
                run += static_cast<std::size_t>(std::countr_zero(examine)) / 8;
            }
            unsigned char c = static_cast<unsigned char>(text[run]);
            if (!kMayBeginSpace[c]) {
                ++run;
            } else if (c == ' ' && run > i && run + 1 < n && !kMayBeginSpace[static_cast<unsigned char>(text[run + 1])]) {
                run += 2;
            } else if (c >= 0x80 && horizontal_space_length(text, run) == 0) {
                ++run;  // a character that shares a lead byte with a space (’, —, ©) but is none
            } else {
                break;
            }
        }
        if (run > i) {
            if (pending) *write++ = ' ';
            pending = false;
            std::memcpy(write, text.data() + i, run - i);
            write += run - i;
            i = run;
            continue;
        }
        // Every ASCII byte in the table is one byte of white space ('\n' included).
        std::size_t length = static_cast<unsigned char>(text[i]) < 0x80 ? 1 : horizontal_space_length(text, i);
        if (length) {
            pending = write != begin;
            i += length;
            continue;
        }
        if (pending) *write++ = ' ';
        pending = false;
        *write++ = text[i];
        ++i;
    }
    out.resize(static_cast<std::size_t>(write - begin));
    return out;
}

std::string strip_chars(std::string_view text, std::string_view remove) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = std::min(utf8_sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
        std::string_view ch = text.substr(i, length);
        bool drop = false;
        for (std::size_t j = 0; j < remove.size();) {
            std::size_t l = utf8_sequence_length(static_cast<unsigned char>(remove[j]));
            if (remove.substr(j, l) == ch) drop = true;
            j += l;
        }
        if (!drop) out += ch;
        i += length;
    }
    return out;
}

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::string collapsed = collapse_spaces(text);
    std::size_t start = 0;
    while (start < collapsed.size()) {
        std::size_t end = collapsed.find(' ', start);
        if (end == std::string::npos) end = collapsed.size();
        words.push_back(collapsed.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to && i < words.size(); ++i) {
        if (!out.empty()) out.push_back(' ');
        out += words[i];
    }
    return out;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    // What std::tolower does to ASCII in the "C" locale (presser never sets another), without a call per byte.
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

}  // namespace presser::ingest

namespace presser::ingest {

const RE2::Options& pattern_options() {
    static const RE2::Options options = [] {
        RE2::Options o;
        o.set_encoding(RE2::Options::EncodingUTF8);
        o.set_log_errors(false);
        o.set_max_mem(64 << 20);
        return o;
    }();
    return options;
}

Pattern::Pattern(const std::string& pattern) : RE2(pattern, pattern_options()) {
    if (!ok()) {
        std::fprintf(stderr, "presser: built-in pattern does not compile: %s\n  %s\n", error().c_str(), pattern.c_str());
        std::abort();
    }
}

bool starts_upper(std::string_view word) {
    if (word.empty()) return false;
    std::int32_t at = 0;
    UChar32 c = 0;
    U8_NEXT(word.data(), at, static_cast<std::int32_t>(word.size()), c);
    return c > 0 && u_isupper(c);
}

}  // namespace presser::ingest
