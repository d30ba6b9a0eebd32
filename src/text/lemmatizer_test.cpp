#include "text/lemmatizer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "text/analyzer.h"

namespace presser::text {
namespace {

bool have_dictionaries() {
    return std::filesystem::exists("/usr/share/hunspell/en_US.dic") &&
           std::filesystem::exists("/usr/share/hunspell/es_ES.dic");
}

TEST(LemmaSpotChecks, English) {
    if (!have_dictionaries()) GTEST_SKIP() << "hunspell dictionaries not installed";
    Analyzer analyzer;
    EXPECT_EQ(analyzer.lemma("sanctions", "en"), "sanction");
    EXPECT_EQ(analyzer.lemma("was", "en"), "be");
    EXPECT_EQ(analyzer.lemma("is", "en"), "be");
    EXPECT_EQ(analyzer.lemma("has", "en"), "have");
    EXPECT_EQ(analyzer.lemma("went", "en"), "go");
    EXPECT_EQ(analyzer.lemma("children", "en"), "child");
    EXPECT_EQ(analyzer.lemma("better", "en"), "good");
    EXPECT_EQ(analyzer.lemma("meetings", "en"), "meeting");
    EXPECT_EQ(analyzer.lemma("news", "en"), "news");
    EXPECT_EQ(analyzer.lemma("policies", "en"), "policy");
    EXPECT_EQ(analyzer.lemma("going", "en"), "go");
    EXPECT_EQ(analyzer.lemma("xqzt", "en"), "xqzt");
    EXPECT_EQ(analyzer.lemma("2021", "en"), "2021");
    EXPECT_EQ(analyzer.lemma("", "en"), "");
}

TEST(LemmaSpotChecks, Spanish) {
    if (!have_dictionaries()) GTEST_SKIP() << "hunspell dictionaries not installed";
    Analyzer analyzer;
    EXPECT_EQ(analyzer.lemma("dijo", "es"), "decir");
    EXPECT_EQ(analyzer.lemma("estamos", "es"), "estar");
    EXPECT_EQ(analyzer.lemma("fue", "es"), "ser");
    EXPECT_EQ(analyzer.lemma("reformas", "es"), "reforma");
    EXPECT_EQ(analyzer.lemma("reforma", "es"), "reforma");
    EXPECT_EQ(analyzer.lemma("países", "es"), "país");
    EXPECT_EQ(analyzer.lemma("leyes", "es"), "ley");
    EXPECT_EQ(analyzer.lemma("gobierno", "es"), "gobierno");
    EXPECT_EQ(analyzer.lemma("queremos", "es"), "querer");
    EXPECT_EQ(analyzer.lemma("nos", "es"), "nos");
}

TEST(LemmaSpotChecks, OtherLanguagesKeepTheWord) {
    Analyzer analyzer;
    EXPECT_EQ(analyzer.lemma("记者会", "zh"), "记者会");
    EXPECT_EQ(analyzer.lemma("meclisi", "tr"), "meclisi");
    EXPECT_EQ(analyzer.lemma("running", ""), "running");
}

TEST(LemmaSpotChecks, OddInputDoesNotCrash) {
    Analyzer analyzer;
    for (const char* language : {"en", "es"}) {
        (void)analyzer.lemma(std::string("\xFF\xC3", 2), language);
        (void)analyzer.lemma(std::string("a\0b", 3), language);
        (void)analyzer.lemma("\xCC\x81", language);
        (void)analyzer.lemma(std::string(500, 'a'), language);
        (void)analyzer.lemma("👍", language);
    }
}

}  // namespace
}  // namespace presser::text
