#include "text/latin_fast_path.h"

#include <array>

namespace presser::text {
namespace {

// Word_Break classes (UAX #29) that occur in the repertoire.
enum Word : std::uint8_t { WOther, WCR, WLF, WNewline, WSpace, WLetter, WNumeric, WMidNum, WMidNumLet, WExtendNumLet };
// Sentence_Break classes.
enum Sentence : std::uint8_t { SOther, SCR, SLF, SSp, SLower, SUpper, SNumeric, SATerm, SSTerm, SClose, SSContinue };

constexpr std::uint8_t pack(Word w, Sentence s) { return static_cast<std::uint8_t>(w | (s << 4)); }
constexpr std::uint8_t word_of(std::uint8_t c) { return c & 0x0F; }
constexpr std::uint8_t sentence_of(std::uint8_t c) { return c >> 4; }

constexpr std::array<std::uint8_t, 128> ascii_classes = [] {
    std::array<std::uint8_t, 128> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[c] = pack(WLetter, SLower);
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = pack(WLetter, SUpper);
    for (int c = '0'; c <= '9'; ++c) t[c] = pack(WNumeric, SNumeric);
    t['\r'] = pack(WCR, SCR);
    t['\n'] = pack(WLF, SLF);
    t['\v'] = t['\f'] = pack(WNewline, SSp);
    t['\t'] = pack(WOther, SSp);
    t[' '] = pack(WSpace, SSp);
    t['.'] = pack(WMidNumLet, SATerm);
    t['\''] = pack(WMidNumLet, SClose);  // APOSTROPHE: Single_Quote, which acts as MidNumLet in WB6-12
    t[','] = pack(WMidNum, SSContinue);
    t[';'] = pack(WMidNum, SOther);
    t[':'] = pack(WOther, SSContinue);  // MidLetter in UAX #29, removed by CLDR's root rules: "a:b" breaks
    t['-'] = pack(WOther, SSContinue);
    t['!'] = t['?'] = pack(WOther, SSTerm);
    t['"'] = t['('] = t[')'] = t['['] = t[']'] = t['{'] = t['}'] = pack(WOther, SClose);
    t['_'] = pack(WExtendNumLet, SOther);
    t['@'] = pack(WLetter, SOther);  // CLDR's root word rules count '@' as a letter ("B@UNAM" is one word)
    return t;
}();

bool mid_letter(std::uint8_t w) { return w == WMidNumLet; }
bool mid_num(std::uint8_t w) { return w == WMidNum || w == WMidNumLet; }

bool word_break_between(const std::uint8_t* cls, std::size_t i, std::size_t m) {
    std::uint8_t l = word_of(cls[i - 1]), r = word_of(cls[i]);
    bool l_word = l == WLetter || l == WNumeric, r_word = r == WLetter || r == WNumeric;
    if (l_word && r_word) return false;  // WB5, WB8-10
    if (l == WCR && r == WLF) return false;
    if (l <= WNewline && l != WOther) return true;  // WB3a
    if (r <= WNewline && r != WOther) return true;  // WB3b
    if (l == WSpace && r == WSpace) return false;   // WB3d
    std::uint8_t next = i + 1 < m ? word_of(cls[i + 1]) : static_cast<std::uint8_t>(WOther);
    std::uint8_t before = i >= 2 ? word_of(cls[i - 2]) : static_cast<std::uint8_t>(WOther);
    if (l == WLetter && mid_letter(r) && next == WLetter) return false;      // WB6
    if (mid_letter(l) && before == WLetter && r == WLetter) return false;    // WB7
    if (l == WNumeric && mid_num(r) && next == WNumeric) return false;       // WB12
    if (mid_num(l) && before == WNumeric && r == WNumeric) return false;     // WB11
    if ((l_word || l == WExtendNumLet) && r == WExtendNumLet) return false;  // WB13a
    if (l == WExtendNumLet && r_word) return false;                          // WB13b
    return true;
}

// UAX #29 sentence rules SB3-SB11 over the repertoire (no Extend, Format, OLetter or Sep in it).
void sentence_boundaries(const std::uint8_t* cls, const std::uint32_t* offsets, std::size_t m, std::uint32_t n,
                         std::vector<std::uint32_t>& out) {
    auto s = [&](std::size_t i) { return sentence_of(cls[i]); };
    auto offset = [&](std::size_t i) { return i < m ? offsets[i] : n; };
    std::size_t i = 0;
    while (i < m) {
        std::uint8_t c = s(i);
        if (c == SCR || c == SLF) {  // SB4
            i += (c == SCR && i + 1 < m && s(i + 1) == SLF) ? 2 : 1;
            if (i < m) out.push_back(offset(i));
            continue;
        }
        if (c != SATerm && c != SSTerm) {
            ++i;
            continue;
        }
        std::size_t k = i + 1;
        while (k < m && s(k) == SClose) ++k;
        while (k < m && s(k) == SSp) ++k;
        if (k >= m) break;
        if (s(k) == SCR || s(k) == SLF) {  // SB11 with a ParaSep
            k += (s(k) == SCR && k + 1 < m && s(k + 1) == SLF) ? 2 : 1;
            if (k < m) out.push_back(offset(k));
            i = k;
            continue;
        }
        bool keep = false;
        std::uint8_t r = s(k);
        if (c == SATerm && k == i + 1) {
            if (r == SNumeric) keep = true;  // SB6
            if (r == SUpper && i > 0 && (s(i - 1) == SUpper || s(i - 1) == SLower)) keep = true;  // SB7
        }
        if (!keep && c == SATerm) {  // SB8
            std::size_t t = k;
            while (t < m && s(t) != SUpper && s(t) != SLower && s(t) != SCR && s(t) != SLF && s(t) != SATerm &&
                   s(t) != SSTerm)
                ++t;
            if (t < m && s(t) == SLower) keep = true;
        }
        if (r == SSContinue || r == SATerm || r == SSTerm) keep = true;  // SB8a
        if (!keep) out.push_back(offset(k));
        i = k;
    }
}

}  // namespace

bool latin_boundaries(std::string_view text, LatinScratch& scratch, std::vector<std::uint32_t>& words,
                      std::vector<std::uint32_t>& sentences) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    scratch.classes.resize(n + 1);
    scratch.offsets.resize(n + 1);
    std::uint8_t* classes = scratch.classes.data();
    std::uint32_t* offsets = scratch.offsets.data();
    std::size_t m = 0;
    for (std::size_t i = 0; i < n;) {
        unsigned char b = bytes[i];
        offsets[m] = static_cast<std::uint32_t>(i);
        if (b < 0x80) {
            classes[m++] = ascii_classes[b];
            ++i;
            continue;
        }
        std::uint8_t cls;
        std::size_t len;
        if ((b == 0xC3 || b == 0xC2) && i + 1 < n && (bytes[i + 1] & 0xC0) == 0x80) {
            len = 2;
            unsigned cp = ((b & 0x1Fu) << 6) | (bytes[i + 1] & 0x3Fu);
            if (cp == 0xD7 || cp == 0xF7) cls = pack(WOther, SOther);  // × ÷
            else if (cp >= 0xDF) cls = pack(WLetter, SLower);
            else if (cp >= 0xC0) cls = pack(WLetter, SUpper);
            else if (cp == 0xAA || cp == 0xBA) cls = pack(WLetter, SLower);  // ª º
            else if (cp == 0xA1 || cp == 0xBF || cp == 0xB0) cls = pack(WOther, SOther);  // ¡ ¿ °
            else if (cp == 0xAB || cp == 0xBB) cls = pack(WOther, SClose);                // « »
            else return false;
        } else if (b == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] & 0xC0) == 0x80) {
            len = 3;
            unsigned cp = 0x2000u | (bytes[i + 2] & 0x3Fu);
            if (cp == 0x2018 || cp == 0x2019) cls = pack(WMidNumLet, SClose);         // ‘ ’
            else if (cp == 0x201C || cp == 0x201D) cls = pack(WOther, SClose);        // “ ”
            else if (cp == 0x2013 || cp == 0x2014) cls = pack(WOther, SSContinue);    // – —
            else if (cp == 0x2026) cls = pack(WOther, SOther);                       // …
            else return false;
        } else {
            return false;
        }
        classes[m++] = cls;
        i += len;
    }
    words.clear();
    words.push_back(0);
    for (std::size_t i = 1; i < m; ++i)
        if (word_break_between(classes, i, m)) words.push_back(offsets[i]);
    if (n > 0) words.push_back(static_cast<std::uint32_t>(n));
    sentences.clear();
    sentences.push_back(0);
    sentence_boundaries(classes, offsets, m, static_cast<std::uint32_t>(n), sentences);
    if (n > 0) sentences.push_back(static_cast<std::uint32_t>(n));
    return true;
}

}  // namespace presser::text
