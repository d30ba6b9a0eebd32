#include "text/case_folding.h"

#include <gtest/gtest.h>

#include "text/analyzer.h"

namespace presser::text {
namespace {

TEST(TextLower, AsciiAndUnicode) {
    Analyzer analyzer;
    EXPECT_EQ(analyzer.lower("The"), "the");
    EXPECT_EQ(analyzer.lower("U.S."), "u.s.");
    EXPECT_EQ(analyzer.lower("Straße"), "strasse");
    EXPECT_EQ(analyzer.lower("ＡＢＣ"), "abc");
    EXPECT_EQ(analyzer.lower("MÉXICO"), "méxico");
    EXPECT_EQ(analyzer.lower("İstanbul"), "i̇stanbul");  // full folding keeps the dot as U+0307
    EXPECT_EQ(analyzer.lower("ΣΟΦΊΑ"), "σοφία");
    EXPECT_EQ(analyzer.lower("ﬁnance"), "finance");
    EXPECT_EQ(analyzer.lower("２０２１"), "2021");
    EXPECT_EQ(analyzer.lower(""), "");
    // Cached answers are the same as fresh ones.
    EXPECT_EQ(analyzer.lower("Straße"), "strasse");
}

TEST(TextLower, AsciiShortcutEqualsIcu) {
    std::string all;
    for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
    std::string via_icu = nfkc_casefold(all + "\xC3\xA9");  // forces the ICU path
    EXPECT_EQ(via_icu.substr(0, via_icu.size() - 2), nfkc_casefold(all));
}

TEST(TextLower, InvalidInputDoesNotCrash) {
    Analyzer analyzer;
    (void)analyzer.lower(std::string("\xFF\xC3", 2));
    (void)analyzer.lower(std::string("a\0b", 3));
    (void)analyzer.lower("\xCC\x81");
}

}  // namespace
}  // namespace presser::text
