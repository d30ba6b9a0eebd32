#include "model/terminal_text.h"

#include <gtest/gtest.h>

namespace presser {
namespace {

TEST(TerminalSafe, ControlCharactersAreEscaped) {
    EXPECT_EQ(terminal_safe("plain name.txt"), "plain name.txt");
    EXPECT_EQ(terminal_safe("a\nb\tc\rd"), "a\\nb\\tc\\rd");
    EXPECT_EQ(terminal_safe("\x1b[2J\x1b]0;title\x07"), "\\x1b[2J\\x1b]0;title\\x07");
    EXPECT_EQ(terminal_safe(std::string_view("nul\0end", 7)), "nul\\x00end");
    EXPECT_EQ(terminal_safe("del\x7f"), "del\\x7f");
    EXPECT_EQ(terminal_safe("\x01\x1f"), "\\x01\\x1f");
    // C1 controls as UTF-8 (U+0085 NEL, U+009B CSI) and as raw bytes.
    EXPECT_EQ(terminal_safe("x\xc2\x85y\xc2\x9b"), "x\\u0085y\\u009b");
    EXPECT_EQ(terminal_safe("raw\x9b" "31m"), "raw\\x9b31m");
}

TEST(TerminalSafe, PrintableUnicodeIsKept) {
    for (const char* text : {"Qin Gang", "López Obrador", "秦刚", "Ελλάδα", "emoji 🙂", "back\\slash", "\xc2\xa0nbsp"})
        EXPECT_EQ(terminal_safe(text), text) << text;
}

TEST(TerminalSafe, MalformedUtf8IsEscapedByteByByte) {
    EXPECT_EQ(terminal_safe("\xff\xfe"), "\\xff\\xfe");
    EXPECT_EQ(terminal_safe("cut \xe4\xb8"), "cut \\xe4\\xb8");       // truncated sequence
    EXPECT_EQ(terminal_safe("\xc0\xaf"), "\\xc0\\xaf");               // overlong
    EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xed\\xa0\\x80");      // surrogate
    EXPECT_EQ(terminal_safe("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
}

}  // namespace
}  // namespace presser
