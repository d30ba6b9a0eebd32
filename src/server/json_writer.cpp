#include "server/json_writer.h"

#include <charconv>
#include <cmath>

namespace presser::server {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool in(unsigned char byte, unsigned char low, unsigned char high) { return byte >= low && byte <= high; }

// Length of the well-formed UTF-8 sequence at text[at] (lead byte >= 0x80), or 0 with `invalid` set to the
// length of its maximal invalid subpart (Unicode 15, table 3-7 and section 3.9 "U+FFFD substitution").
std::size_t sequence_length(std::string_view text, std::size_t at, std::size_t& invalid) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    unsigned char second_low = 0x80, second_high = 0xBF;
    if (in(lead, 0xC2, 0xDF)) length = 2;
    else if (lead == 0xE0) length = 3, second_low = 0xA0;
    else if (in(lead, 0xE1, 0xEC) || in(lead, 0xEE, 0xEF)) length = 3;
    else if (lead == 0xED) length = 3, second_high = 0x9F;
    else if (lead == 0xF0) length = 4, second_low = 0x90;
    else if (in(lead, 0xF1, 0xF3)) length = 4;
    else if (lead == 0xF4) length = 4, second_high = 0x8F;
    else {
        invalid = 1;
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        const auto low = k == 1 ? second_low : static_cast<unsigned char>(0x80);
        const auto high = k == 1 ? second_high : static_cast<unsigned char>(0xBF);
        if (at + k >= text.size() || !in(static_cast<unsigned char>(text[at + k]), low, high)) {
            invalid = k;
            return 0;
        }
    }
    return length;
}

bool needs_care(unsigned char byte) { return byte < 0x20 || byte == '"' || byte == '\\' || byte >= 0x80; }

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t plain = at;
        while (plain < text.size() && !needs_care(static_cast<unsigned char>(text[plain]))) ++plain;
        out.append(text.data() + at, plain - at);
        at = plain;
        if (at == text.size()) break;
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte >= 0x80) {
            std::size_t invalid = 0;
            if (const auto length = sequence_length(text, at, invalid)) {
                out.append(text.data() + at, length);
                at += length;
            } else {
                out += kReplacement;
                at += invalid;
            }
            continue;
        }
        switch (byte) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                static constexpr char kHex[] = "0123456789abcdef";
                const char escaped[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 15]};
                out.append(escaped, sizeof escaped);
            }
        }
        ++at;
    }
    out += '"';
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (first_.empty()) return;
    if (first_.back()) first_.back() = false;
    else out_ += ',';
}

JsonWriter& JsonWriter::open(char bracket) {
    separate();
    out_ += bracket;
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    out_ += bracket;
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    separate();
    append_json_string(out_, text);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
    return *this;
}

template <class Integer>
JsonWriter& JsonWriter::integer(Integer number) {
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out_.append(digits, end);
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) { return integer(number); }

JsonWriter& JsonWriter::value(std::int64_t number) { return integer(number); }

JsonWriter& JsonWriter::value(double number) {
    if (!std::isfinite(number)) return null();
    separate();
    char digits[40];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    const std::string_view written(digits, static_cast<std::size_t>(end - digits));
    out_ += written;
    if (written.find_first_of(".e") == std::string_view::npos) out_ += ".0";
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ += "null";
    return *this;
}

}  // namespace presser::server
