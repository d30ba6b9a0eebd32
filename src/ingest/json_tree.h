// A JSON document as a tree whose strings remember where they stand in the source: nlohmann-json checks
// the syntax and drives the tree, a scan of the raw text places each string. Internal to src/ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/mapped_text.h"
#include "ingest/source_text.h"
#include "model/error.h"

namespace presser::ingest {

struct JsonMember;

struct JsonNode {
    enum class Kind { null, boolean, number, string, array, object };
    Kind kind = Kind::null;
    std::string scalar;         // a string unescaped, a number or boolean as written
    std::uint64_t start = 0;    // strings: the bytes between the quotes in the source, [start, end)
    std::uint64_t end = 0;
    // A vector of a pair holding JsonNode would need JsonNode complete here (libc++ and clang refuse it); a
    // vector of a struct declared before may hold one that is completed below.
    std::vector<JsonMember> members;  // objects, in source order
    std::vector<JsonNode> items;                            // arrays

    [[nodiscard]] bool is_string() const { return kind == Kind::string; }
    [[nodiscard]] bool is_scalar() const { return kind == Kind::string || kind == Kind::number || kind == Kind::boolean; }
};

struct JsonMember {
    std::string key;
    JsonNode value;
};

// Keys compared the way transcripts spell them: "Speaker Name", "speaker_name" and "speakerName" are
// "speakername".
[[nodiscard]] std::string normalized_key(std::string_view key);

// The JSON value in source.text[from, to) (the whole text after a byte order mark by default). Syntax errors
// name the file and the byte offset; documents nested deeper than 256 levels are refused.
[[nodiscard]] Result<JsonNode> parse_json_tree(const SourceText& source, std::size_t from = 0,
                                               std::size_t to = std::string_view::npos);

// JSON Lines (one value per line, as .jsonl files hold rows): the values as the items of one array. Nothing
// when the text is not made of lines that each hold a JSON object or array.
[[nodiscard]] std::optional<JsonNode> parse_json_lines(const SourceText& source);

// A string node's text with the source offset of every byte (escapes decoded).
[[nodiscard]] MappedText mapped_string(const JsonNode& node, std::string_view source_text);

}  // namespace presser::ingest
