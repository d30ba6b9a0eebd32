#include "query/cql_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace presser::query::cql {
namespace {

Query parse_ok(const std::string& text, const CqlOptions& options = {}) {
    Result<Query> result = parse_cql(text, options);
    EXPECT_TRUE(result.ok()) << text << " -> " << (result.ok() ? "" : result.error().describe());
    return result.ok() ? result.value() : Query{};
}

std::string parse_error(const std::string& text) {
    Result<Query> result = parse_cql(text);
    EXPECT_FALSE(result.ok()) << text << " parsed as " << (result.ok() ? to_string(result.value()) : "");
    return result.ok() ? "" : result.error().message;
}

// Each query parses, prints canonically, and the canonical text parses to the same AST and prints the same.
TEST(CqlParser, EveryConstructRoundTrips) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"([word="sanctions"])", R"([word="sanctions"])"},
        {R"("sanctions")", R"([word="sanctions"])"},
        {R"('sanctions')", R"([word="sanctions"])"},
        {R"([lower!="the"])", R"([lower!="the"])"},
        {R"([lemma = "tariff"%c])", R"([lemma="tariff"%c])"},
        {R"([word="Qin" %d])", R"([word="Qin"%d])"},
        {R"([word="x"%dc])", R"([word="x"%cd])"},
        {R"([])", R"([])"},
        {R"([ ])", R"([])"},
        {R"([lower="a" & lemma="b" | word="c"])", R"([(lower="a" & lemma="b") | word="c"])"},
        {R"([lower="a" & (lemma="b" | word="c")])", R"([lower="a" & (lemma="b" | word="c")])"},
        {R"([!lower="a"])", R"([!lower="a"])"},
        {R"([!(lower="a" | lower="b")])", R"([!(lower="a" | lower="b")])"},
        {R"([lower="sanctions" & _.turn_kind="answer"])", R"([lower="sanctions" & _.turn_kind="answer"])"},
        {R"([_.exchange_asker_affiliation="Reuters" & _.event_date="2023.*"])",
         R"([_.exchange_asker_affiliation="Reuters" & _.event_date="2023.*"])"},
        {R"([_.turn_speaker!="Qin Gang"])", R"([_.turn_speaker!="Qin Gang"])"},
        {R"([word="\""])", R"([word="\""])"},
        {R"([word='it\'s'])", R"([word="it's"])"},
        // Negated, so that the strings stay one value (a literal of several tokens is cut: literal_tokens.h).
        {R"([word!="a\.b\\"])", R"([word!="a\.b\\"])"},
        {R"([word!='say "no"'])", R"([word!="say \"no\""])"},
        {R"("invisible" "hand")", R"([word="invisible"] [word="hand"])"},
        {R"([lower="invisible"] [lower="hand"])", R"([lower="invisible"] [lower="hand"])"},
        {R"("a" | "b" "c")", R"([word="a"] | [word="b"] [word="c"])"},
        {R"(("a" | "b") "c")", R"(([word="a"] | [word="b"]) [word="c"])"},
        {R"("a"? "b"* "c"+)", R"([word="a"]? [word="b"]* [word="c"]+)"},
        {R"([]{3} []{2,5} []{2,} []{,4} []{0,1} []{0,})", R"([]{3} []{2,5} []{2,} []{0,4} []? []*)"},
        {R"("a" []{0,3} "b")", R"([word="a"] []{0,3} [word="b"])"},
        {R"(("a" "b"){2})", R"(([word="a"] [word="b"]){2})"},
        {R"((("a")))", R"((([word="a"])))"},
        {R"([lower="sanctions"] within s)", R"([lower="sanctions"] within s)"},
        {R"("x" within p within turn within exchange within event)",
         R"([word="x"] within p within turn within exchange within event)"},
        {R"("x" !within turn)", R"([word="x"] !within turn)"},
        {R"("x" not within turn)", R"([word="x"] !within turn)"},
        {R"("x" within <turn/>)", R"([word="x"] within turn)"},
        {R"([lower="sanctions"] within <turn role="official" speaker="Qin Gang"/>)",
         R"([lower="sanctions"] within <turn role="official" speaker="Qin Gang"/>)"},
        {R"("x" within <turn role!="journalist"%c/>)", R"([word="x"] within <turn role!="journalist"%c/>)"},
        {R"(<turn/> containing [lemma="tariff"])", R"(<turn/> containing [lemma="tariff"])"},
        {R"(<turn kind="question"/> containing [lemma="tariff"])",
         R"(<turn kind="question"/> containing [lemma="tariff"])"},
        {R"(<turn/> !containing "x")", R"(<turn/> !containing [word="x"])"},
        {R"(<turn/> not containing "x" | "y")", R"(<turn/> !containing [word="x"] | [word="y"])"},
        {R"(<turn/> containing "x" within <event date="2023.*"/>)",
         R"(<turn/> containing [word="x"] within <event date="2023.*"/>)"},
        {R"(<event date="2023.*"/>)", R"(<event date="2023.*"/>)"},
        {R"(<s/>)", R"(<s/>)"},
        {R"(<s> [] </s>)", R"(<s> [] </s>)"},
        {R"(<turn kind="answer"> "Thank" "you")", R"(<turn kind="answer"> [word="Thank"] [word="you"])"},
        {R"("end" "." </p>)", R"([word="end"] [word="."] </p>)"},
        {R"(a:[] "and" b:[] :: a.lemma = b.lemma)", R"(a:[] [word="and"] b:[] :: a.lemma = b.lemma)"},
        {R"(a:[] b:[] :: a.lemma != b.lemma & a.lower = "x.*")",
         R"(a:[] b:[] :: a.lemma != b.lemma & a.lower = "x.*")"},
        {R"(a:"x" b:[]* c:[] :: a.turn_speaker = c.turn_speaker within turn)",
         R"(a:[word="x"] b:[]* c:[] :: a.turn_speaker = c.turn_speaker within turn)"},
        {R"(a:[] "x" within s :: a.lower = "y"%c)", R"(a:[] [word="x"] :: a.lower = "y"%c within s)"},
        {"[lower=\"行政\"]\n[lower=\"区\"]", R"([lower="行政"] [lower="区"])"},
        {R"(a:[] "and" b:[] :: a.lemma = b.lemma | b.lemma = "x")", R"(a:[] [word="and"] b:[] :: a.lemma = b.lemma | b.lemma = "x")"},
        {R"((c:"noot")? a:[] :: c -> a.word = "x")", R"((c:[word="noot"])? a:[] :: c -> a.word = "x")"},
        {R"(a:[] b:[] :: !(a.lower = b.lower) & (a.lemma = "x" | b.lemma = "y"))",
         R"(a:[] b:[] :: !(a.lower = b.lower) & (a.lemma = "x" | b.lemma = "y"))"},
        {R"(a:[] b:[] :: (a -> b) -> a & (b | a))", R"(a:[] b:[] :: (a -> b) -> a & (b | a))"},
        {R"(a:[] b:[] :: a & (b & a.lower = "x"))", R"(a:[] b:[] :: a & b & a.lower = "x")"},
        {R"(g:("aap")+ :: g.word = "aap")", R"(g:([word="aap"])+ :: g.word = "aap")"},
        {R"(([]{1,5} containing "brown"))", R"([]{1,5} containing [word="brown"])"},
        {R"(("a" | "b") !containing "c" within s)", R"(([word="a"] | [word="b"]) !containing [word="c"] within s)"},
        {R"("x" within (<s/> containing "y"))", R"([word="x"] within (<s/> containing [word="y"]))"},
        {R"("x" !within ("a" "b" within turn) within event)", R"([word="x"] !within ([word="a"] [word="b"] within turn) within event)"},
        {R"((([]{1,3} containing "peace")))", R"([]{1,3} containing [word="peace"])"},
        {R"(( ( ( "a" "b" within s ) ) ))", R"([word="a"] [word="b"] within s)"},
        {R"(((<s/> containing "peace")))", R"(<s/> containing [word="peace"])"},
        {R"(((<s/>)))", R"(<s/>)"},
        {R"((<turn kind="answer"/>) within <event date="2023.*"/>)", R"(<turn kind="answer"/> within <event date="2023.*"/>)"},
        {R"(((("a") containing "b")) within s)", R"(([word="a"]) containing [word="b"] within s)"},
        {R"("x" within ((<s/> containing "y")))", R"([word="x"] within (<s/> containing [word="y"]))"},
        {R"("x" !within ((("a" "b" within turn))))", R"([word="x"] !within ([word="a"] [word="b"] within turn))"},
        {R"q(((("a" "\)") containing "b")))q", R"q(([word="a"] [word="\)"]) containing [word="b"])q"},
    };
    for (const auto& [input, canonical] : cases) {
        Query query = parse_ok(input);
        std::string printed = to_string(query);
        EXPECT_EQ(printed, canonical) << input;
        Query again = parse_ok(printed);
        EXPECT_EQ(again, query) << input << " -> " << printed;
        EXPECT_EQ(to_string(again), printed);
    }
}

