// Writes JSON text straight into a string, for the answers where building an nlohmann value tree and then
// dumping it cost more than computing the answer (the first page of a search: about 15% of the server's CPU
// went to creating, serialising and destroying the tree).
//
// Contract: the output is what nlohmann::ordered_json::dump(-1, ' ', false, replace) gives for the same
// value, except that invalid UTF-8 becomes one U+FFFD per maximal invalid subsequence (Unicode's
// recommended practice) and doubles are written in their shortest round-trip form (std::to_chars; ".0" is
// added to whole numbers so that they read back as doubles; NaN and infinities are null, as in nlohmann).
// The caller keeps keys and values in order; the writer only places commas and colons. Misuse (a value
// where a key is expected, an unclosed object) is not detected: the writer is for code, not for input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace presser::server {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint32_t number) { return value(static_cast<std::uint64_t>(number)); }
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(double number);
    JsonWriter& null();

    // key(name).value(v) in one call.
    template <class T>
    JsonWriter& field(std::string_view name, const T& v) {
        return key(name).value(v);
    }

private:
    void separate();  // a comma before every element of a container but the first
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    template <class Integer>
    JsonWriter& integer(Integer number);

    std::string& out_;
    std::vector<bool> first_;  // per open container: nothing written in it yet
    bool after_key_ = false;
};

// Appends `text` as a JSON string literal (quotes, escapes, invalid UTF-8 replaced as above).
void append_json_string(std::string& out, std::string_view text);

}  // namespace presser::server
