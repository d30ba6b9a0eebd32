#include "ingest/json_tree.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

constexpr std::size_t kMaxDepth = 256;

// Builds the tree from nlohmann's SAX events. Strings arrive in source order, so the n-th string event
// is the n-th string token of the raw text, which `next_string` finds.
class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
public:
    TreeBuilder(std::string_view text, std::size_t from) : text_(text), start_(from), position_(from) {}

    bool null() override { return add(JsonNode{}); }
    bool boolean(bool value) override { return add(scalar(JsonNode::Kind::boolean, value ? "true" : "false")); }
    bool number_integer(number_integer_t value) override { return add(scalar(JsonNode::Kind::number, std::to_string(value))); }
    bool number_unsigned(number_unsigned_t value) override { return add(scalar(JsonNode::Kind::number, std::to_string(value))); }
    bool number_float(number_float_t, const string_t& written) override { return add(scalar(JsonNode::Kind::number, written)); }
    bool string(string_t& value) override {
        JsonNode node = scalar(JsonNode::Kind::string, std::move(value));
        next_string(node.start, node.end);
        return add(std::move(node));
    }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(JsonNode::Kind::object); }
    bool key(string_t& value) override {
        std::uint64_t start = 0, end = 0;
        next_string(start, end);
        stack_.back()->members.push_back(JsonMember{std::move(value), JsonNode{}});
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(JsonNode::Kind::array); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& error) override {
        error_offset_ = position > 0 ? position - 1 : 0;
        error_message_ = error.what();
        if (auto at = error_message_.find("syntax error"); at != std::string::npos) error_message_.erase(0, at);
        return false;
    }

    JsonNode take() { return std::move(root_); }
    [[nodiscard]] const std::string& error_message() const { return error_message_; }
    [[nodiscard]] std::size_t error_offset() const { return error_offset_; }

private:
    static JsonNode scalar(JsonNode::Kind kind, std::string text) {
        JsonNode node;
        node.kind = kind;
        node.scalar = std::move(text);
        return node;
    }

    // Where the node goes: the root, the next item of an array, or the value of the object's last key.
    JsonNode* slot() {
        if (stack_.empty()) return &root_;
        JsonNode* parent = stack_.back();
        if (parent->kind == JsonNode::Kind::array) return &parent->items.emplace_back();
        return &parent->members.back().value;
    }
    bool add(JsonNode node) {
        *slot() = std::move(node);
        return true;
    }
    bool open(JsonNode::Kind kind) {
        if (stack_.size() >= kMaxDepth) {
            error_offset_ = opening_past_depth();
            error_message_ = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
            return false;
        }
        JsonNode* node = slot();
        node->kind = kind;
        stack_.push_back(node);
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    // Where the bracket that opens one level too many stands (the lexer does not say where it is).
    std::size_t opening_past_depth() const {
        std::size_t depth = 0;
        for (std::size_t i = start_; i < text_.size(); ++i) {
            char c = text_[i];
            if (c == '"') {
                for (++i; i < text_.size() && text_[i] != '"'; ++i) i += text_[i] == '\\';
            } else if (c == '[' || c == '{') {
                if (++depth > kMaxDepth) return i - start_;
            } else if (c == ']' || c == '}') {
                --depth;
            }
        }
        return position_ - start_;
    }

    // The next string token of the raw text: a quote outside strings opens one in valid JSON.
    void next_string(std::uint64_t& start, std::uint64_t& end) {
        std::size_t open = text_.find('"', position_);
        if (open == std::string_view::npos) open = text_.size();
        std::size_t i = open + 1;
        while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? 2 : 1;
        start = std::min(open + 1, text_.size());
        end = std::min(i, text_.size());
        position_ = std::min(i + 1, text_.size());
    }

    std::string_view text_;
    std::size_t start_ = 0;     // where the value begins: error offsets count from here, as nlohmann's do
    std::size_t position_ = 0;
    JsonNode root_;
    std::vector<JsonNode*> stack_;
    std::string error_message_ = "not valid JSON";
    std::size_t error_offset_ = 0;
};