TEST(CqlParser, BareStringUsesTheDefaultAttribute) {
    CqlOptions options;
    options.default_attribute = "lower";
    Query query = parse_ok(R"("sanctions" [word="X"])", options);
    EXPECT_EQ(to_string(query), R"([lower="sanctions"] [word="X"])");
    options.default_attribute = "lemma";
    EXPECT_EQ(to_string(parse_ok(R"('tariff')", options)), R"([lemma="tariff"])");
}

TEST(CqlParser, BuildsTheExpectedTree) {
    Query query = parse_ok(R"(a:[lower="x"%c]{2,3} (<s> | "y") :: a.lemma = "z" within <turn kind="answer"/>)");
    ASSERT_EQ(query.kind, Query::Kind::pattern);
    ASSERT_EQ(query.alternatives.size(), 1u);
    const Sequence& sequence = query.alternatives[0];
    ASSERT_EQ(sequence.size(), 2u);
    EXPECT_EQ(sequence[0].kind, Element::Kind::token);
    EXPECT_EQ(sequence[0].label, "a");
    EXPECT_EQ(sequence[0].min, 2u);
    EXPECT_EQ(sequence[0].max, 3u);
    ASSERT_TRUE(sequence[0].condition.has_value());
    EXPECT_EQ(sequence[0].condition->test.attribute, (Attribute{"", "lower"}));
    EXPECT_TRUE(sequence[0].condition->test.pattern.ignore_case);
    EXPECT_EQ(sequence[1].kind, Element::Kind::group);
    ASSERT_EQ(sequence[1].alternatives.size(), 2u);
    EXPECT_EQ(sequence[1].alternatives[0][0].kind, Element::Kind::region_start);
    ASSERT_EQ(query.constraints.size(), 1u);
    EXPECT_EQ(query.constraints[0].left.label, "a");
    EXPECT_FALSE(query.constraints[0].right_label.has_value());
    ASSERT_EQ(query.within.size(), 1u);
    EXPECT_EQ(query.within[0].region.structure, "turn");
    ASSERT_EQ(query.within[0].region.tests.size(), 1u);
    EXPECT_EQ(query.within[0].region.tests[0].attribute.name, "kind");
    EXPECT_EQ(sequence[0].max, 3u);
    EXPECT_EQ(parse_ok("[]*").alternatives[0][0].max, kUnbounded);
}

