// Questions and answers measured (issue 23, docs/qa.md): the deflection lexicon's format and matching, the
// exchange table the index stores, `presser qa`'s aggregates checked against a brute-force count over the
// parsed transcripts, its bad input, and GET /api/qa answering what `presser qa --format json` prints.
#include <gtest/gtest.h>

#include <httplib.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "analysis/deflection_lexicon.h"
#include "analysis/qa_stats.h"
#include "analysis/responsiveness.h"
#include "index/index.h"
#include "index_test_support.h"
#include "ingest/parser.h"
#include "ingest/source_files.h"
#include "served_index.h"
#include "test_paths.h"
#include "text/analyzer.h"

namespace presser {
namespace {

using nlohmann::json;

std::vector<analysis::LexiconToken> tokens_of(const std::vector<std::string>& lowers) {
    std::vector<analysis::LexiconToken> out;
    for (const auto& lower : lowers) out.push_back({lower, lower, lower});
    return out;
}

TEST(DeflectionLexicon, MatchesTheFirstPhraseInTheWindow) {
    auto lexicon = analysis::DeflectionLexicon::parse(
        "# comment\n\nrefer\t[lower=\"refer\"] [lower=\"you\"] [lower=\"to\"]\nno_comment\t\"no\" \"comment\"\n", "test.tsv");
    ASSERT_TRUE(lexicon.ok()) << lexicon.error().describe();
    EXPECT_EQ(lexicon->size(), 2u);
    const std::vector<std::string> words{"well", "no", "comment", "but", "i", "would", "refer", "you", "to", "them"};
    auto found = lexicon->match(tokens_of(words), 80);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->label, "no_comment");
    EXPECT_EQ(found->first, 1u);
    EXPECT_EQ(found->last, 3u);
    // Outside the window: not looked at.
    EXPECT_FALSE(lexicon->match(tokens_of(words), 1));
    EXPECT_FALSE(lexicon->match(tokens_of({"we", "refer", "to", "them"}), 80));
}

TEST(DeflectionLexicon, RepetitionGroupsAndRegexes) {
    auto lexicon = analysis::DeflectionLexicon::parse("ahead\t[lower=\"not|won.t\"] []{0,2} [lower=\"get\"] ([lower=\"ahead\"] | [lower=\"in\"] [lower=\"front\"])\n", "t.tsv");
    ASSERT_TRUE(lexicon.ok()) << lexicon.error().describe();
    EXPECT_TRUE(lexicon->match(tokens_of({"i", "won't", "get", "ahead", "of", "it"}), 80));
    EXPECT_TRUE(lexicon->match(tokens_of({"i", "am", "not", "going", "to", "get", "in", "front", "of", "it"}), 80));
    EXPECT_FALSE(lexicon->match(tokens_of({"we", "will", "get", "ahead"}), 80));
    EXPECT_FALSE(lexicon->match(tokens_of({"not", "a", "b", "c", "get", "ahead"}), 80));  // more than two between
}

TEST(DeflectionLexicon, RefusesABadPatternWithFileLineAndColumn) {
    auto bad = analysis::DeflectionLexicon::parse("# mine\nok\t[lower=\"x\"]\nbroken\t[lower=\"x\"\n", "mine.tsv");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().file, "mine.tsv");
    EXPECT_EQ(bad.error().line, 3u);
    // The pattern starts at column 8 (after "broken" and the tab); the parser's column is counted from there.
    EXPECT_NE(bad.error().message.find("column "), std::string::npos) << bad.error().message;
    EXPECT_EQ(bad.error().message.rfind("column 1:", 0), std::string::npos) << bad.error().message;
    EXPECT_NE(bad.error().describe().find("mine.tsv:3"), std::string::npos) << bad.error().describe();
    EXPECT_NE(bad.error().message.find("opened at column 8"), std::string::npos) << bad.error().message;

