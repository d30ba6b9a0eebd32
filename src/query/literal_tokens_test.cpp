#include "query/literal_tokens.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "query/cql_parser.h"

namespace presser::query::cql {
namespace {

std::string canonical(const std::string& text) {
    auto parsed = parse_cql(text);
    EXPECT_TRUE(parsed.ok()) << text << " -> " << (parsed.ok() ? "" : parsed.error().describe());
    return parsed.ok() ? to_string(parsed.value()) : "";
}

TEST(LiteralTokens, LiteralsAreTheTextARegexStandsFor) {
    EXPECT_EQ(literal_of("over-the-horizon"), "over-the-horizon");
    EXPECT_EQ(literal_of(R"(U\.S\.-led)"), "U.S.-led");
    EXPECT_EQ(literal_of("peace talks"), "peace talks");
    EXPECT_EQ(literal_of("中国外交部"), "中国外交部");
    for (const char* regex : {"long-.*", "a|b", "x+", R"(\d+)", R"(\w-\w)", "(a)", "[ab]", "a{2}", "^a", "a$", "a?", R"(a\)"})
        EXPECT_FALSE(literal_of(regex).has_value()) << regex;
}

TEST(LiteralTokens, TheTokenizerCutsCompoundsPhrasesAndClitics) {
    EXPECT_EQ(tokenize_literal("over-the-horizon"), (std::vector<std::string>{"over", "-", "the", "-", "horizon"}));
    EXPECT_EQ(tokenize_literal("peace talks"), (std::vector<std::string>{"peace", "talks"}));
    EXPECT_EQ(tokenize_literal("sanctions"), (std::vector<std::string>{"sanctions"}));
    EXPECT_EQ(tokenize_literal("don't"), (std::vector<std::string>{"don't"}));
    EXPECT_EQ(tokenize_literal("中国外交部"), (std::vector<std::string>{"中国", "外交部"}));
}

// Each multi-token literal becomes the sequence of its tokens, whatever wraps it; anything else is left.
TEST(LiteralTokens, ParsingReadsAMultiTokenLiteralAsItsSequence) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"("over-the-horizon")", R"([word="over"] [word="-"] [word="the"] [word="-"] [word="horizon"])"},
        {R"([lower="Long-Dormant"%c])", R"([lower="Long"%c] [lower="-"%c] [lower="Dormant"%c])"},
        {R"([lemma="peace talk"])", R"([lemma="peace"] [lemma="talk"])"},
        {R"(a:"long-dormant" "talks")", R"(a:([word="long"] [word="-"] [word="dormant"]) [word="talks"])"},
        {R"("long-dormant"+)", R"(([word="long"] [word="-"] [word="dormant"])+)"},
        {R"(("a-b" | "c"))", R"(([word="a"] [word="-"] [word="b"] | [word="c"]))"},
        {R"(<turn/> containing "peace talks")", R"(<turn/> containing [word="peace"] [word="talks"])"},
        {R"("x" within ("long-dormant" []))", R"([word="x"] within ([word="long"] [word="-"] [word="dormant"] []))"},
        {R"([word="U\.S\.-led"])", R"([word="U\.S"] [word="\."] [word="-"] [word="led"])"},
        {R"([word='say "no"'])", R"([word="say"] [word="\""] [word="no"] [word="\""])"},
        // Left as written: a regex, a negation, a boolean condition, a region attribute, one token.
        {R"("long-.*")", R"([word="long-.*"])"},
        {R"([word!="long-dormant"])", R"([word!="long-dormant"])"},
        {R"([word="long-dormant" & lemma="x"])", R"([word="long-dormant" & lemma="x"])"},
        {R"([_.turn_speaker="Qin Gang"])", R"([_.turn_speaker="Qin Gang"])"},
        {R"("sanctions")", R"([word="sanctions"])"},
    };
    for (const auto& [text, expected] : cases) {
        const auto printed = canonical(text);
        EXPECT_EQ(printed, expected) << text;
        EXPECT_EQ(canonical(printed), printed) << "not idempotent: " << text;
    }
}

TEST(LiteralTokens, ALabelledCompoundIsAGroupLabelUsableInConstraints) {
    auto parsed = parse_cql(R"(a:"long-dormant" b:[] :: a.lower != b.lower)");
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    const auto& first = parsed->alternatives.at(0).at(0);
    EXPECT_EQ(first.kind, Element::Kind::group);
    EXPECT_EQ(first.label, "a");
    ASSERT_EQ(first.alternatives.size(), 1u);
    EXPECT_EQ(first.alternatives[0].size(), 3u);
}

}  // namespace
}  // namespace presser::query::cql