TEST(CqlParser, ErrorsNameTheColumnAndWhatWasExpected) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "column 1: the query is empty"},
        {"   ", "column 4: the query is empty"},
        {R"([word="sanctions")", "column 18: expected ']' to close the token condition opened at column 1"},
        {R"([lower="a" lemma="b"])", "column 12: expected ']' to close the token condition"},
        {R"([wrd="x"])", "column 2: unknown token attribute 'wrd'"},
        {R"([word "x"])", "column 7: expected '=' or '!='"},
        {R"([word=x])", "column 7: expected a quoted regex"},
        {R"([word="abc)", "column 7: unterminated string: expected the closing \""},
        {R"('abc)", "column 1: unterminated string: expected the closing '"},
        {R"([word="a("])", "column 7: invalid regular expression \"a(\""},
        {R"([word="a"%x])", "column 11: unknown flag 'x'"},
        {R"([word="a"%])", "column 11: expected the flags c or d"},
        {R"([_.turn_colour="x"])", "column 4: unknown region attribute 'turn_colour'"},
        {R"([(word="a"])", "column 11: expected ')' to close the parenthesis opened at column 2"},
        {R"([word="a" &])", "column 12: expected an attribute"},
        {R"(("a" "b")", "column 9: expected ')' to close the group opened at column 1"},
        {R"("a" ))", "column 5: unbalanced ')'"},
        {R"(())", "column 2: expected a token condition"},
        {R"("a" | )", "column 7: expected a token condition"},
        {R"("a"{3,2})", "column 4: the repetition {3,2} has its maximum below its minimum"},
        {R"("a"{x})", "column 5: expected a number in the repetition"},
        {R"("a"{2)", "column 6: expected '}' to close the repetition opened at column 4"},
        {R"("a"{20000})", "column 5: repetition count larger than 10000"},
        {R"("a"*+)", "column 5: a second quantifier needs a group"},
        {R"("a" within)", "column 11: expected a structure after within"},
        {R"("a" within sentence)", "column 12: unknown structure 'sentence': expected s, p, turn, exchange, event or a region"},
        {R"("a" within <turn role="x">)", "column 26: expected '/>' to close the region <turn .../> after within"},
        {R"(<turn colour="red"/>)", "column 7: unknown attribute 'colour' of <turn>: expected speaker, role, kind or affiliation"},
        {R"(<s id="1"/>)", "column 4: unknown attribute 'id' of <s>: it has no attributes"},
        {R"(<turn/> "x")", "column 9: expected containing, within or the end of the query after the region <turn/>"},
        {R"("x" containing "y" containing "z")", "column 20: containing comes once"},
        {R"(a:[] b:[] :: a.lower = b.lower |)", "column 33: expected a constraint"},
        {R"(a:[] b:[] :: (a.lower = b.lower)", "column 32: expected ')' to close the constraint opened at column 14"},
        {R"(a:[] "x" containing b:"y" :: a.lower = b.lower)", "column 40: the constraint refers to the label 'b', which is inside a containing sub-pattern"},
        {R"("x" within ("y")", "column 16: expected ')' to close the query opened at column 12"},
        {R"((([]{1,3} containing "peace"))", "column 30: expected ')' to close the query opened at column 1"},
        {R"(((<s/> containing "x") "y"))", "column 3: a region <s/> matches whole regions and stands alone"},
        {R"("a" <turn/> "b")", "column 5: a region <turn/> matches whole regions and stands alone"},
        {R"(<s>* "a")", "column 4: the anchor at column 1 matches no token and cannot be quantified"},
        {R"(</s "a")", "column 5: expected '>' to close </s>"},
        {R"(a:[] b:[] :: a.lemma = c.lemma)", "column 24: the constraint refers to the label 'c'"},
        {R"(a:[] a:[])", "column 6: label 'a' is already defined at column 1"},
        {R"(a:[] :: a.colour = "x")", "column 11: unknown attribute 'colour'"},
        {R"(a:[] :: a.lemma ~ "x")", "column 17: expected '=' or '!=' in the constraint"},
        {R"(a:[] :: a = "x")", "column 10: expected '.' and an attribute after the label 'a'"},
        {R"(a: within s)", "column 4: expected a token condition [...], a \"word\" or a group ( ... ) after the label 'a:'"},
        {R"("a" "b" ])", "column 9: expected a token condition [...], a \"word\", a group ( ... ) or an anchor <s> but found ']'"},
        {R"(<turn/> containing "a" :: a.lemma = "x")", "column 24: global constraints (::) need labelled tokens"},
        {"\"中国\" [wrd=\"x\"]", "column 7: unknown token attribute 'wrd'"},
    };
    for (const auto& [input, fragment] : cases) {
        std::string message = parse_error(input);
        EXPECT_NE(message.find(fragment), std::string::npos) << input << "\n  got: " << message << "\n  want: " << fragment;
    }
}

