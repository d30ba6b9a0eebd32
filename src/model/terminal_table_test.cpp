#include "model/terminal_table.h"

#include <gtest/gtest.h>

namespace presser {
namespace {

TEST(DisplayWidth, WideCharactersTakeTwoColumns) {
    EXPECT_EQ(display_width(""), 0u);
    EXPECT_EQ(display_width("Qin Gang"), 8u);
    EXPECT_EQ(display_width("López"), 5u);             // one column for a precomposed ó
    EXPECT_EQ(display_width("Lo\xcc\x81pez"), 5u);      // and for o + combining acute
    EXPECT_EQ(display_width("林晓"), 4u);
    EXPECT_EQ(display_width("海港日报记者"), 12u);
    EXPECT_EQ(display_width("ＡＢ"), 4u);               // fullwidth Latin
    EXPECT_EQ(display_width("ｶﾀ"), 2u);                // halfwidth katakana
    EXPECT_EQ(display_width("a\xe2\x80\x8b" "b"), 2u);  // zero width space
    EXPECT_EQ(display_width("\xff"), 1u);               // not UTF-8
}

TEST(FitToWidth, PadsByDisplayWidth) {
    EXPECT_EQ(fit_to_width("ab", 5, Align::left), "ab   ");
    EXPECT_EQ(fit_to_width("ab", 5, Align::right), "   ab");
    EXPECT_EQ(fit_to_width("林晓", 5, Align::left), "林晓 ");
    EXPECT_EQ(fit_to_width("林晓", 5, Align::right), " 林晓");
    EXPECT_EQ(fit_to_width("林晓", 4, Align::left), "林晓");
}

TEST(FitToWidth, CutsAtCharactersAndMarksTheCut) {
    EXPECT_EQ(fit_to_width("abcdef", 4, Align::left), "abc…");
    EXPECT_EQ(fit_to_width("abcdef", 4, Align::left, true), "…def");
    // A wide character that would straddle the limit is left out; a space keeps the width exact.
    EXPECT_EQ(fit_to_width("东港市渔业局", 6, Align::left), "东港… ");
    EXPECT_EQ(fit_to_width("东港市渔业局", 6, Align::left, true), "… 业局");
    EXPECT_EQ(fit_to_width("东港市渔业局", 7, Align::left), "东港市…");
    for (std::size_t width = 1; width < 14; ++width) {
        EXPECT_EQ(display_width(fit_to_width("东港 harbour 渔业局", width, Align::left)), width) << width;
        EXPECT_EQ(display_width(fit_to_width("东港 harbour 渔业局", width, Align::right, true)), width) << width;
    }
    EXPECT_EQ(fit_to_width("abc", 0, Align::left), "");
}

TEST(FormatTable, ColumnsLineUpWithChineseText) {
    const std::string table = format_table({{"name"}, {"turns", Align::right}, {"outlet"}},
                                           {{"Dana Whitlow", "14", "Lakeside Courier"}, {"林晓", "49", ""}, {"海港日报记者", "7", "海港日报"}});
    EXPECT_EQ(table,
              "name          turns  outlet\n"
              "Dana Whitlow     14  Lakeside Courier\n"
              "林晓             49\n"
              "海港日报记者      7  海港日报\n");
}

TEST(FormatTable, HeadingsWiderThanCellsAndShortRows) {
    EXPECT_EQ(format_table({{"event.date:month"}, {"hits", Align::right}}, {{"2024-01", "3"}, {"2024-02"}}),
              "event.date:month  hits\n"
              "2024-01              3\n"
              "2024-02\n");
    EXPECT_EQ(format_table({{"a"}, {"b"}}, {}), "a  b\n");
}

}  // namespace
}  // namespace presser