    auto no_tab = analysis::DeflectionLexicon::parse("label [lower=\"x\"]\n", "m.tsv");
    ASSERT_FALSE(no_tab.ok());
    EXPECT_NE(no_tab.error().message.find("expected a label, a tab and a CQL pattern"), std::string::npos);
    auto anchor = analysis::DeflectionLexicon::parse("x\t<s> [lower=\"x\"]\n", "m.tsv");
    ASSERT_FALSE(anchor.ok());
    EXPECT_NE(anchor.error().message.find("column 3: region anchors"), std::string::npos) << anchor.error().message;
    auto reserved = analysis::DeflectionLexicon::parse("none\t[lower=\"x\"]\n", "m.tsv");
    EXPECT_FALSE(reserved.ok());
    auto region_attribute = analysis::DeflectionLexicon::parse("x\t[_.turn_role=\"official\"]\n", "m.tsv");
    EXPECT_FALSE(region_attribute.ok());
}

TEST(DeflectionLexicon, BuiltInLexiconsParseAndOnlyTheirLanguagesHaveOne) {
    for (const char* language : {"en", "zh", "es"}) {
        auto parsed = analysis::DeflectionLexicon::parse(analysis::builtin_deflection_lexicon_text(language), language);
        ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
        EXPECT_GT(parsed->size(), 10u) << language;
        EXPECT_NE(analysis::builtin_deflection_lexicon(language), nullptr);
    }
    EXPECT_EQ(analysis::builtin_deflection_lexicon("tr"), nullptr);
    EXPECT_EQ(analysis::builtin_deflection_lexicon(""), nullptr);
}

TEST(DeflectionLexicon, BuiltInPhrasesThroughTheAnalyzer) {
    text::Analyzer analyzer;
    auto signal = [&](const std::string& text, const std::string& language) -> std::string {
        std::vector<text::Token> tokens;
        analyzer.tokenize(text, language, tokens);
        std::vector<std::string> words, lowers, lemmas;
        for (const auto& token : tokens) {
            words.emplace_back(text.substr(token.begin, token.end - token.begin));
            lowers.push_back(analyzer.lower(words.back()));
            lemmas.push_back(analyzer.lemma(lowers.back(), language));
        }
        std::vector<analysis::LexiconToken> input;
        for (std::size_t i = 0; i < words.size(); ++i) input.push_back({words[i], lowers[i], lemmas[i]});
        auto found = analysis::builtin_deflection_lexicon(language)->match(input, analysis::kDeflectionWindow);
        return found ? found->label : "none";
    };
    EXPECT_EQ(signal("I'd refer you to the Department of Justice on that.", "en"), "refer_elsewhere");
    EXPECT_EQ(signal("I don't have anything for you on that.", "en"), "no_information");
    EXPECT_EQ(signal("I’m not going to get ahead of the President.", "en"), "not_ahead");
    EXPECT_EQ(signal("No comment.", "en"), "no_comment");
    EXPECT_EQ(signal("The ferry runs twice a day, and the fare stays at four dollars.", "en"), "none");
    EXPECT_EQ(signal("我不掌握有关情况。", "zh"), "no_information");
    EXPECT_EQ(signal("请向主管部门询问。", "zh"), "refer_elsewhere");
    EXPECT_EQ(signal("中方的立场是一贯的、明确的。", "zh"), "none");
    EXPECT_EQ(signal("No tengo información sobre eso.", "es"), "no_information");
    EXPECT_EQ(signal("Vamos a construir tres presas este año.", "es"), "none");
}

TEST(Responsiveness, OverlapAndEntities) {
    analysis::LemmaIdf idf;
    auto doc = [](std::vector<std::string> words) {
        std::vector<analysis::ResponsivenessToken> out;
        for (auto& w : words) out.push_back({w, w, w, false});
        return out;
    };
    for (int i = 0; i < 20; ++i) idf.add_document(doc({"the", "a", "is", "port"}));
    idf.add_document(doc({"the", "tariff", "rise"}));
    auto question = doc({"is", "the", "tariff", "rise", "coming"});
    question[2].word = "Tariff";  // capitalised inside the sentence: a name
    const auto engaged = analysis::responsiveness(question, doc({"the", "tariff", "will", "rise"}), idf);
    const auto evasive = analysis::responsiveness(question, doc({"the", "port", "is", "busy"}), idf);
    EXPECT_GT(engaged.score, evasive.score);
    EXPECT_EQ(evasive.overlap, 0);
    EXPECT_GE(engaged.entities, 1u);
    EXPECT_GE(engaged.mentioned, 1u);  // "Tariff"; the rare "coming" is not in the answer
    EXPECT_EQ(evasive.mentioned, 0u);
    ASSERT_FALSE(engaged.shared.empty());
}