TEST(CqlParser, ErrorCarriesByteOffsetAndLine) {
    Result<Query> result = parse_cql("\"a\"\n  [wrd=\"x\"]");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().offset, 7u);
    EXPECT_EQ(result.error().line, 2u);
    EXPECT_EQ(result.error().message.rfind("column 4: ", 0), 0u) << result.error().message;
}

TEST(CqlParser, DepthBombIsAnErrorNotACrash) {
    for (const std::string& opener : {std::string("("), std::string("[("), std::string("[!")}) {
        std::string bomb = opener.size() == 1 ? std::string(10000, '(') : "[" + std::string(10000, opener[1]);
        Result<Query> result = parse_cql(bomb);
        ASSERT_FALSE(result.ok());
        EXPECT_NE(result.error().message.find("nesting deeper than 100 levels"), std::string::npos)
            << result.error().message;
    }
    Result<Query> groups = parse_cql(std::string(10000, '('));
    ASSERT_FALSE(groups.ok());
    EXPECT_EQ(groups.error().message.rfind("column 101: ", 0), 0u) << groups.error().message;
    std::string deep_but_fine = std::string(50, '(') + "\"a\"" + std::string(50, ')');
    EXPECT_TRUE(parse_cql(deep_but_fine).ok());
}

TEST(CqlParser, DepthLimitIsCappedWhateverTheOptions) {
    CqlOptions options;
    options.max_depth = 1u << 30;
    Result<Query> result = parse_cql(std::string(100000, '('), options);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("nesting deeper than 1000 levels"), std::string::npos) << result.error().message;
    options.max_depth = 3;
    EXPECT_TRUE(parse_cql("((( \"a\" )))", options).ok());
    EXPECT_FALSE(parse_cql("(((( \"a\" ))))", options).ok());
}

