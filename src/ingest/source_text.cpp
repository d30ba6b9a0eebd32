#include "ingest/source_text.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <re2/re2.h>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

// A NUL byte, or many C0 controls, in the first 64 KiB mark a binary file.
bool looks_binary(std::string_view bytes) {
    std::string_view head = bytes.substr(0, 1 << 16);
    std::size_t controls = 0;
    std::size_t i = 0;
    while (i < head.size()) {
        // Text has no control byte in most runs of eight.
        if (i + 8 <= head.size() && !has_byte_below(load8(head.data() + i), 0x20)) {
            i += 8;
            continue;
        }
        unsigned char c = static_cast<unsigned char>(head[i++]);
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++controls;
    }
    return controls * 20 > head.size() && controls > 8;
}

// A charset named by the file itself: an HTML <meta charset>, an XML declaration.
std::string declared_in_file(std::string_view bytes) {
    static const Pattern meta(R"((?i)<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{2,40}))");
    static const Pattern xml(R"(^<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_\-]{2,40}))");
    std::string_view head = bytes.substr(0, 4096);
    std::string found;
    if (RE2::PartialMatch(re2::StringPiece(head.data(), head.size()), xml, &found)) return found;
    if (RE2::PartialMatch(re2::StringPiece(head.data(), head.size()), meta, &found)) return found;
    return "";
}

bool is_utf8_name(std::string_view name) {
    std::string lower = ascii_lower(name);
    return lower == "utf-8" || lower == "utf8";
}

std::uint64_t line_of(std::string_view bytes, std::size_t offset) {
    return 1 + static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Appends UTF-16 code units as UTF-8. The caller never splits a surrogate pair between two calls.
void append_utf8(std::string& out, const UChar* units, int32_t count) {
    if (count == 0) return;
    std::size_t at = out.size();
    out.resize(at + static_cast<std::size_t>(count) * 3);
    int32_t written = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strToUTF8WithSub(out.data() + at, count * 3, &written, units, count, 0xFFFD, nullptr, &status);
    out.resize(at + static_cast<std::size_t>(U_SUCCESS(status) ? written : 0));
}

// Converts in chunks with pointers rather than one int32_t-sized call, so that any file size works and
// the byte offset of the first undecodable sequence is known.
Result<std::string> convert_to_utf8(std::string_view bytes, const std::string& encoding, const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(encoding.c_str(), &status), &ucnv_close);
    if (U_FAILURE(status)) return Error{name, std::nullopt, std::nullopt, "unknown encoding '" + encoding + "'"};
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 2);
    constexpr int32_t kChunk = 1 << 15;
    std::vector<UChar> buffer(kChunk + 1);
    int32_t carried = 0;  // a lead surrogate held back from the previous chunk
    const char* source = bytes.data();
    const char* const limit = bytes.data() + bytes.size();
    for (;;) {
        UChar* target = buffer.data() + carried;
        status = U_ZERO_ERROR;
        ucnv_toUnicode(converter.get(), &target, buffer.data() + kChunk, &source, limit, nullptr, true, &status);
        int32_t produced = static_cast<int32_t>(target - buffer.data());
        carried = status == U_BUFFER_OVERFLOW_ERROR && produced > 0 && U16_IS_LEAD(buffer[produced - 1]) ? 1 : 0;
        append_utf8(out, buffer.data(), produced - carried);
        if (carried) buffer[0] = buffer[produced - 1];
        if (status == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_FAILURE(status)) {
            char invalid[32];
            int8_t invalid_length = sizeof invalid;
            UErrorCode ignored = U_ZERO_ERROR;
            ucnv_getInvalidChars(converter.get(), invalid, &invalid_length, &ignored);
            std::size_t consumed = static_cast<std::size_t>(source - bytes.data());
            std::size_t offset = consumed - std::min<std::size_t>(consumed, U_SUCCESS(ignored) ? invalid_length : 0);
            return Error{name, offset, line_of(bytes, offset),
                         "bytes are not valid " + encoding + " (" + u_errorName(status) + ")"};
        }
        return out;
    }
}

