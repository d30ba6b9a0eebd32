#include "ingest/text_util.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>

namespace presser::ingest {
namespace {

// What collapse_spaces promises, written the slow way: white space (ASCII, line breaks, U+00A0, U+2000..
// U+200B, U+202F, U+3000, U+FEFF) between words becomes one ASCII space, and none is left at either end.
std::string collapse_spaces_reference(std::string_view text) {
    std::string out;
    bool pending = false;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t space = text[i] == '\n' ? 1 : horizontal_space_length(text, i);
        if (space) {
            pending = !out.empty();
            i += space;
            continue;
        }
        if (pending) out.push_back(' ');
        pending = false;
        out.push_back(text[i++]);
    }
    return out;
}

TEST(CollapseSpaces, KeepsSingleSpacesAndFoldsRunsOfAnyWhiteSpace) {
    EXPECT_EQ(collapse_spaces("  Qin Gang:\xC2\xA0\xC2\xA0 the\tpeople\n\nof  China \xE3\x80\x80"), "Qin Gang: the people of China");
    EXPECT_EQ(collapse_spaces("long prose with single spaces only, eight bytes at a time"),
              "long prose with single spaces only, eight bytes at a time");
    EXPECT_EQ(collapse_spaces("em\xE2\x80\x94" "dash \xC2\xA9 kept"), "em\xE2\x80\x94" "dash \xC2\xA9 kept");
    EXPECT_EQ(collapse_spaces(""), "");
    EXPECT_EQ(collapse_spaces(" \n\t "), "");
}

// The runs that collapse_spaces copies in one go must agree with the character-by-character definition
// wherever spaces, line breaks and multi-byte characters (spaces, and others with the same lead bytes) fall.
TEST(CollapseSpaces, AgreesWithTheDefinitionOnRandomText) {
    const std::array<std::string_view, 17> pieces{
        "a", "word", " ", "  ", "\n", "\t", "\r\n", "\f", "\x01",
        "plain prose, read eight bytes at a time", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\xAF",
        "\xC3\xA9",      // é: lead byte that never begins a space
        "\xE2\x80\x94",  // em dash: same lead byte as U+2000..U+200B
        "\xC2\xA9",      // ©: same lead byte as U+00A0
        "\xEF\xBB\xBF"};
    std::mt19937 random(20261128);
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        std::size_t count = random() % 40;
        for (std::size_t i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
        ASSERT_EQ(collapse_spaces(text), collapse_spaces_reference(text)) << "input: \"" << text << "\"";
    }
}

}  // namespace
}  // namespace presser::ingest
