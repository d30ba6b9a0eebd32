#include "query/reference_evaluator.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "query/cql_parser.h"

namespace presser::query {
namespace {

// Two events, four turns, five sentences, 30 tokens:
//   event e1 (2023-03-07)
//     turn question, Reporter (journalist, Reuters):  0 Will 1 China 2 lift 3 the 4 sanctions 5 on 6 Café 7 ?
//     turn answer, Qin Gang (official, MFA):          8 The 9 sanctions 10 are 11 illegal 12 .
//                                                    13 The 14 invisible 15 hand 16 works 17 .
//   event e2 (2024-01-15)
//     turn question, Smith (journalist, AFP):        18 What 19 about 20 tariffs 21 and 22 sanctions 23 ?
//     turn answer, Wang Wenbin (official, MFA):      24 Tariffs 25 and 26 tariffs 27 hurt 28 everyone 29 .
MemoryCorpus tiny_corpus() {
    MemoryCorpus corpus;
    const std::vector<std::vector<std::string>> tokens = {
        {"Will", "will", "will"},           {"China", "china", "china"},     {"lift", "lift", "lift"},
        {"the", "the", "the"},              {"sanctions", "sanctions", "sanction"}, {"on", "on", "on"},
        {"Café", "café", "café"},           {"?", "?", "?"},                 {"The", "the", "the"},
        {"sanctions", "sanctions", "sanction"}, {"are", "are", "be"},       {"illegal", "illegal", "illegal"},
        {".", ".", "."},                    {"The", "the", "the"},           {"invisible", "invisible", "invisible"},
        {"hand", "hand", "hand"},           {"works", "works", "work"},      {".", ".", "."},
        {"What", "what", "what"},           {"about", "about", "about"},     {"tariffs", "tariffs", "tariff"},
        {"and", "and", "and"},              {"sanctions", "sanctions", "sanction"}, {"?", "?", "?"},
        {"Tariffs", "tariffs", "tariff"},   {"and", "and", "and"},           {"tariffs", "tariffs", "tariff"},
        {"hurt", "hurt", "hurt"},           {"everyone", "everyone", "everyone"}, {".", ".", "."},
    };
    for (const auto& token : tokens) {
        corpus.word.push_back(token[0]);
        corpus.lower.push_back(token[1]);
        corpus.lemma.push_back(token[2]);
    }
    corpus.regions["s"] = {{0, 8, {}}, {8, 13, {}}, {13, 18, {}}, {18, 24, {}}, {24, 30, {}}};
    corpus.regions["p"] = {{0, 8, {}}, {8, 18, {}}, {18, 24, {}}, {24, 30, {}}};
    corpus.regions["turn"] = {
        {0, 8, {{"kind", "question"}, {"speaker", "Reporter"}, {"role", "journalist"}, {"affiliation", "Reuters"}}},
        {8, 18, {{"kind", "answer"}, {"speaker", "Qin Gang"}, {"role", "official"}, {"affiliation", "MFA"}}},
        {18, 24, {{"kind", "question"}, {"speaker", "Smith"}, {"role", "journalist"}, {"affiliation", "AFP"}}},
        {24, 30, {{"kind", "answer"}, {"speaker", "Wang Wenbin"}, {"role", "official"}, {"affiliation", "MFA"}}},
    };
    corpus.regions["exchange"] = {{0, 18, {{"asker_affiliation", "Reuters"}, {"answerer", "Qin Gang"}}},
                                  {18, 30, {{"asker_affiliation", "AFP"}, {"answerer", "Wang Wenbin"}}}};
    corpus.regions["event"] = {
        {0, 18, {{"id", "e1"}, {"date", "2023-03-07"}, {"title", "Regular Press Conference"}, {"language", "en"}}},
        {18, 30, {{"id", "e2"}, {"date", "2024-01-15"}, {"title", "Regular Press Conference"}, {"language", "en"}}},
    };
    return corpus;
}

std::string hits_text(const std::vector<Hit>& hits) {
    std::ostringstream out;
    for (std::size_t i = 0; i < hits.size(); ++i) out << (i ? " " : "") << hits[i].start << "-" << hits[i].end;
    return out.str();
}

std::string run(const std::string& text, ReferenceOptions options = {}) {
    Result<cql::Query> query = cql::parse_cql(text);
    if (!query.ok()) return "parse error: " + query.error().message;
    Result<std::vector<Hit>> hits = evaluate_reference(*query, tiny_corpus(), options);
    if (!hits.ok()) return "evaluation error: " + hits.error().message;
    return hits_text(hits.value());
}

struct Case {
    const char* query;
    const char* hits;  // "start-end" separated by spaces, computed by hand
};

void check(const std::vector<Case>& cases) {
    for (const Case& c : cases) EXPECT_EQ(run(c.query), c.hits) << c.query;
}

TEST(CqlReference, TokenConditions) {
    check({
        {R"([lower="sanctions"])", "4-5 9-10 22-23"},
        {R"("sanctions")", "4-5 9-10 22-23"},
        {R"("Sanctions")", ""},
        {R"("SANCTIONS"%c)", "4-5 9-10 22-23"},
        {R"([lemma="tariff"])", "20-21 24-25 26-27"},
        {R"([lemma="tarif"])", ""},  // full match, not substring
        {R"([lemma="tarif.*"])", "20-21 24-25 26-27"},
        {R"([word="\?"])", "7-8 23-24"},
        {R"([lower="the" & word!="the"])", "8-9 13-14"},
        {R"([lower="hand" | lemma="work"])", "15-16 16-17"},
        {R"([!(lower="the" | lower="\." | lower="\?" | lower="sanctions" | lemma="tariff" | lower="and")] "hurt")",
         ""},
        {R"([] [lower="hurt"])", "26-28"},
    });
}

TEST(CqlReference, CaseAndDiacriticFlags) {
    check({
        {R"([word="Cafe"])", ""},
        {R"([word="Cafe"%d])", "6-7"},
        {R"([word="cafe"%d])", ""},
        {R"([word="cafe"%cd])", "6-7"},
        {R"([word="CAFÉ"%c])", "6-7"},
        {R"([lower="cafè"%d])", "6-7"},
    });
}

TEST(CqlReference, SequencesQuantifiersAndAlternatives) {
    check({
        {R"([lower="invisible"] [lower="hand"])", "14-16"},
        {R"([lower="the"] [lower!="sanctions"])", "13-15"},
        // Standard strategy: a trailing optional element never lengthens a hit...
        {R"([lower="tariffs"] [lower="and"]?)", "20-21 24-25 26-27"},
        // ...and hits ending together keep only the leftmost: leading repetitions reach as far left as they can.
        {R"([lower="tariffs|and"]+ [lower="hurt"])", "24-28"},
        {R"([lower="the"] []{0,3} [lower="hand"])", "13-16"},
        {R"([lower="illegal"] [] [lower="the"])", "11-14"},
        {R"("hand" | "hand" "works")", "15-16"},
        {R"([lower="and"] ([lower="sanctions"] | [lower="tariffs"] [lower="hurt"]))", "21-23 25-28"},
        {R"(([lower="tariffs"] [lower="and"]){1,2})", "20-22 24-26"},
        {R"([lower="zzz"]? [lower="hand"])", "15-16"},
        {R"([lower="the"] []* [lower="\."])", "3-13 13-18"},
        {R"([lower="tariffs"]{2})", ""},
        {R"([lemma="tariff"] [] [lemma="tariff"])", "24-27"},
        {R"([]{0})", ""},  // only the empty match: no hit
        {R"(([]?){10000} [lower="hurt"] within s)", "24-28"},  // found quickly
        {R"(([lower="zzz"]?){10000} [lower="hurt"])", "27-28"},
    });
}

TEST(CqlReference, WithinNotWithinAndRegionAttributes) {
    check({
        {R"([lower="the"] [] within s)", "3-5 8-10 13-15"},
        {R"([lower="illegal"] [] [lower="the"] within s)", ""},
        {R"([lower="illegal"] [] [lower="the"] within turn)", "11-14"},
        {R"([lower="the"] []* [lower="\."] within s)", "8-13 13-18"},
        {R"([lower="sanctions"] within <turn role="official"/>)", "9-10"},
        {R"([lower="sanctions"] within <turn role="journalist"/>)", "4-5 22-23"},
        {R"([lower="sanctions"] !within <turn role="official"/>)", "4-5 22-23"},
        {R"([lower="sanctions"] within <turn speaker="Qin Gang"/>)", "9-10"},
        {R"([lower="sanctions"] within <turn speaker="qin.*"%c/> within <event date="2023.*"/>)", "9-10"},
        {R"([lower="sanctions" & _.turn_kind="answer"])", "9-10"},
        {R"([lower="sanctions" & _.event_date="2023.*"])", "4-5 9-10"},
        {R"([lemma="tariff" & _.event_date="2024.*"])", "20-21 24-25 26-27"},
        {R"([_.exchange_answerer="Qin.*" & lower="the"])", "3-4 8-9 13-14"},
        {R"([lower="the" & _.exchange_asker_affiliation!="Reuters"])", ""},
        {R"([]{3,} within <turn speaker="Smith"/>)", "18-21 19-22 20-23 21-24"},
        {R"([lower="will"] []* [lower="everyone"])", ""},  // no hit crosses the two events
        {R"([lower="will"] []* [lower="everyone"] within event)", ""},
        {R"([lower="the"] !within s)", ""},
        {R"([lower="\."] [lower="the"] !within s)", "12-14"},
    });
}

TEST(CqlReference, RegionsContainingAndAnchors) {
    check({
        {R"(<turn kind="question"/> containing [lemma="tariff"])", "18-24"},
        {R"(<turn/> containing [lower="sanctions"])", "0-8 8-18 18-24"},
        {R"(<turn/> !containing [lower="sanctions"])", "24-30"},
        {R"(<event date="2023.*"/>)", "0-18"},
        {R"(<turn/> containing "The" "invisible" within <event id="e1"/>)", "8-18"},
        {R"(<s/> containing [lower="the"] []{4})", "0-8 8-13 13-18"},
        {R"(<exchange answerer="Wang.*"/>)", "18-30"},
        {R"(<s> [lower="the"])", "8-9 13-14"},
        {R"([] </s>)", "7-8 12-13 17-18 23-24 29-30"},
        {R"(<s> []* </s>)", "0-8 8-13 13-18 18-24 24-30"},
        {R"(<turn kind="answer"> [lower="tariffs"])", "24-25"},
        {R"([lower="\."] </turn>)", "17-18 29-30"},
        {R"(<s> </s>)", ""},
    });
}

TEST(CqlReference, LabelsAndGlobalConstraints) {
    check({
        {R"(a:[] [lower="and"] b:[] :: a.lemma = b.lemma)", "24-27"},
        {R"(a:[] [lower="and"] b:[] :: a.lemma != b.lemma)", "20-23"},
        {R"(a:[lower="the"] b:[] :: b.lower = "s.*")", "3-5 8-10"},
        {R"(a:[] b:[] :: a.turn_speaker != b.turn_speaker)", "7-9 23-25"},  // 17-19 would cross the events
        {R"(a:[lower="the"] []* b:[lower="\."] :: a.word = "The" & b.turn_kind = "answer")", "8-13 13-18"},
        // The shortest match whose constraints hold: from 24, "Tariffs and" fails, "Tariffs and tariffs" holds.
        {R"(a:[] []* b:[] :: a.lemma = b.lemma & a.lemma = "tariff" within turn)", "24-27"},
        {R"((a:[lower="zzz"])? [lower="hand"] :: a.lower = "zzz")", ""},  // unbound label: constraint false
    });
}

TEST(CqlReference, SpanLimitBoundsUnlimitedRepetition) {
    ReferenceOptions options;
    options.max_span = 10;
    EXPECT_EQ(run(R"([lower="will"] []* [lower="everyone"])", options), "");
    EXPECT_EQ(run(R"([lower="the"] []* [lower="\."])", options), "3-13 13-18");
    options.max_span = 9;
    EXPECT_EQ(run(R"([lower="the"] []* [lower="\."])", options), "8-13 13-18");
    // within replaces the span limit: the region is the bound.
    EXPECT_EQ(run(R"([lower="will"] []* [lower="\?"] within turn)", options), "0-8");
    options.max_span = 1;
    EXPECT_EQ(run(R"([]{2,} within event)", options), run(R"([]{2} within event)"));
}

TEST(CqlReference, WithoutTheSecondStepEveryStartKeepsItsShortestMatch) {
    ReferenceOptions options;
    options.collapse_same_end = false;
    EXPECT_EQ(run(R"([lower="tariffs|and"]+ [lower="hurt"])", options), "24-28 25-28 26-28");
    EXPECT_EQ(run(R"([lower="the"] []* [lower="\."])", options), "3-13 8-13 13-18");
    EXPECT_EQ(run(R"([lower="the"] []* [lower="\."])"), "3-13 13-18");
    // The within filter comes before the second step: 8-13 survives when 3-13 is not inside a sentence.
    EXPECT_EQ(run(R"([lower="the"] []* [lower="\."] within s)"), "8-13 13-18");
}

TEST(CqlReference, EveryHitIsOnePerStartAndShortest) {
    Result<cql::Query> query = cql::parse_cql(R"([]+ within s)");
    ASSERT_TRUE(query.ok());
    Result<std::vector<Hit>> hits = evaluate_reference(*query, tiny_corpus());
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), 30u);
    for (std::uint32_t i = 0; i < 30; ++i) EXPECT_EQ((*hits)[i], (Hit{i, i + 1}));
}

TEST(CqlReference, BrokenRegexAfterDiacriticFoldingIsAnError) {
    cql::Query query;
    cql::Element element;
    cql::Condition condition;
    condition.test.attribute = {"", "word"};
    condition.test.pattern = {"(", false, false};
    element.condition = condition;
    query.alternatives = {{element}};
    EXPECT_FALSE(evaluate_reference(query, tiny_corpus()).ok());
}

}  // namespace
}  // namespace presser::query