// A transcript written for these tests: a moderator names an asker, follow-ups, deflections, an unanswered
// question, stamps for answer seconds.
constexpr const char* kBriefing = R"(Harbour briefing, May 1, 2024.

  HARBOUR MASTER VASQUEZ: Good morning. Two announcements about the port today, and then your questions.

  MODERATOR: We'll go to Daniel Okafor from the Coastal Ledger.

  Q: Will the harbour tolls rise next month?

  HARBOUR MASTER VASQUEZ: I'd refer you to the Ministry of Transport on that.

  Q: And the ferry timetable?

  HARBOUR MASTER VASQUEZ: The ferry timetable stays as it is, with two extra crossings on Sundays in summer.

  MODERATOR: Next question, Priya Raman at Harbour Radio.

  Q: Priya Raman, Harbour Radio. Is the eastern breakwater closing for repairs this year?

  HARBOUR MASTER VASQUEZ: No comment.

  Q: Why not?

  MODERATOR: We are out of time. Thank you all.
)";

class QaIndex : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("qa-index");
        const auto corpus = scratch_->path() / "corpus";
        std::filesystem::create_directories(corpus);
        std::ofstream(corpus / "2024-05-01-harbour-briefing.txt") << kBriefing;
        for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() / "samples"))
            if (entry.path().extension() != ".md" || entry.path().filename() != "README.md")
                std::filesystem::copy(entry.path(), corpus / entry.path().filename());
        corpus_ = new std::string(corpus.string());
        idx_ = new std::string((scratch_->path() / "index").string());
        std::string out;
        ASSERT_EQ(testing::run_presser({"index", "build", "--index", *idx_, *corpus_}, &out), 0) << out;
    }
    static void TearDownTestSuite() {
        delete idx_;
        delete corpus_;
        delete scratch_;
    }
    static json qa_json(std::vector<std::string> args) {
        args.insert(args.begin(), {"qa", "--index", *idx_, "--format", "json", "--limit", "0"});
        std::string out;
        EXPECT_EQ(testing::run_presser(args, &out), 0) << out;
        return json::parse(out.substr(std::min(out.find('{'), out.size())), nullptr, false);
    }

    static testing::ScratchDir* scratch_;
    static std::string* corpus_;
    static std::string* idx_;
};
testing::ScratchDir* QaIndex::scratch_ = nullptr;
std::string* QaIndex::corpus_ = nullptr;
std::string* QaIndex::idx_ = nullptr;

// Per official, from the parsed transcripts with the analyzer and the lexicon applied here, not by the index.
struct Brute {
    std::uint64_t exchanges = 0, events = 0, first = 0, followups = 0, unanswered = 0, named = 0, question_tokens = 0, deflected = 0, with_lexicon = 0;
    std::map<std::string, std::uint64_t> signals;
};