// ICU's charset detector, trusted only when confident and when it names a legacy charset.
std::string detect_legacy(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), &ucsdet_close);
    if (U_FAILURE(status)) return "";
    std::string_view sample = bytes.substr(0, 1 << 20);
    ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
    const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
    if (U_FAILURE(status) || match == nullptr) return "";
    int32_t confidence = ucsdet_getConfidence(match, &status);
    const char* name = ucsdet_getName(match, &status);
    if (U_FAILURE(status) || name == nullptr || confidence < 10 || is_utf8_name(name)) return "";
    return name;
}

// Invalid UTF-8 that is mostly valid UTF-8 is damage, not a legacy encoding. Decoding sequentially
// matters: in GB18030 or Windows-1252 text a valid-looking sequence turns up by chance at some byte
// offset, but far fewer of them than invalid ones.
bool mostly_valid_utf8(std::string_view bytes) {
    std::size_t valid_multibyte = 0;
    std::size_t invalid = 0;
    std::size_t at = 0;
    while (at < bytes.size()) {
        std::size_t bad = find_invalid_utf8(bytes.substr(at));
        std::string_view valid = bytes.substr(at, bad == std::string_view::npos ? bytes.size() - at : bad);
        valid_multibyte += static_cast<std::size_t>(
            std::count_if(valid.begin(), valid.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0xC0; }));
        if (bad == std::string_view::npos) break;
        ++invalid;
        at += bad + 1;
    }
    return valid_multibyte > invalid;
}

bool has_non_ascii(std::string_view bytes) {
    return std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// A file whose charset declaration could be read as ASCII is not in UTF-16 or UTF-32, whatever it says.
bool names_wide_unicode(std::string_view name) {
    std::string lower = ascii_lower(name);
    return lower.starts_with("utf-16") || lower.starts_with("utf16") || lower.starts_with("utf-32") ||
           lower.starts_with("utf32") || lower.starts_with("ucs-2") || lower.starts_with("ucs2") ||
           lower.starts_with("ucs-4") || lower == "unicode";
}

// UTF-16 with a byte order mark: ASCII text in it is half NUL bytes, so this is checked before binary data.
std::string utf16_by_byte_order_mark(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xFE") && !bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return "UTF-16LE";
    if (bytes.starts_with("\xFE\xFF")) return "UTF-16BE";
    return "";
}

Error invalid_utf8_error(std::string_view bytes, std::size_t invalid, const std::string& name) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[invalid]));
    return Error{name, invalid, line_of(bytes, invalid),
                 std::string("invalid UTF-8 (byte ") + hex +
                     "): expected UTF-8 text, or a legacy encoding declared with --encoding"};
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view bytes) {
    std::size_t i = 0;
    const std::size_t n = bytes.size();
    while (i < n) {
        if (i + 8 <= n && (load8(bytes.data() + i) & kHighBits) == 0) {  // eight ASCII bytes
            i += 8;
            continue;
        }
        unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) { ++i; continue; }
        std::size_t length;
        std::uint32_t code;
        if (c >= 0xC2 && c <= 0xDF) { length = 2; code = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { length = 3; code = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { length = 4; code = c & 0x07; }
        else return i;
        if (i + length > n) return i;
        for (std::size_t k = 1; k < length; ++k) {
            unsigned char cc = static_cast<unsigned char>(bytes[i + k]);
            if ((cc & 0xC0) != 0x80) return i;
            code = (code << 6) | (cc & 0x3F);
        }
        if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
            (length == 4 && (code < 0x10000 || code > 0x10FFFF)))
            return i;
        i += length;
    }
    return std::string_view::npos;
}

