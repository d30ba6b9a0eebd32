#include "server/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include <nlohmann/json.hpp>

namespace presser::server {
namespace {

using Json = nlohmann::ordered_json;

std::string dumped(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string written_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

TEST(JsonWriter, WritesWhatNlohmannDumpsForTheSameValue) {
    std::string out;
    JsonWriter w(out);
    w.begin_object()
        .field("q", "sanctions \"now\"")
        .field("total", std::uint64_t{18446744073709551615u})
        .field("neg", std::int64_t{-42})
        .field("small", 7)
        .field("flag", false)
        .key("none")
        .null()
        .key("hits")
        .begin_array();
    w.begin_object().field("score", 6.25).key("parts").begin_array().end_array().end_object();
    w.begin_object().key("empty").begin_object().end_object().end_object();
    w.value("bare").value(true);
    w.end_array().end_object();
    const Json expected = {{"q", "sanctions \"now\""},
                           {"total", std::uint64_t{18446744073709551615u}},
                           {"neg", -42},
                           {"small", 7},
                           {"flag", false},
                           {"none", nullptr},
                           {"hits", Json::array({Json{{"score", 6.25}, {"parts", Json::array()}}, Json{{"empty", Json::object()}}, "bare", true})}};
    EXPECT_EQ(out, dumped(expected));
}

TEST(JsonWriter, EscapesLikeNlohmannOnEveryByteOfValidText) {
    std::string every;
    for (int c = 0; c < 0x80; ++c) every += static_cast<char>(c);
    every += "é—’汪文斌：𝄞\xF4\x8F\xBF\xBF";  // two- to four-byte sequences, the last code point
    EXPECT_EQ(written_string(every), dumped(Json(every)));
    EXPECT_EQ(written_string(""), "\"\"");
}

TEST(JsonWriter, RandomValidTextIsWrittenAsNlohmannWritesIt) {
    std::mt19937 random(20261129);
    const std::vector<std::string> pieces = {"a", " ", "\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f", "/", "é", "—", "汪", "𝄞", "Qin Gang: "};
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const auto length = random() % 24;
        for (std::uint32_t i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
        ASSERT_EQ(written_string(text), dumped(Json(text))) << "round " << round;
    }
}

// One U+FFFD per maximal invalid subpart (Unicode 15, section 3.9), the valid text around it kept.
TEST(JsonWriter, ReplacesInvalidUtf8ByMaximalSubpart) {
    const std::string r = "\xEF\xBF\xBD";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a\x80z", "a" + r + "z"},                       // a lone continuation byte
        {"a\xC0\xAFz", "a" + r + r + "z"},               // C0 is never a lead: two subparts
        {"a\xE2\x82z", "a" + r + "z"},                   // a truncated three-byte sequence: one subpart
        {"a\xED\xA0\x80z", "a" + r + r + r + "z"},       // a surrogate: ED takes only 80..9F next
        {"a\xF0\x9F\x98", "a" + r},                      // truncated at the end of the text
        {"a\xF4\x90\x80\x80z", "a" + r + r + r + r + "z"},  // above U+10FFFF
        {"\xFF\xFE", r + r},
        {"\xE0\x80\x80", r + r + r},                     // overlong: E0 takes only A0..BF next
        {"é\xC3", "é" + r},
    };
    for (const auto& [input, expected] : cases) {
        EXPECT_EQ(written_string(input), "\"" + expected + "\"") << Json(input).dump(-1, ' ', true, Json::error_handler_t::replace);
        EXPECT_TRUE(Json::accept(written_string(input)));
    }
}

TEST(JsonWriter, RandomBytesAlwaysGiveJsonThatReadsBackToTheValidParts) {
    std::mt19937 random(7);
    for (int round = 0; round < 5000; ++round) {
        std::string bytes(random() % 16, '\0');
        for (auto& b : bytes) b = static_cast<char>(random() % 256);
        const auto written = written_string(bytes);
        Json back;
        ASSERT_NO_THROW(back = Json::parse(written)) << written;
        const auto text = back.get<std::string>();
        // Replacing never lengthens a subpart beyond its U+FFFD and never drops a valid byte: every ASCII
        // byte of the input comes back, in order.
        std::string ascii_in, ascii_out;
        for (const char c : bytes) if (static_cast<unsigned char>(c) < 0x80) ascii_in += c;
        for (const char c : text) if (static_cast<unsigned char>(c) < 0x80) ascii_out += c;
        ASSERT_EQ(ascii_in, ascii_out) << written;
    }
}

TEST(JsonWriter, DoublesReadBackExactlyAndStayDoubles) {
    std::mt19937_64 random(11);
    std::vector<double> values = {0.0, -0.0, 1.0, 2.5, 1e-7, 0.0001, 123456789012345678.0, 1e300, -3.75, 6.3979384818732505};
    for (int i = 0; i < 2000; ++i) {
        double d;
        const auto bits = random();
        std::memcpy(&d, &bits, sizeof d);
        if (std::isfinite(d)) values.push_back(d);
    }
    for (const double d : values) {
        std::string out;
        JsonWriter(out).value(d);
        const auto back = Json::parse(out);
        ASSERT_TRUE(back.is_number_float()) << out;
        ASSERT_EQ(back.get<double>(), d) << out;
        ASSERT_EQ(std::signbit(back.get<double>()), std::signbit(d)) << out;
    }
    for (const double d : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
        std::string out;
        JsonWriter(out).value(d);
        EXPECT_EQ(out, "null");
    }
}

}  // namespace
}  // namespace presser::server
