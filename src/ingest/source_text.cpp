#include "ingest/source_text.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <fstream>
#include <memory>
#include <re2/re2.h>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

// A NUL byte, or many C0 controls, in the first 64 KiB mark a binary file.
bool looks_binary(std::string_view bytes) {
    std::string_view head = bytes.substr(0, 1 << 16);
    std::size_t controls = 0;
    for (unsigned char c : head) {
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

Result<std::string> convert_to_utf8(std::string_view bytes, const std::string& encoding, const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(encoding.c_str(), &status), &ucnv_close);
    if (U_FAILURE(status)) return Error{name, std::nullopt, std::nullopt, "unknown encoding '" + encoding + "'"};
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::u16string utf16(bytes.size() * 2 + 16, u'\0');
    status = U_ZERO_ERROR;
    int32_t length = ucnv_toUChars(converter.get(), utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(),
                                   static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status))
        return Error{name, std::nullopt, std::nullopt, "bytes are not valid " + encoding + " (" + u_errorName(status) + ")"};
    std::string out;
    out.resize(static_cast<std::size_t>(length) * 3 + 16);
    status = U_ZERO_ERROR;
    UConverter* utf8 = ucnv_open("UTF-8", &status);
    int32_t written = ucnv_fromUChars(utf8, out.data(), static_cast<int32_t>(out.size()),
                                      reinterpret_cast<const UChar*>(utf16.data()), length, &status);
    ucnv_close(utf8);
    if (U_FAILURE(status)) return Error{name, std::nullopt, std::nullopt, "could not transcode to UTF-8"};
    out.resize(static_cast<std::size_t>(written));
    return out;
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

// Invalid UTF-8 that is mostly valid UTF-8 is damage, not a legacy encoding.
bool has_valid_multibyte(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) continue;
        std::size_t length = utf8_sequence_length(c);
        if (length < 2 || i + length > bytes.size()) continue;
        if (find_invalid_utf8(bytes.substr(i, length)) == std::string_view::npos) return true;
    }
    return false;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view bytes) {
    std::size_t i = 0;
    const std::size_t n = bytes.size();
    while (i < n) {
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
    if (looks_binary(bytes)) {
        std::size_t nul = bytes.find('\0');
        return Error{name, nul == std::string::npos ? std::optional<std::uint64_t>{} : std::optional<std::uint64_t>{nul},
                     std::nullopt, "binary data: expected text (plain text, Markdown, HTML or TEI)"};
    }
    std::string encoding(declared_encoding);
    if (encoding.empty()) encoding = declared_in_file(bytes);
    if (!encoding.empty() && !is_utf8_name(encoding)) {
        auto converted = convert_to_utf8(bytes, encoding, name);
        if (!converted) return converted.error();
        source.text = std::move(converted.value());
        source.encoding = encoding;
        source.warnings.push_back("decoded from " + encoding + " as declared; byte offsets refer to the UTF-8 text");
        return source;
    }
    std::size_t invalid = find_invalid_utf8(bytes);
    if (invalid != std::string::npos) {
        std::string legacy = encoding.empty() && !has_valid_multibyte(bytes) ? detect_legacy(bytes) : "";
        if (legacy.empty()) {
            std::uint64_t line = 1 + static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(invalid), '\n'));
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[invalid]));
            return Error{name, invalid, line,
                         std::string("invalid UTF-8 (byte ") + hex +
                             "): expected UTF-8 text, or a legacy encoding declared with --encoding"};
        }
        auto converted = convert_to_utf8(bytes, legacy, name);
        if (!converted) return converted.error();
        source.text = std::move(converted.value());
        source.encoding = legacy;
        source.warnings.push_back("not UTF-8: decoded as " + legacy + " (detected); byte offsets refer to the UTF-8 text");
        return source;
    }
    if (bytes.starts_with("\xEF\xBB\xBF")) source.bom_bytes = 3;
    source.text = std::move(bytes);
    return source;
}

Result<SourceText> read_source(const std::filesystem::path& path, std::string_view declared_encoding) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string(), std::nullopt, std::nullopt, "cannot open file for reading"};
    std::string bytes;
    std::error_code ec;
    if (auto size = std::filesystem::file_size(path, ec); !ec) bytes.reserve(size);
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return Error{path.string(), std::nullopt, std::nullopt, "read error"};
    return decode_source(std::move(bytes), path.string(), declared_encoding);
}

}  // namespace presser::ingest
