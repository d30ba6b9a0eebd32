#include "text/special_spans.h"

#include <algorithm>
#include <array>

namespace presser::text {
namespace {

bool is_ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(unsigned char c) { return is_ascii_alpha(c) || is_digit(c); }

// A special span must not start inside a word: the byte before it is not a letter or digit. Bytes of
// non-ASCII characters count as letters (conservative: "über@x.com" is not an e-mail address).
bool starts_word(std::string_view text, std::size_t pos) {
    if (pos == 0) return true;
    auto c = static_cast<unsigned char>(text[pos - 1]);
    return c < 0x80 && !is_ascii_alnum(c) && c != '_';
}

bool is_url_char(unsigned char c) {
    static constexpr std::string_view extra = "-._~:/?#[]@!$&'()*+,;=%";
    return is_ascii_alnum(c) || extra.find(static_cast<char>(c)) != std::string_view::npos;
}

// Trailing punctuation belongs to the sentence, not to the URL or address.
std::size_t trim_trailing(std::string_view text, std::size_t begin, std::size_t end) {
    while (end > begin) {
        char c = text[end - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '"') {
            --end;
        } else if (c == ')' || c == ']') {
            std::string_view body = text.substr(begin, end - begin);
            char open = c == ')' ? '(' : '[';
            if (std::count(body.begin(), body.end(), open) >= std::count(body.begin(), body.end(), c)) break;
            --end;
        } else {
            break;
        }
    }
    return end;
}

std::size_t url_end(std::string_view text, std::size_t from) {
    std::size_t end = from;
    while (end < text.size() && is_url_char(static_cast<unsigned char>(text[end]))) ++end;
    return end;
}

bool equals_ascii_nocase(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((static_cast<unsigned char>(a[i]) | 0x20) != static_cast<unsigned char>(lower[i])) return false;
    return true;
}

// "http://", "https://", "ftp://" with the colon at `colon`.
bool scheme_before(std::string_view text, std::size_t colon, std::size_t& begin) {
    if (text.substr(colon, 3) != "://") return false;
    std::size_t start = colon;
    while (start > 0 && is_ascii_alpha(static_cast<unsigned char>(text[start - 1])) && colon - start < 6) --start;
    std::string_view scheme = text.substr(start, colon - start);
    if (!equals_ascii_nocase(scheme, "http") && !equals_ascii_nocase(scheme, "https") &&
        !equals_ascii_nocase(scheme, "ftp"))
        return false;
    if (!starts_word(text, start)) return false;
    if (colon + 3 >= text.size() || !is_ascii_alnum(static_cast<unsigned char>(text[colon + 3]))) return false;
    begin = start;
    return true;
}

bool is_local_part_char(unsigned char c) {
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// Domain after '@': labels of letters, digits and hyphens separated by dots, the last one alphabetic
// with at least two letters. Returns the end, or 0 when there is no such domain.
std::size_t domain_end(std::string_view text, std::size_t from) {
    std::size_t pos = from, end = 0, labels = 0;
    while (true) {
        std::size_t label = pos;
        bool alphabetic = true;
        while (pos < text.size() &&
               (is_ascii_alnum(static_cast<unsigned char>(text[pos])) || text[pos] == '-')) {
            if (!is_ascii_alpha(static_cast<unsigned char>(text[pos]))) alphabetic = false;
            ++pos;
        }
        if (pos == label) break;
        ++labels;
        if (labels >= 2 && alphabetic && pos - label >= 2) end = pos;
        if (pos + 1 < text.size() && text[pos] == '.' && is_ascii_alnum(static_cast<unsigned char>(text[pos + 1])))
            ++pos;
        else
            break;
    }
    return end;
}

}  // namespace

void find_special_spans(std::string_view text, std::vector<ByteSpan>& out) {
    static constexpr std::array<bool, 256> trigger = [] {
        std::array<bool, 256> t{};
        t['@'] = t['#'] = t[':'] = t['.'] = true;
        return t;
    }();
    const std::size_t n = text.size();
    std::size_t floor = 0;  // spans found so far end here; the next one starts at or after it
    auto add = [&](std::size_t begin, std::size_t end) {
        if (begin < floor || end <= begin) return false;
        out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
        floor = end;
        return true;
    };
    for (std::size_t i = 0; i < n; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (!trigger[c] || i < floor) continue;
        std::size_t begin = 0;
        if (c == ':') {
            if (scheme_before(text, i, begin)) {
                if (add(begin, trim_trailing(text, begin, url_end(text, i)))) i = floor - 1;
            } else if (i > 0 && i + 1 < n && is_digit(static_cast<unsigned char>(text[i - 1])) &&
                       is_digit(static_cast<unsigned char>(text[i + 1]))) {
                std::size_t start = i;
                while (start > 0 && is_digit(static_cast<unsigned char>(text[start - 1]))) --start;
                if (!starts_word(text, start) || (start > 0 && (text[start - 1] == '.' || text[start - 1] == ','))) continue;
                std::size_t end = i;
                while (end + 1 < n && text[end] == ':' && is_digit(static_cast<unsigned char>(text[end + 1]))) {
                    ++end;
                    while (end < n && is_digit(static_cast<unsigned char>(text[end]))) ++end;
                }
                while (end < n && (is_ascii_alnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
                if (add(start, end)) i = floor - 1;
            }
        } else if (c == '.') {
            // "www.example.com" without a scheme.
            if (i >= 3 && equals_ascii_nocase(text.substr(i - 3, 3), "www") && starts_word(text, i - 3) &&
                i + 1 < n && is_ascii_alnum(static_cast<unsigned char>(text[i + 1]))) {
                std::size_t end = trim_trailing(text, i - 3, url_end(text, i));
                if (text.substr(i + 1, end - i - 1).find('.') != std::string_view::npos && add(i - 3, end)) i = floor - 1;
            }
        } else if (c == '@') {
            std::size_t start = i;
            while (start > floor && is_local_part_char(static_cast<unsigned char>(text[start - 1]))) --start;
            while (start < i && !is_ascii_alnum(static_cast<unsigned char>(text[start]))) ++start;
            if (start < i && starts_word(text, start)) {
                if (std::size_t end = domain_end(text, i + 1); end != 0) {
                    if (add(start, end)) i = floor - 1;
                    continue;
                }
            }
            if (starts_word(text, i) && i + 1 < n) {
                std::size_t end = i + 1;
                while (end < n && (is_ascii_alnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
                if (end > i + 1 && add(i, end)) i = floor - 1;
            }
        } else if (c == '#') {
            if (!starts_word(text, i) || (i > 0 && text[i - 1] == '&')) continue;
            // Letters may be non-ASCII ("#México"): two-byte UTF-8 letters of Latin-1, Latin Extended,
            // Greek and Cyrillic (lead bytes C3..D4, minus × and ÷); anything else ends the hashtag.
            std::size_t end = i + 1;
            bool letter = false;
            while (end < n) {
                auto b = static_cast<unsigned char>(text[end]);
                if (is_ascii_alpha(b)) {
                    letter = true;
                    ++end;
                } else if (is_digit(b) || b == '_') {
                    ++end;
                } else if (b >= 0xC3 && b <= 0xD4 && end + 1 < n &&
                           (static_cast<unsigned char>(text[end + 1]) & 0xC0) == 0x80 &&
                           !(b == 0xC3 && (static_cast<unsigned char>(text[end + 1]) == 0x97 ||
                                           static_cast<unsigned char>(text[end + 1]) == 0xB7))) {
                    letter = true;
                    end += 2;
                } else {
                    break;
                }
            }
            if (letter && end > i + 1 && add(i, end)) i = floor - 1;
        }
    }
}

}  // namespace presser::text
