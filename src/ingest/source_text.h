// Reading a source file into UTF-8 text: binary files are refused, invalid UTF-8 is an error with its
// byte offset, and files in a legacy encoding (declared in the file, given by the caller, or detected by
// ICU with confidence) are decoded to UTF-8 with a warning.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace presser::ingest {

struct SourceText {
    std::string path;
    std::string text;                    // UTF-8, byte order mark removed
    std::string encoding = "UTF-8";      // what the bytes were decoded from
    std::size_t bom_bytes = 0;           // bytes of a UTF-8 byte order mark skipped at the start
    std::vector<std::string> warnings;
};

// `declared_encoding` overrides detection ("" to detect). Reads the whole file: callers that need bounded
// memory (files of gigabytes) use the streaming splitter in text_parser.h instead.
[[nodiscard]] Result<SourceText> read_source(const std::filesystem::path& path, std::string_view declared_encoding = "");

// The same checks on bytes already in memory; `name` is used in messages.
[[nodiscard]] Result<SourceText> decode_source(std::string bytes, std::string name, std::string_view declared_encoding = "");

// Offset of the first invalid UTF-8 sequence, or npos when `bytes` is valid UTF-8.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view bytes);

}  // namespace presser::ingest