unsigned hex_value(std::string_view digits) {
    unsigned value = 0;
    for (char c : digits) {
        value <<= 4;
        if (c >= '0' && c <= '9') value |= static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') value |= static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') value |= static_cast<unsigned>(c - 'A' + 10);
    }
    return value;
}

std::string utf8_of(unsigned code) {
    std::string out;
    if (code < 0x80) out.push_back(static_cast<char>(code));
    else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return out;
}

// One escape at raw[i] (a backslash): its decoded bytes and its length in the raw text.
std::pair<std::string, std::size_t> decode_escape(std::string_view raw, std::size_t i) {
    if (i + 1 >= raw.size()) return {"", raw.size() - i};
    switch (raw[i + 1]) {
        case 'n': return {"\n", 2};
        case 't': return {"\t", 2};
        case 'r': return {"\r", 2};
        case 'b': return {"\b", 2};
        case 'f': return {"\f", 2};
        case 'u': break;
        default: return {std::string(1, raw[i + 1]), 2};
    }
    if (i + 6 > raw.size()) return {"", raw.size() - i};
    unsigned code = hex_value(raw.substr(i + 2, 4));
    if (code >= 0xD800 && code <= 0xDBFF && i + 12 <= raw.size() && raw.substr(i + 6, 2) == "\\u") {
        unsigned low = hex_value(raw.substr(i + 8, 4));
        if (low >= 0xDC00 && low <= 0xDFFF) return {utf8_of(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), 12};
    }
    if (code >= 0xD800 && code <= 0xDFFF) return {"\xEF\xBF\xBD", 6};  // nlohmann refuses these; never half a pair
    return {utf8_of(code), 6};
}

}  // namespace

std::string normalized_key(std::string_view key) {
    std::string out;
    for (char c : key)
        if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
}

Result<JsonNode> parse_json_tree(const SourceText& source, std::size_t from, std::size_t to) {
    from = std::max(from, std::min(source.bom_bytes, source.text.size()));
    std::string_view text = std::string_view(source.text).substr(0, to).substr(std::min(from, source.text.size()));
    TreeBuilder builder(source.text, from);
    bool ok = nlohmann::json::sax_parse(text, &builder, nlohmann::json::input_format_t::json, true, false);
    if (!ok) {
        std::uint64_t offset = std::min<std::uint64_t>(from + builder.error_offset(), source.text.size());
        return Error{source.path, offset, std::nullopt, "not valid JSON: " + builder.error_message()};
    }
    return builder.take();
}

std::optional<JsonNode> parse_json_lines(const SourceText& source) {
    JsonNode rows;
    rows.kind = JsonNode::Kind::array;
    std::string_view text(source.text);
    for (std::size_t line = std::min(source.bom_bytes, text.size()); line < text.size();) {
        std::size_t end = std::min(text.find('\n', line), text.size());
        std::string_view content = trim_view(text.substr(line, end - line));
        if (!content.empty()) {
            if (content.front() != '{' && content.front() != '[') return std::nullopt;
            auto value = parse_json_tree(source, line, end);
            if (!value) return std::nullopt;
            rows.items.push_back(std::move(value.value()));
        }
        line = end + 1;
    }
    if (rows.items.size() < 2) return std::nullopt;
    return rows;
}

MappedText mapped_string(const JsonNode& node, std::string_view source_text) {
    MappedText out;
    std::string_view raw = source_text.substr(node.start, node.end - node.start);
    std::size_t plain = 0;  // start of the run of bytes copied as they are
    auto flush = [&](std::size_t to) {
        for (std::size_t k = plain; k < to; ++k) out.append(raw.substr(k, 1), node.start + k);
    };
    for (std::size_t i = 0; i < raw.size();) {
        if (raw[i] != '\\') {
            ++i;
            continue;
        }
        flush(i);
        auto [bytes, length] = decode_escape(raw, i);
        out.append(bytes, node.start + i);
        i += length;
        plain = i;
    }
    flush(raw.size());
    out.finish(node.end);
    return out;
}

}  // namespace presser::ingest