std::map<std::string, Brute> brute_force_by_official(const std::string& corpus) {
    std::map<std::string, Brute> out;
    text::Analyzer analyzer;
    const auto files = ingest::collect_source_files({corpus});
    for (const auto& path : files.transcripts) {
        auto events = ingest::parse_file(path);
        if (!events) continue;
        for (const auto& event : events.value()) {
            std::set<std::string> seen;
            for (std::size_t x = 0; x < event.exchanges.size(); ++x) {
                const auto& exchange = event.exchanges[x];
                std::string official;
                std::vector<analysis::LexiconToken> answer;
                std::vector<std::string> storage;
                storage.reserve(100000);
                for (const auto& id : exchange.answers) {
                    const auto* turn = event.find_turn(id);
                    if (official.empty())
                        if (const auto* speaker = event.find_speaker(turn->speaker)) official = speaker->name;
                    for (const auto& paragraph : turn->paragraphs) {
                        std::vector<text::Token> tokens;
                        analyzer.tokenize(paragraph.text, event.language, tokens);
                        for (const auto& token : tokens) {
                            storage.push_back(paragraph.text.substr(token.begin, token.end - token.begin));
                            storage.push_back(analyzer.lower(storage.back()));
                            storage.push_back(analyzer.lemma(storage.back(), event.language));
                            answer.push_back({storage[storage.size() - 3], storage[storage.size() - 2], storage.back()});
                        }
                    }
                }
                auto& b = out[official.empty() ? "(no answer)" : official];
                ++b.exchanges;
                if (seen.insert(official).second) ++b.events;
                if (x == 0) ++b.first;
                if (exchange.follows) ++b.followups;
                if (exchange.answers.empty()) ++b.unanswered;
                // Named: the turn before the first question hands the floor on and names the asker or their outlet.
                std::size_t q = 0;
                while (event.turns[q].id != exchange.questions.front()) ++q;
                if (q > 0) {
                    const auto& before = event.turns[q - 1];
                    const auto* asker = event.find_speaker(event.turns[q].speaker);
                    const auto* introducer = event.find_speaker(before.speaker);
                    if (asker && introducer && !before.paragraphs.empty() &&
                        (before.kind == model::TurnKind::moderation || introducer->role == model::Role::moderator)) {
                        const std::string& text = before.paragraphs.back().text;
                        const auto surname = asker->name.substr(asker->name.rfind(' ') == std::string::npos ? 0 : asker->name.rfind(' ') + 1);
                        bool named = surname.size() >= 3 && text.find(surname) != std::string::npos;
                        for (const auto& outlet : asker->affiliations) named = named || (outlet.size() >= 2 && text.find(outlet) != std::string::npos);
                        if (named) ++b.named;
                    }
                }
                for (const auto& id : exchange.questions)
                    for (const auto& paragraph : event.find_turn(id)->paragraphs) {
                        std::vector<text::Token> tokens;
                        analyzer.tokenize(paragraph.text, event.language, tokens);
                        b.question_tokens += tokens.size();
                    }
                if (const auto* lexicon = analysis::builtin_deflection_lexicon(event.language)) {
                    ++b.with_lexicon;
                    if (auto found = lexicon->match(answer, analysis::kDeflectionWindow)) {
                        ++b.deflected;
                        ++b.signals[found->label];
                    }
                }
            }
        }
    }
    return out;
}

TEST_F(QaIndex, ByOfficialEqualsABruteForceCountOverTheParsedTranscripts) {
    const auto expected = brute_force_by_official(*corpus_);
    const auto got = qa_json({"--by", "official"});
    ASSERT_TRUE(got.is_object());
    ASSERT_EQ(got["groups"].size(), expected.size()) << got.dump(1);
    std::uint64_t total = 0;
    for (const auto& group : got["groups"]) {
        const std::string key = group["key"];
        ASSERT_TRUE(expected.count(key)) << key;
        const auto& b = expected.at(key);
        EXPECT_EQ(group["exchanges"], b.exchanges) << key;
        EXPECT_EQ(group["events"], b.events) << key;
        EXPECT_EQ(group["first_in_event"], b.first) << key;
        EXPECT_EQ(group["followups"], b.followups) << key;
        EXPECT_EQ(group["unanswered"], b.unanswered) << key;
        EXPECT_EQ(group["named_by_moderator"], b.named) << key;
        EXPECT_EQ(group["with_lexicon"], b.with_lexicon) << key;
        EXPECT_EQ(group["deflected"], b.deflected) << key;
        for (const auto& [label, count] : b.signals) EXPECT_EQ(group["signals"][label], count) << key << " " << label;
        EXPECT_DOUBLE_EQ(group["question_tokens_mean"].get<double>(), double(b.question_tokens) / double(b.exchanges)) << key;
        total += b.exchanges;
    }
    EXPECT_EQ(got["totals"]["exchanges"], total);
}