TEST(CqlParser, LongFlatQueriesParse) {
    std::string query;
    for (int i = 0; i < 5000; ++i) query += "[] ";
    CqlOptions options;
    options.max_tokens = 5000;
    Result<Query> result = parse_cql(query, options);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->alternatives[0].size(), 5000u);
}

TEST(CqlParser, AQueryOfMoreTokenConditionsThanTheBoundIsRefused) {
    auto query_of = [](int n, const std::string& item) {
        std::string query;
        for (int i = 0; i < n; ++i) query += item + " ";
        return query;
    };
    EXPECT_TRUE(parse_cql(query_of(1000, "[]")).ok());
    auto refused = parse_cql(query_of(1001, "[]"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "column 1: the query has 1001 token conditions, more than the 1000 a query may have: shorten it");
    // Counted everywhere a token condition can stand, and per token of a string of several.
    EXPECT_FALSE(parse_cql("(" + query_of(600, "[]") + "| " + query_of(401, "\"a\"") + ")").ok());
    EXPECT_FALSE(parse_cql("\"" + query_of(1001, "w") + "\"").ok());
    EXPECT_FALSE(parse_cql(query_of(500, "[]") + "within (" + query_of(501, "[]") + ")").ok());
    EXPECT_FALSE(parse_cql("<turn/> containing " + query_of(1001, "[]")).ok());
}

TEST(CqlParser, UnknownDefaultAttributeIsAnError) {
    CqlOptions options;
    options.default_attribute = "pos";
    Result<Query> result = parse_cql("\"x\"", options);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("default attribute 'pos'"), std::string::npos);
}

}  // namespace
}  // namespace presser::query::cql