Result<SourceText> decode_source(std::string bytes, std::string name, std::string_view declared_encoding) {
    SourceText source;
    source.path = name;
    if (bytes.empty()) return Error{name, std::nullopt, std::nullopt, "file is empty: expected a transcript"};

    // The bytes become `source.text` in `encoding`; `why` is the warning when that is not plain UTF-8.
    std::string encoding(declared_encoding);
    std::string why = "as declared";
    if (encoding.empty()) {
        encoding = utf16_by_byte_order_mark(bytes);
        why = "by its byte order mark";
    }
    if (!names_wide_unicode(encoding) && looks_binary(bytes)) {
        std::size_t nul = bytes.find('\0');
        return Error{name, nul == std::string::npos ? std::optional<std::uint64_t>{} : std::optional<std::uint64_t>{nul},
                     std::nullopt, "binary data: expected text (plain text, Markdown, HTML or TEI)"};
    }
    bool declared_in_bytes = false;
    if (encoding.empty()) {
        encoding = declared_in_file(bytes);
        declared_in_bytes = !encoding.empty();
        why = "as the file declares";
        if (names_wide_unicode(encoding)) encoding.clear();
    }
    std::size_t invalid = find_invalid_utf8(bytes);
    if (declared_in_bytes && !is_utf8_name(encoding) && invalid == std::string::npos && has_non_ascii(bytes)) {
        // Pages saved as UTF-8 by a scraper often keep their original <meta charset>; valid multibyte UTF-8
        // throughout is no accident.
        source.warnings.push_back("declares " + encoding + " but is valid UTF-8: read as UTF-8");
        encoding.clear();
    }
    if (encoding.empty() && invalid != std::string::npos) {
        if (!mostly_valid_utf8(bytes)) {
            encoding = detect_legacy(bytes);
            why = "(detected)";
        }
        if (encoding.empty()) return invalid_utf8_error(bytes, invalid, name);
    }

    if (!encoding.empty() && !is_utf8_name(encoding)) {
        auto converted = convert_to_utf8(bytes, encoding, name);
        if (!converted) {
            // A detector's wrong guess is not the problem to report: the bytes are not UTF-8.
            if (why == "(detected)") return invalid_utf8_error(bytes, invalid, name);
            return converted.error();
        }
        source.text = std::move(converted.value());
        source.encoding = encoding;
        source.warnings.push_back("decoded from " + encoding + " " + why + "; byte offsets refer to the UTF-8 text");
    } else {
        if (invalid != std::string::npos) return invalid_utf8_error(bytes, invalid, name);
        source.text = std::move(bytes);
    }
    if (source.text.starts_with("\xEF\xBB\xBF")) source.bom_bytes = 3;
    if (is_blank(std::string_view(source.text).substr(source.bom_bytes)))
        return Error{name, std::nullopt, std::nullopt, "file is empty (white space only): expected a transcript"};
    return source;
}

Result<SourceText> read_source(const std::filesystem::path& path, std::string_view declared_encoding) {
    std::error_code error;
    auto status = std::filesystem::status(path, error);
    if (error) return Error{path.string(), std::nullopt, std::nullopt, "cannot open file for reading: " + error.message()};
    if (!std::filesystem::is_regular_file(status))
        return Error{path.string(), std::nullopt, std::nullopt, "not a regular file: expected a transcript file"};
    // stdio, not iostreams: libstdc++'s filebuf throws on a read error, and read_source must not throw.
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return Error{path.string(), std::nullopt, std::nullopt, "cannot open file for reading"};
    std::string bytes;
    if (auto size = std::filesystem::file_size(path, error); !error) bytes.reserve(static_cast<std::size_t>(size));
    char buffer[1 << 16];
    while (std::size_t count = std::fread(buffer, 1, sizeof buffer, file.get())) bytes.append(buffer, count);
    if (std::ferror(file.get()))
        return Error{path.string(), bytes.size(), std::nullopt, "read error after " + std::to_string(bytes.size()) + " bytes"};
    return decode_source(std::move(bytes), path.string(), declared_encoding);
}

}  // namespace presser::ingest