TEST_F(QaIndex, TheWrittenBriefingHasItsSignalsAndFacts) {
    const auto got = qa_json({"--by", "event", "--where", "answer_tokens>=0"});
    json briefing;
    for (const auto& group : got["groups"])
        if (group["key"] == "2024-05-01-harbour-briefing") briefing = group;
    ASSERT_TRUE(briefing.is_object()) << got.dump(1);
    EXPECT_EQ(briefing["exchanges"], 4);  // the tolls, its follow-up (the ferry), the breakwater, "Why not?" (unanswered)
    EXPECT_EQ(briefing["followups"], 1);
    EXPECT_EQ(briefing["unanswered"], 1);
    EXPECT_EQ(briefing["named_by_moderator"], 2);
    EXPECT_EQ(briefing["deflected"], 2);
    EXPECT_EQ(briefing["signals"]["refer_elsewhere"], 1);
    EXPECT_EQ(briefing["signals"]["no_comment"], 1);
    EXPECT_GT(briefing["opening_tokens"].get<int>(), 10);

    // Filters on the derived columns: CQL region attributes and --where.
    std::string out;
    ASSERT_EQ(testing::run_presser({"query", "--index", *idx_, "--count", "<exchange signal=\"no_comment\"/>"}, &out), 0) << out;
    EXPECT_NE(out.find('1'), std::string::npos) << out;
    const auto followups = qa_json({"--by", "event", "--where", "followup_depth>=1", "--event", "2024-05-01-harbour-briefing"});
    EXPECT_EQ(followups["totals"]["exchanges"], 1) << followups.dump(1);
    const auto topic = qa_json({"--by", "official", "--topic", "tolls"});
    EXPECT_GE(topic["totals"]["exchanges"].get<int>(), 1);
    EXPECT_LT(topic["totals"]["exchanges"].get<int>(), got["totals"]["exchanges"].get<int>());
}

TEST_F(QaIndex, AUserLexiconIsMatchedAtQueryTime) {
    const auto file = scratch_->path() / "mine.tsv";
    std::ofstream(file) << "ferry_talk\t[lower=\"ferry\"] [lower=\"timetable\"]\n";
    const auto got = qa_json({"--by", "event", "--lexicon", file.string(), "--event", "2024-05-01-harbour-briefing"});
    EXPECT_EQ(got["totals"]["deflected"], 1) << got.dump(1);
    EXPECT_EQ(got["totals"]["signals"]["ferry_talk"], 1);
    EXPECT_EQ(got["lexicon"], file.string());
}

TEST_F(QaIndex, BadOptionsExitTwoNamingWhatWasExpected) {
    std::string out;
    EXPECT_EQ(testing::run_presser({"qa", "--index", *idx_, "--by", "weekday"}, &out), 2);
    EXPECT_NE(out.find("--by: expected official, outlet, journalist, month or event"), std::string::npos) << out;
    EXPECT_EQ(testing::run_presser({"qa", "--index", *idx_, "--where", "speaker>=3"}, &out), 2);
    EXPECT_NE(out.find("unknown numeric column 'speaker'"), std::string::npos) << out;
    EXPECT_EQ(testing::run_presser({"qa", "--index", *idx_, "--where", "answer_tokens>=lots"}, &out), 2);
    EXPECT_NE(out.find("expected a whole number"), std::string::npos) << out;
    const auto bad = scratch_->path() / "bad.tsv";
    std::ofstream(bad) << "# header\nbroken\t[lower=\"x\"\n";
    EXPECT_EQ(testing::run_presser({"qa", "--index", *idx_, "--lexicon", bad.string()}, &out), 2);
    EXPECT_NE(out.find("bad.tsv:2: column "), std::string::npos) << out;
}

TEST_F(QaIndex, ApiAnswersWhatTheCliPrints) {
    auto opened = index::Index::open(*idx_);
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    server::ServerOptions options;
    options.threads = 2;
    options.web_dir = scratch_->path() / "no-ui";
    testing::ServedIndex served(opened.value(), options);
    httplib::Client client("127.0.0.1", served.port());
    client.set_read_timeout(60, 0);
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
        {"/api/qa?by=official&limit=0", {"--by", "official"}},
        {"/api/qa?by=outlet&limit=0&topic=tolls", {"--by", "outlet", "--topic", "tolls"}},
        {"/api/qa?by=month&limit=0&where=answer_tokens%3E%3D20&language=en", {"--by", "month", "--where", "answer_tokens>=20", "--language", "en"}},
        {"/api/qa?by=event&limit=0", {"--by", "event"}},
    };
    for (const auto& [path, args] : cases) {
        auto result = client.Get(path.c_str());
        ASSERT_TRUE(result) << path;
        ASSERT_EQ(result->status, 200) << path << "\n" << result->body;
        EXPECT_EQ(json::parse(result->body), qa_json(args)) << path;
    }
    auto bad = client.Get("/api/qa?where=nonsense");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    EXPECT_NE(bad->body.find("where"), std::string::npos) << bad->body;
}

}  // namespace
}  // namespace presser
