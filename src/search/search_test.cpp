// Ranked search on a hand-built index of two small briefings: order, BM25 values, syntax, filters, facets,
// snippets, exchanges and deleted events.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index_test_support.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "test_paths.h"

namespace presser::search {
namespace {

constexpr const char* kFirst = R"(The Ministry of Trade held a press briefing on January 10, 2024. Spokesperson Li Wei answered questions from reporters.

  SPOKESPERSON LI: Good morning. Today we announce new rules on steel exports.

  Q: Anna Berg from the Daily Ledger. Are sanctions on steel being considered?

  SPOKESPERSON LI: Sanctions, sanctions and more sanctions: that is all anyone asks about.

  Q: Tom Reed, Harbour Radio. What about the peace talks?

  SPOKESPERSON LI: The peace talks continue and we mentioned sanctions once in a long meeting about many other things.
)";

constexpr const char* kSecond = R"(The Ministry of Trade held a press briefing on March 5, 2024. Spokesperson Wu Fang answered questions from reporters.

  SPOKESPERSON WU: Good afternoon. The weather delayed the shipping schedule this week.

  Q: Anna Berg from the Daily Ledger. Were the talks about peace in the region productive?

  SPOKESPERSON WU: The talks were long. Nobody sanctioned anyone and tariffs stayed the same.

  Q: Tom Reed, Harbour Radio. Will tariffs on steel rise?

  SPOKESPERSON WU: Steel tariffs will not rise this year.
)";

void write(const std::filesystem::path& path, const char* text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

class SearchTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("search");
        sources_ = scratch_->path() / "transcripts";
        std::filesystem::create_directories(sources_);
        write(sources_ / "2024-01-10-trade-briefing.txt", kFirst);
        write(sources_ / "2024-03-05-trade-briefing.txt", kSecond);
        auto report = index::build_index(scratch_->path() / "idx", {sources_.string()}, {});
        ASSERT_TRUE(report.ok()) << report.error().describe();
        auto opened = index::Index::open(scratch_->path() / "idx");
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
        index_ = new index::Index(std::move(opened.value()));
    }
    static void TearDownTestSuite() {
        delete index_;
        delete scratch_;
    }

    SearchResult run(std::string_view query, SearchOptions options = {}) {
        Searcher searcher(*index_);
        auto result = searcher.search(query, options);
        EXPECT_TRUE(result.ok()) << query << ": " << (result.ok() ? "" : result.error().message);
        return result.ok() ? std::move(result.value()) : SearchResult{};
    }
    std::string error_of(std::string_view query, SearchOptions options = {}) {
        Searcher searcher(*index_);
        auto result = searcher.search(query, options);
        return result.ok() ? "" : result.error().message;
    }

    static testing::ScratchDir* scratch_;
    static std::filesystem::path sources_;
    static index::Index* index_;
};
testing::ScratchDir* SearchTest::scratch_ = nullptr;
std::filesystem::path SearchTest::sources_;
index::Index* SearchTest::index_ = nullptr;

TEST(QueryParser, Structure) {
    auto q = parse_query("china OR taiwan \"peace talks\" -tariff* question:steel speaker:\"MS. LI\" -outlet:ledger");
    ASSERT_TRUE(q.ok()) << q.error().message;
    ASSERT_EQ(q->clauses.size(), 4u);
    ASSERT_EQ(q->clauses[0].alternatives.size(), 2u);
    EXPECT_EQ(q->clauses[0].alternatives[1].text, "taiwan");
    EXPECT_EQ(q->clauses[1].alternatives[0].kind, QueryTerm::Kind::phrase);
    EXPECT_EQ(q->clauses[1].alternatives[0].text, "peace talks");
    EXPECT_TRUE(q->clauses[2].excluded);
    EXPECT_EQ(q->clauses[2].alternatives[0].kind, QueryTerm::Kind::prefix);
    EXPECT_EQ(q->clauses[2].alternatives[0].text, "tariff");
    EXPECT_EQ(q->clauses[3].alternatives[0].fields, kQuestionField);
    ASSERT_EQ(q->filters.size(), 2u);
    EXPECT_EQ(q->filters[0].value, "MS. LI");
    EXPECT_TRUE(q->filters[1].excluded);
    EXPECT_EQ(q->filters[1].field, MetadataFilter::Field::outlet);
    EXPECT_TRUE(parse_query("3:30 pm").ok());  // not a field
}

TEST(QueryParser, ErrorsNameTheColumnAndWhatWasExpected) {
    auto message = [](std::string_view query) {
        auto q = parse_query(query);
        return q.ok() ? std::string() : q.error().message;
    };
    EXPECT_EQ(message("peace \"talks now"), "column 7: expected a closing '\"' for the phrase opened here");
    EXPECT_EQ(message("china OR"), "column 9: expected a word or a \"phrase\" after OR");
    EXPECT_EQ(message("foo:bar"), "column 1: unknown field 'foo:'; expected question:, answer:, statement:, speaker: or outlet:");
    EXPECT_EQ(message("-china"), "column 1: expected at least one word or \"phrase\" that is not excluded");
    EXPECT_EQ(message("a - b"), "column 3: expected a word, a \"phrase\" or a field right after '-'");
    EXPECT_EQ(message("sanc*ion"), "column 5: '*' is only allowed at the end of a word (prefix search)");
    EXPECT_EQ(message("question: x"), "column 10: expected a word or a \"phrase\" after 'question:'");
    EXPECT_EQ(message("   "), "column 4: expected a word, a \"phrase\" or a field: the query is empty");
    EXPECT_EQ(message("a -b OR c"), "column 6: an -exclusion cannot be an OR alternative; expected a word before OR");
    EXPECT_EQ(message("économie \"\""), "column 10: expected words between the quotes of a phrase");
}

TEST(QueryParser, AQueryOfMoreTermsThanTheBoundIsRefused) {
    std::string query;
    for (std::size_t i = 0; i < kMaxQueryTerms / 2; ++i) query += "\"x y\" OR w ";
    EXPECT_TRUE(parse_query(query).ok());
    auto refused = parse_query(query + "z");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "column " + std::to_string(query.size() + 1) + ": more than 256 words, phrases and prefixes: shorten the query");
}

TEST_F(SearchTest, APhraseOfMoreWordsThanTheBoundIsRefused) {
    std::string phrase;
    for (std::size_t i = 0; i < kMaxPhraseWords; ++i) phrase += "peace ";
    EXPECT_EQ(error_of("\"" + phrase + "\""), "");
    EXPECT_EQ(error_of("\"" + phrase + "talks\""), "column 1: a phrase of 65 words, more than the 64 a phrase may have: shorten it");
}

TEST_F(SearchTest, RepeatedTermRanksAboveSingleMention) {
    const auto r = run("sanctions");
    ASSERT_EQ(r.total, 4u);  // lemma: "sanctioned" too
    ASSERT_EQ(r.hits.size(), 4u);
    EXPECT_EQ(r.hits[0].turn_id, "t4");
    EXPECT_EQ(r.hits[0].date, "2024-01-10");
    EXPECT_GT(r.hits[0].score, r.hits[1].score);
    for (std::size_t i = 1; i < r.hits.size(); ++i) EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
    // Equal scores: the newer event first.
    EXPECT_DOUBLE_EQ(r.hits[1].score, r.hits[2].score);
    EXPECT_GT(r.hits[1].date, r.hits[2].date);
}

TEST_F(SearchTest, Bm25MatchesHandComputedValues) {
    // Count, independently of the searcher, every turn's length and occurrences of lemma "tariff".
    const auto& segment = *index_->segments()[0];
    const auto& turns = segment.regions(index::Structure::turn);
    const auto tariff = segment.lexicon(index::Attribute::lemma).terms().find("tariff");
    ASSERT_TRUE(tariff.has_value());
    double total_length = 0, df = 0;
    std::map<std::string, std::pair<double, double>> tf_and_length;  // by "date turn"
    for (std::uint64_t t = 0; t < turns.size(); ++t) {
        double tf = 0;
        for (auto p = turns.start(t); p < turns.end(t); ++p) tf += segment.term_at(index::Attribute::lemma, p) == *tariff;
        total_length += turns.end(t) - turns.start(t);
        if (tf > 0) {
            ++df;
            tf_and_length[std::string(turns.column("id")->string(t)) + "@" + std::to_string(turns.start(t))] = {tf, turns.end(t) - turns.start(t)};
        }
    }
    const double n = static_cast<double>(turns.size()), average = total_length / n;
    const double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
    ASSERT_EQ(df, 3);
    const auto r = run("tariffs");
    ASSERT_EQ(r.total, 3u);
    for (const auto& hit : r.hits) {
        const auto key = hit.turn_id + "@" + std::to_string(turns.start(hit.unit));
        ASSERT_TRUE(tf_and_length.count(key)) << key;
        const auto [tf, length] = tf_and_length[key];
        const double expected = idf * tf * 2.2 / (tf + 1.2 * (1 - 0.75 + 0.75 * length / average));
        EXPECT_NEAR(hit.score, expected, 1e-5) << key;
    }
    // The shortest turn ("Steel tariffs will not rise this year.") ranks first.
    EXPECT_EQ(r.hits[0].speaker, "Wu");
    EXPECT_EQ(r.hits[0].kind, "answer");
}

TEST_F(SearchTest, LemmasExclusionOrPrefixPhrase) {
    EXPECT_EQ(run("sanctioned").total, 4u);
    SearchOptions exact;
    exact.exact_forms = true;
    EXPECT_EQ(run("sanctioned", exact).total, 1u);
    EXPECT_EQ(run("sanctions -peace").total, 3u);
    EXPECT_EQ(run("weather OR tariffs").total, 4u);
    EXPECT_EQ(run("sanction*").total, 4u);
    EXPECT_EQ(run("sanct* steel").total, 1u);
    EXPECT_EQ(run("\"peace talks\"").total, 2u);  // not "talks about peace"
    EXPECT_EQ(run("peace talks").total, 3u);
    EXPECT_EQ(run("-\"peace talks\" talks").total, 2u);
    EXPECT_EQ(run("question:sanctions").total, 1u);
    EXPECT_EQ(run("answer:sanctions").total, 3u);
    EXPECT_EQ(run("statement:steel").total, 1u);
    EXPECT_EQ(run("zzzunknown").total, 0u);
    EXPECT_EQ(run("zzzunknown OR weather").total, 1u);
    // Proximity: adjacent terms score above the same terms far apart.
    const auto r = run("peace talks");
    ASSERT_EQ(r.hits.size(), 3u);
    EXPECT_EQ(r.hits.back().date, "2024-03-05");
}

TEST_F(SearchTest, FiltersAndSpeakerOutletFields) {
    SearchOptions from;
    from.from = "2024-02-01";
    EXPECT_EQ(run("sanctions", from).total, 1u);
    SearchOptions to;
    to.to = "2024-01";
    EXPECT_EQ(run("sanctions", to).total, 3u);
    // The speaker filter is the whole name in any case (index/filter_values.h); the query's speaker: term a substring.
    const auto by_term = run("sanctions speaker:li");
    EXPECT_EQ(by_term.total, 2u);
    ASSERT_FALSE(by_term.hits.empty());
    std::string name = by_term.hits[0].speaker;
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    SearchOptions speaker;
    speaker.speakers = {name};
    EXPECT_EQ(run("sanctions", speaker).total, 2u);
    speaker.speakers = {name.substr(0, 1)};
    EXPECT_EQ(run("sanctions", speaker).total, 0u) << "a part of a name is not the name";
    EXPECT_EQ(run("sanctions -speaker:li").total, 2u);
    SearchOptions outlet;
    outlet.outlets = {"daily ledger"};
    EXPECT_EQ(run("sanctions", outlet).total, 1u);
    EXPECT_EQ(run("steel outlet:radio").total, 1u);
    SearchOptions kind;
    kind.kinds = {"question"};
    EXPECT_EQ(run("steel", kind).total, 2u);
    SearchOptions role;
    role.roles = {"journalist"};
    EXPECT_EQ(run("steel", role).total, 2u);
    SearchOptions event;
    event.events = {"2024-03-05-trade-briefing"};
    EXPECT_EQ(run("steel", event).total, 2u);
    SearchOptions language;
    language.languages = {"es"};
    EXPECT_EQ(run("steel", language).total, 0u);
}

TEST_F(SearchTest, FacetsCountTheWholeResultSet) {
    SearchOptions options;
    options.facets = {"speaker", "month", "year", "event", "role", "outlet"};
    options.limit = 1;
    const auto r = run("steel", options);
    EXPECT_EQ(r.total, 4u);
    EXPECT_EQ(r.hits.size(), 1u);
    ASSERT_EQ(r.facets.size(), 6u);
    for (const auto& facet : r.facets) {
        std::uint64_t sum = 0;
        for (const auto& v : facet.values) sum += v.count;
        EXPECT_EQ(sum, 4u) << facet.name;
    }
    EXPECT_EQ(r.facets[0].distinct, 4u);
    EXPECT_EQ(r.facets[1].values[0].value, "2024-01");
    EXPECT_EQ(r.facets[1].values[0].count, 2u);
    EXPECT_EQ(r.facets[2].values[0].value, "2024");
    EXPECT_EQ(r.facets[2].values[0].count, 4u);
    EXPECT_EQ(r.facets[4].values[0].count, 2u);  // journalist 2, official 2
}

TEST_F(SearchTest, FacetCountsEqualCountsOverEveryHit) {
    for (const char* query : {"the", "steel OR tariffs", "sanctions", "talks -peace"}) {
        SearchOptions options;
        options.facets = {"speaker", "outlet", "role", "kind", "year", "month", "day", "event"};
        options.facet_limit = 1000;
        options.limit = 1000;
        options.snippets = false;
        const auto r = run(query, options);
        ASSERT_EQ(r.hits.size(), r.total) << query;
        std::map<std::string, std::map<std::string, std::uint64_t>> expected;
        auto named = [](std::string_view v) { return v.empty() ? std::string("(none)") : std::string(v); };
        auto dated = [](std::string_view date, std::size_t length) { return date.size() >= length ? std::string(date.substr(0, length)) : std::string("(unknown)"); };
        for (const auto& hit : r.hits) {
            ++expected["speaker"][hit.speaker.empty() ? std::string("(unidentified)") : std::string(hit.speaker)];
            ++expected["outlet"][named(hit.outlet)];
            ++expected["role"][named(hit.role)];
            ++expected["kind"][named(hit.kind)];
            ++expected["year"][dated(hit.date, 4)];
            ++expected["month"][dated(hit.date, 7)];
            ++expected["day"][dated(hit.date, 10)];
            ++expected["event"][std::string(hit.event_id)];
        }
        ASSERT_EQ(r.facets.size(), 8u);
        for (const auto& facet : r.facets) {
            std::map<std::string, std::uint64_t> counted;
            for (const auto& v : facet.values) counted[v.value] = v.count;
            EXPECT_EQ(counted, expected[facet.name]) << query << ": " << facet.name;
            EXPECT_EQ(facet.distinct, expected[facet.name].size()) << query << ": " << facet.name;
        }
    }
}

// Searchers that share their tables (as a server's pool does) answer as one with tables of its own, also
// when they search at the same time and the tables are built under them (each run starts with fresh ones).
TEST_F(SearchTest, SearchersSharingTablesAnswerAsOneOfTheirOwn) {
    const std::vector<std::string> queries{"the", "steel OR tariffs", "sanctions", "talks -peace", "\"trade talks\""};
    SearchOptions options;
    options.facets = {"speaker", "outlet", "role", "kind", "year", "event"};
    options.facet_limit = 1000;
    auto describe = [](const SearchResult& r) {
        std::string out = std::to_string(r.total);
        for (const auto& hit : r.hits) out += " " + std::to_string(hit.unit) + ":" + std::to_string(hit.score) + ":" + hit.snippet.text;
        for (const auto& facet : r.facets)
            for (const auto& value : facet.values) out += " " + facet.name + "=" + value.value + ":" + std::to_string(value.count);
        return out;
    };
    std::vector<std::string> expected;
    for (const auto& query : queries) expected.push_back(describe(run(query, options)));
    for (int round = 0; round < 3; ++round) {
        const auto shared = make_search_tables(*index_);
        std::vector<std::vector<std::string>> answers(2);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < 2; ++t)
            threads.emplace_back([&, t] {
                Searcher searcher(*index_, shared);
                for (std::size_t i = 0; i < queries.size(); ++i) {
                    const auto& query = queries[(i + t) % queries.size()];
                    auto result = searcher.search(query, options);
                    answers[t].push_back(result.ok() ? describe(result.value()) : result.error().message);
                }
            });
        for (auto& thread : threads) thread.join();
        for (std::size_t t = 0; t < 2; ++t)
            for (std::size_t i = 0; i < queries.size(); ++i)
                EXPECT_EQ(answers[t][i], expected[(i + t) % queries.size()]) << queries[(i + t) % queries.size()];
    }
}

// A query of one clause with nothing excluded or filtered counts its matches by merging its lists; with a
// facet asked for, the same matches go through the general path. Both must agree, hits and all.
TEST_F(SearchTest, UnionCountsEqualTheGeneralPath) {
    for (const char* query : {"steel tariffs", "the OR trade OR talks", "sanctions peace", "peace OR talks", "tariff*"}) {
        SearchOptions plain;
        plain.limit = 1000;
        SearchOptions faceted = plain;
        faceted.facets = {"role"};
        const auto a = run(query, plain);
        const auto b = run(query, faceted);
        EXPECT_GT(a.total, 0u) << query;
        EXPECT_EQ(a.total, b.total) << query;
        EXPECT_EQ(a.hits.size(), a.total) << query;
        ASSERT_EQ(a.hits.size(), b.hits.size()) << query;
        for (std::size_t i = 0; i < a.hits.size(); ++i) {
            EXPECT_EQ(a.hits[i].unit, b.hits[i].unit) << query;
            EXPECT_EQ(a.hits[i].score, b.hits[i].score) << query;
        }
    }
}

// Phrases are grouped by turn from their positions; one that opens a turn belongs to that turn (not to the
// one before, which it would cross).
TEST_F(SearchTest, PhrasesThatOpenATurnAreFoundInIt) {
    for (const auto& [phrase, turns] : {std::pair<const char*, std::uint64_t>{"\"good morning\"", 1}, {"\"tom reed\"", 2}, {"\"good afternoon\"", 1}}) {
        const auto r = run(phrase);
        EXPECT_EQ(r.total, turns) << phrase;
        for (const auto& hit : r.hits) EXPECT_FALSE(hit.matched_spans.empty()) << phrase;
    }
}

TEST_F(SearchTest, KindDayAndLanguageFacets) {
    SearchOptions options;
    options.facets = {"kind", "day", "language"};
    const auto r = run("steel", options);
    ASSERT_EQ(r.facets.size(), 3u);
    for (const auto& facet : r.facets) {
        std::uint64_t sum = 0;
        for (const auto& v : facet.values) sum += v.count;
        EXPECT_EQ(sum, r.total) << facet.name;
    }
    EXPECT_EQ(r.facets[1].values[0].value.size(), 10u);  // YYYY-MM-DD
    SearchOptions exchange;
    exchange.unit = Unit::exchange;
    exchange.facets = {"kind"};
    EXPECT_EQ(error_of("steel", exchange), "the kind facet applies to --unit turn only");
    SearchOptions event;
    event.unit = Unit::event;
    event.facets = {"language"};
    EXPECT_EQ(run("steel", event).facets.size(), 1u);
}

TEST_F(SearchTest, SortByDateAndLimit) {
    SearchOptions options;
    options.sort = SortOrder::date;
    const auto r = run("sanctions", options);
    ASSERT_EQ(r.hits.size(), 4u);
    EXPECT_EQ(r.hits[0].date, "2024-03-05");
    EXPECT_GE(r.hits[1].score, r.hits[2].score);  // same date: by score
    options.limit = 2;
    options.sort = SortOrder::score;
    const auto limited = run("sanctions", options);
    EXPECT_EQ(limited.total, 4u);
    EXPECT_EQ(limited.hits.size(), 2u);
}

TEST_F(SearchTest, SnippetsPointAtTheSourceBytes) {
    const auto r = run("\"peace talks\" OR sanctions");
    ASSERT_FALSE(r.hits.empty());
    for (const auto& hit : r.hits) {
        ASSERT_FALSE(hit.snippet.matches.empty()) << hit.turn_id;
        const auto source = testing::read_file(hit.source);
        for (const auto& m : hit.snippet.matches) {
            const auto in_snippet = hit.snippet.text.substr(m.begin, m.end - m.begin);
            EXPECT_EQ(source.substr(m.source_begin, m.source_end - m.source_begin), in_snippet);
            EXPECT_TRUE(in_snippet == "peace talks" || in_snippet == "sanctions" || in_snippet == "Sanctions" ||
                        in_snippet == "sanctioned")
                << in_snippet;
        }
        EXPECT_FALSE(hit.event_id.empty());
        EXPECT_FALSE(hit.turn_id.empty());
    }
}

TEST_F(SearchTest, ExchangesAnswerQuestionsAboutX) {
    SearchOptions options;
    options.unit = Unit::exchange;
    const auto r = run("question:peace", options);
    ASSERT_EQ(r.total, 2u);
    for (const auto& hit : r.hits) {
        EXPECT_FALSE(hit.exchange_id.empty());
        EXPECT_NE(hit.snippet.text.find("peace"), std::string::npos);
        EXPECT_FALSE(hit.answer.text.empty());  // the answer to the question about peace
    }
    // The answer field alone: "sanctions" answered in two exchanges of the first event, "sanctioned" in one.
    EXPECT_EQ(run("answer:sanctions", options).total, 3u);
    EXPECT_EQ(run("question:sanctions", options).total, 1u);
    EXPECT_NE(error_of("statement:steel", options), "");
    SearchOptions events;
    events.unit = Unit::event;
    const auto e = run("sanctions", events);
    ASSERT_EQ(e.total, 2u);
    EXPECT_EQ(e.hits[0].date, "2024-01-10");  // three turns' worth of sanctions
}

TEST_F(SearchTest, OptionErrors) {
    SearchOptions facet;
    facet.facets = {"colour"};
    EXPECT_EQ(error_of("steel", facet), "unknown facet 'colour'; expected speaker, outlet, role, kind, day, month, year, event or language");
    SearchOptions kind;
    kind.unit = Unit::event;
    kind.kinds = {"question"};
    EXPECT_EQ(error_of("steel", kind), "the kind filter does not apply to --unit event");
    EXPECT_EQ(error_of("\"...\""), "");  // punctuation phrase is fine (matches nothing or the tokens)
    EXPECT_EQ(error_of("..."), "column 1: expected a word with letters or digits, found '...'");
}

TEST_F(SearchTest, CommandLineJsonAndErrors) {
    const auto idx = (scratch_->path() / "idx").string();
    std::string out;
    ASSERT_EQ(testing::run_presser({"search", "--index", idx, "sanctions", "--format", "json", "--facets", "speaker,month"}, &out), 0) << out;
    const auto json = nlohmann::json::parse(out.substr(out.find('{')));
    EXPECT_EQ(json["total"], 4);
    ASSERT_EQ(json["hits"].size(), 4u);
    EXPECT_EQ(json["hits"][0]["turn"], "t4");
    EXPECT_EQ(json["hits"][0]["snippet"]["matches"].size(), 3u);
    EXPECT_EQ(json["facets"]["month"]["values"][0]["value"], "2024-01");
    EXPECT_EQ(testing::run_presser({"search", "--index", idx, "peace \"talks"}, &out), 2);
    EXPECT_NE(out.find("column 7: expected a closing '\"'"), std::string::npos) << out;
    EXPECT_EQ(testing::run_presser({"search", "--index", idx, "steel", "--unit", "speech"}, &out), 2);
}

TEST(SearchDeleted, ReplacedEventsAreNeverReturned) {
    testing::ScratchDir scratch("search-deleted");
    const auto sources = scratch.path() / "transcripts";
    std::filesystem::create_directories(sources);
    write(sources / "2024-03-05-trade-briefing.txt", kSecond);
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    std::string changed = kSecond;
    changed.replace(changed.find("weather"), 7, "rain");
    write(sources / "2024-03-05-trade-briefing.txt", changed.c_str());
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    auto opened = index::Index::open(scratch.path() / "idx");
    ASSERT_TRUE(opened.ok());
    Searcher searcher(opened.value());
    EXPECT_EQ(searcher.search("weather", {})->total, 0u);
    EXPECT_EQ(searcher.search("rain", {})->total, 1u);
    SearchOptions facets;
    facets.facets = {"event"};
    const auto r = searcher.search("tariffs", facets);
    EXPECT_EQ(r->total, 3u);
    ASSERT_EQ(r->facets[0].values.size(), 1u);
    EXPECT_EQ(r->facets[0].values[0].count, 3u);
}

// A briefing of `turns` turns: the first 30 mention tariffs 10-19 times, the others 0-2 times, among a
// varying number of other words (deterministic for a seed), so that later blocks of the word's list cannot
// reach the top 10 and are skipped.
std::string long_briefing(const std::string& date, unsigned seed, int turns) {
    std::mt19937 random(seed);
    std::string text = "The Ministry of Trade held a press briefing on " + date + ".\n\n";
    for (int t = 0; t < turns; ++t) {
        text += t % 2 == 0 ? "  Q: " : "  SPOKESPERSON LI: ";
        const int mentions = static_cast<int>(t < 30 ? 10 + random() % 10 : random() % 3);
        const int filler = static_cast<int>(5 + random() % 60);
        for (int w = 0; w < filler; ++w) text += (w % 3 == 0 ? "steel " : w % 3 == 1 ? "exports " : "rules ");
        for (int m = 0; m < mentions; ++m) text += "tariffs ";
        text += "today.\n\n";
    }
    return text;
}

// The same total, facets (keys, counts, distinct keys) and hits (units, bit-identical scores, spans).
void expect_same_results(const SearchResult& a, const SearchResult& b, const std::string& where) {
    EXPECT_EQ(a.total, b.total) << where;
    ASSERT_EQ(a.facets.size(), b.facets.size()) << where;
    for (std::size_t f = 0; f < b.facets.size(); ++f) {
        EXPECT_EQ(a.facets[f].distinct, b.facets[f].distinct) << where;
        ASSERT_EQ(a.facets[f].values.size(), b.facets[f].values.size()) << where;
        for (std::size_t i = 0; i < b.facets[f].values.size(); ++i) {
            EXPECT_EQ(a.facets[f].values[i].value, b.facets[f].values[i].value) << where;
            EXPECT_EQ(a.facets[f].values[i].count, b.facets[f].values[i].count) << where;
        }
    }
    ASSERT_EQ(a.hits.size(), b.hits.size()) << where;
    for (std::size_t i = 0; i < b.hits.size(); ++i) {
        EXPECT_EQ(a.hits[i].segment, b.hits[i].segment) << where << " " << i;
        EXPECT_EQ(a.hits[i].unit, b.hits[i].unit) << where << " " << i;
        EXPECT_EQ(a.hits[i].score, b.hits[i].score) << where << " " << i;
        EXPECT_EQ(a.hits[i].matched_spans, b.hits[i].matched_spans) << where << " " << i;
    }
}

// Four long trade briefings in two segments; the first segment has a deleted event (a replaced briefing),
// so a search reads one segment the general way and the other block by block. The second segment's 3,050
// turns take the block scorer over more than one window of turns.
void build_trade_briefings(const testing::ScratchDir& scratch) {
    const auto sources = scratch.path() / "transcripts";
    std::filesystem::create_directories(sources);
    write(sources / "2024-01-10-trade-briefing.txt", long_briefing("January 10, 2024", 1, 700).c_str());
    write(sources / "2024-02-10-trade-briefing.txt", long_briefing("February 10, 2024", 2, 500).c_str());
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    write(sources / "2024-02-10-trade-briefing.txt", long_briefing("February 10, 2024", 3, 450).c_str());
    write(sources / "2024-03-10-trade-briefing.txt", long_briefing("March 10, 2024", 4, 2600).c_str());
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
}

// The trade briefings' index, built in `scratch` and opened (a failure fails the test: opened.value()
// throws, which GoogleTest reports).
index::Index open_trade_briefings(const testing::ScratchDir& scratch) {
    build_trade_briefings(scratch);
    auto opened = index::Index::open(scratch.path() / "idx");
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? std::string() : opened.error().describe());
    return std::move(opened.value());
}

TEST(SearchBlocked, BlockMaxSkippingEqualsExhaustiveScoringAndTheGeneralPath) {
    testing::ScratchDir scratch("search-blocked");
    const auto index = open_trade_briefings(scratch);
    ASSERT_EQ(index.segments().size(), 2u);
    EXPECT_TRUE(index.segments()[0]->has_deleted_events());
    EXPECT_FALSE(index.segments()[1]->has_deleted_events());
    for (const auto& segment : index.segments()) {
        auto verified = segment->verify();
        EXPECT_TRUE(verified.ok()) << verified.error().describe();
        // The lemma where the language has a lemmatiser, else the lower form.
        const auto& lemmas = segment->lexicon(index::Attribute::lemma).terms();
        auto id = lemmas.find("tariff");
        if (!id) id = lemmas.find("tariffs");
        ASSERT_TRUE(id.has_value());
        EXPECT_GT(segment->turn_blocks(index::Attribute::lemma, *id).size(), 2u);
    }

    Searcher searcher(index);
    SearchOptions all;
    all.snippets = false;
    all.limit = 1000000;
    const auto exhaustive = searcher.search("tariffs", all);
    ASSERT_TRUE(exhaustive.ok());
    // An exclusion (of a word no briefing has) takes the general path (unit lists), which must agree.
    const auto general = searcher.search("tariffs -zebras", all);
    ASSERT_TRUE(general.ok());
    ASSERT_EQ(exhaustive->total, general->total);
    ASSERT_EQ(exhaustive->hits.size(), exhaustive->total);
    for (std::size_t i = 0; i < general->hits.size(); ++i) {
        EXPECT_EQ(exhaustive->hits[i].segment, general->hits[i].segment) << i;
        EXPECT_EQ(exhaustive->hits[i].unit, general->hits[i].unit) << i;
        EXPECT_EQ(exhaustive->hits[i].score, general->hits[i].score) << i;
    }
    for (const std::size_t k : {1, 3, 10, 57, 200}) {
        for (const bool snippets : {false, true}) {
            SearchOptions top;
            top.limit = k;
            top.snippets = snippets;
            const auto r = searcher.search("tariffs", top);
            ASSERT_TRUE(r.ok());
            EXPECT_EQ(r->total, exhaustive->total);
            ASSERT_EQ(r->hits.size(), k);
            if (k < 57) {
                EXPECT_LT(r->scored, r->total) << "k = " << k << ": no block was skipped";
            }
            for (std::size_t i = 0; i < k; ++i) {
                EXPECT_EQ(r->hits[i].segment, exhaustive->hits[i].segment) << k << " " << i;
                EXPECT_EQ(r->hits[i].unit, exhaustive->hits[i].unit) << k << " " << i;
                EXPECT_EQ(r->hits[i].score, exhaustive->hits[i].score) << k << " " << i;
                if (snippets) {
                    EXPECT_FALSE(r->hits[i].matched_spans.empty()) << k << " " << i;
                    EXPECT_NE(r->hits[i].snippet.text.find("tariffs"), std::string::npos) << k << " " << i;
                }
            }
        }
    }

    // Newest first: the top k (where older units are not scored) is the head of the full date order.
    for (const char* query : {"tariffs", "steel tariffs", "exports OR today"}) {
        SearchOptions every = all;
        every.sort = SortOrder::date;
        const auto full = searcher.search(query, every);
        ASSERT_TRUE(full.ok());
        for (const std::size_t k : {1, 5, 57, 700}) {
            SearchOptions top = every;
            top.limit = k;
            const auto r = searcher.search(query, top);
            ASSERT_TRUE(r.ok());
            EXPECT_EQ(r->total, full->total);
            ASSERT_EQ(r->hits.size(), std::min<std::size_t>(k, full->hits.size()));
            for (std::size_t i = 0; i < r->hits.size(); ++i) {
                EXPECT_EQ(r->hits[i].date, full->hits[i].date) << query << " " << k << " " << i;
                EXPECT_EQ(r->hits[i].unit, full->hits[i].unit) << query << " " << k << " " << i;
                EXPECT_EQ(r->hits[i].score, full->hits[i].score) << query << " " << k << " " << i;
            }
            if (k < 700) {
                EXPECT_LT(r->scored, full->scored) << query << " " << k << ": every unit was scored";
            }
        }
    }
}

// Date filters accept whole events, so words read block by block skip the blocks that hold no turn of an
// accepted event: with small events (a block of 128 entries spans two or three of them), every month alone
// and every two months must still give the general path's totals and top k.
// A word in every one of 120 consecutive turns, once each: its turn list (no block directory) packs to
// a few bytes, and must still read as 120 entries on both search paths.
TEST(SearchBlocked, DenseShortListsAreReadWhole) {
    testing::ScratchDir scratch("search-blocked-dense");
    const auto sources = scratch.path() / "transcripts";
    std::filesystem::create_directories(sources);
    std::string text = "The Ministry of Trade held a press briefing on May 5, 2024.\n\n";
    for (int t = 0; t < 120; ++t) text += t % 2 == 0 ? "  Q: harbour fees today?\n\n" : "  SPOKESPERSON LI: harbour fees stay.\n\n";
    write(sources / "2024-05-05-harbour-briefing.txt", text.c_str());
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    auto opened = index::Index::open(scratch.path() / "idx");
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    const auto& segment = *opened->segments()[0];
    const auto harbour = segment.lexicon(index::Attribute::lower).terms().find("harbour");
    ASSERT_TRUE(harbour.has_value());
    index::TurnFrequencyReader reader(segment.turn_frequencies(index::Attribute::lower, *harbour));
    std::uint32_t turn = 0, frequency = 0, entries = 0;
    while (reader.next(turn, frequency)) {
        ++entries;
        EXPECT_EQ(frequency, 1u) << entries;
    }
    EXPECT_EQ(entries, 120u);
    EXPECT_LT(reader.position() - segment.turn_frequencies(index::Attribute::lower, *harbour).data(), 8);
    Searcher searcher(opened.value());
    SearchOptions options;
    options.snippets = false;
    options.limit = 1000;
    for (const char* query : {"harbour OR nonexistent", "harbour OR fees"}) {
        const auto blocked = searcher.search(query, options);
        const auto general = searcher.search(std::string(query) + " -zebras", options);
        ASSERT_TRUE(blocked.ok() && general.ok()) << query;
        EXPECT_EQ(general->total, 120u) << query;
        EXPECT_EQ(blocked->total, general->total) << query;
        EXPECT_EQ(blocked->hits.size(), general->hits.size()) << query;
    }
}

TEST(SearchBlocked, EventFiltersSkipBlocksOutsideTheAcceptedEvents) {
    testing::ScratchDir scratch("search-blocked-events");
    const auto sources = scratch.path() / "transcripts";
    std::filesystem::create_directories(sources);
    const char* months[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};
    for (int m = 0; m < 12; ++m) {
        const std::string name = std::string("2024-") + (m < 9 ? "0" : "") + std::to_string(m + 1) + "-10-trade-briefing.txt";
        write(sources / name, long_briefing(std::string(months[m]) + " 10, 2024", 20 + static_cast<unsigned>(m), 50 + 7 * m).c_str());
    }
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    auto opened = index::Index::open(scratch.path() / "idx");
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    Searcher searcher(opened.value());
    for (const char* query : {"tariffs", "tariffs OR steel", "exports OR rules OR today"}) {
        for (int first = 1; first <= 12; ++first) {
            for (const int months_wide : {1, 2}) {
                const int last = std::min(12, first + months_wide - 1);
                for (const std::size_t k : {1, 10, 100}) {
                    SearchOptions options;
                    auto month = [](int m) { return std::string("2024-") + (m < 10 ? "0" : "") + std::to_string(m); };
                    const auto from = month(first), to = month(last);
                    options.from = from;
                    options.to = to;
                    options.limit = k;
                    options.snippets = false;
                    const auto blocked = searcher.search(query, options);
                    const auto general = searcher.search(std::string(query) + " -zebras", options);
                    ASSERT_TRUE(blocked.ok() && general.ok()) << query;
                    const auto where = std::string(query) + " " + from + ".." + to + " k " + std::to_string(k);
                    ASSERT_GT(general->total, 0u) << where;
                    EXPECT_EQ(blocked->total, general->total) << where;
                    ASSERT_EQ(blocked->hits.size(), general->hits.size()) << where;
                    for (std::size_t i = 0; i < general->hits.size(); ++i) {
                        EXPECT_EQ(blocked->hits[i].unit, general->hits[i].unit) << where << " " << i;
                        EXPECT_EQ(blocked->hits[i].score, general->hits[i].score) << where << " " << i;
                    }
                }
            }
        }
    }
}

// Alternatives of words read block by block (with the union of their lists as the total) against
// exhaustive scoring and against the general path (unit lists, taken when facets are asked for): the
// same totals, the same top k with bit-identical scores (proximity bonus included), and blocks skipped.
TEST(SearchBlocked, AlternativesReadBlockByBlockEqualExhaustiveScoringAndTheGeneralPath) {
    testing::ScratchDir scratch("search-blocked-or");
    const auto index = open_trade_briefings(scratch);
    Searcher searcher(index);
    std::uint64_t skipped_somewhere = 0;
    // ministry: one turn per briefing (a list without a block directory); nonexistent: in no segment.
    for (const char* query : {"tariffs OR steel", "tariffs OR exports OR rules", "today OR tariffs", "tariffs OR ministry",
                              "ministry OR nonexistent", "tariffs OR nonexistent OR steel"}) {
        SearchOptions all;
        all.snippets = false;
        all.limit = 1000000;
        const auto exhaustive = searcher.search(query, all);
        ASSERT_TRUE(exhaustive.ok()) << query;
        const auto general = searcher.search(std::string(query) + " -zebras", all);
        ASSERT_TRUE(general.ok()) << query;
        ASSERT_GT(general->total, 0u) << query;
        ASSERT_EQ(exhaustive->total, general->total) << query;
        ASSERT_EQ(exhaustive->hits.size(), exhaustive->total) << query;
        for (std::size_t i = 0; i < general->hits.size(); ++i) {
            ASSERT_EQ(exhaustive->hits[i].unit, general->hits[i].unit) << query << " " << i;
            ASSERT_EQ(exhaustive->hits[i].segment, general->hits[i].segment) << query << " " << i;
            ASSERT_EQ(exhaustive->hits[i].score, general->hits[i].score) << query << " " << i;
        }
        SearchOptions count_only;
        count_only.limit = 0;
        EXPECT_EQ(searcher.search(query, count_only)->total, exhaustive->total) << query;
        for (const std::size_t k : {1, 3, 10, 57, 200}) {
            SearchOptions top;
            top.limit = k;
            top.snippets = k == 10;
            const auto r = searcher.search(query, top);
            ASSERT_TRUE(r.ok()) << query;
            EXPECT_EQ(r->total, exhaustive->total) << query << " " << k;
            ASSERT_EQ(r->hits.size(), std::min<std::size_t>(k, exhaustive->total)) << query << " " << k;
            if (r->scored < r->total) ++skipped_somewhere;
            for (std::size_t i = 0; i < r->hits.size(); ++i) {
                EXPECT_EQ(r->hits[i].segment, exhaustive->hits[i].segment) << query << " " << k << " " << i;
                EXPECT_EQ(r->hits[i].unit, exhaustive->hits[i].unit) << query << " " << k << " " << i;
                EXPECT_EQ(r->hits[i].score, exhaustive->hits[i].score) << query << " " << k << " " << i;
                if (top.snippets) {
                    EXPECT_FALSE(r->hits[i].matched_spans.empty()) << query << " " << i;
                }
            }
        }
    }
    EXPECT_GT(skipped_somewhere, 10u) << "the scorer never skipped a unit";
}

// Where the proximity bonus outweighs the words' own scores, the block scorer's bounds on it (per
// candidate: the words it matched and those still to probe) must still let every unit of the exhaustive top
// k through, with the same k1 and b.
TEST(SearchBlocked, ProximityBoundsKeepTheExhaustiveTopK) {
    testing::ScratchDir scratch("search-blocked-proximity");
    const auto index = open_trade_briefings(scratch);
    Searcher searcher(index);
    // An exclusion of a word no briefing has, and a phrase, take the general scorer (MaxScore over unit
    // lists), which bounds candidates the same way.
    std::vector<std::string> queries;
    for (const char* words : {"tariffs OR steel", "tariffs OR exports OR rules", "today OR tariffs OR ministry", "rules OR today"}) {
        queries.push_back(words);
        queries.push_back(std::string(words) + " -zebras");
    }
    queries.push_back("\"steel exports\" OR tariffs OR today");
    for (const double weight : {2.0, 8.0}) {
        for (const auto& query : queries) {
            SearchOptions all;
            all.snippets = false;
            all.limit = 1000000;
            all.ranking.proximity_weight = weight;
            const auto exhaustive = searcher.search(query, all);
            ASSERT_TRUE(exhaustive.ok()) << query;
            for (const std::size_t k : {1, 5, 10, 40}) {
                auto top = all;
                top.limit = k;
                const auto r = searcher.search(query, top);
                ASSERT_TRUE(r.ok()) << query;
                ASSERT_EQ(r->hits.size(), std::min<std::size_t>(k, exhaustive->total)) << query;
                for (std::size_t i = 0; i < r->hits.size(); ++i) {
                    EXPECT_EQ(r->hits[i].unit, exhaustive->hits[i].unit) << query << " weight " << weight << " k " << k << " " << i;
                    EXPECT_EQ(r->hits[i].score, exhaustive->hits[i].score) << query << " weight " << weight << " k " << k << " " << i;
                }
            }
        }
    }
}

// With filters and facets, words read block by block count and facet the union's accepted turns, and
// score only those: the same totals, facets and top k as the general path.
TEST(SearchBlocked, FilteredAndFacetedWordsEqualTheGeneralPath) {
    testing::ScratchDir scratch("search-blocked-filtered");
    const auto index = open_trade_briefings(scratch);
    Searcher searcher(index);
    std::vector<SearchOptions> variants(5);
    variants[0].facets = {"speaker", "role", "month", "event"};
    variants[1].from = "2024-02";
    variants[1].to = "2024-03-01";
    variants[2].roles = {"official"};
    variants[3].facets = {"speaker", "year"};
    variants[3].speakers = {"li"};
    variants[3].from = "2024-03";
    variants[4].kinds = {"question"};
    variants[4].facets = {"kind"};
    for (const char* query : {"tariffs", "tariffs OR steel", "ministry OR today", "exports OR nonexistent"}) {
        for (std::size_t v = 0; v < variants.size(); ++v) {
            for (const std::size_t k : {0, 1, 10, 57}) {
                auto options = variants[v];
                options.limit = k;
                options.snippets = false;
                options.facet_limit = 1000;
                const auto blocked = searcher.search(query, options);
                const auto general = searcher.search(std::string(query) + " -zebras", options);
                ASSERT_TRUE(blocked.ok() && general.ok()) << query;
                const auto where = std::string(query) + " variant " + std::to_string(v) + " k " + std::to_string(k);
                expect_same_results(*blocked, *general, where);
            }
        }
    }
}

// Under filters on events alone, a phrase not yet cached is listed over the accepted turns only, its
// document frequency counted over every turn: the same totals, facets, hits and bit-identical scores as
// the whole list (cached by an unfiltered search first), in a segment with a deleted event and in one
// without.
TEST(SearchBlocked, PhrasesListedOverAcceptedEventsEqualTheWholeList) {
    testing::ScratchDir scratch("search-phrase-events");
    const auto index = open_trade_briefings(scratch);
    const char* queries[] = {"\"steel exports\"", "\"tariffs today\" rules", "\"rules tariffs\" OR \"exports rules\"",
                             "\"steel exports\" -\"tariffs today\"", "question:\"steel exports\""};
    std::vector<SearchOptions> variants(4);
    variants[0].from = "2024-02";
    variants[0].to = "2024-03-01";
    variants[1].from = "2024-03-10";
    variants[1].facets = {"speaker", "month"};
    variants[2].to = "2024-02-10";
    variants[2].facets = {"event"};
    variants[3].to = "2023";  // accepts nothing
    for (const auto* query : queries) {
        for (std::size_t v = 0; v < variants.size(); ++v) {
            for (const std::size_t k : {1, 10, 1000}) {
                auto options = variants[v];
                options.limit = k;
                options.facet_limit = 1000;
                Searcher fresh(index), whole(index);
                SearchOptions unfiltered;
                unfiltered.snippets = false;
                ASSERT_TRUE(whole.search(query, unfiltered).ok());  // caches the phrases' whole lists
                const auto listed = fresh.search(query, options);
                const auto reference = whole.search(query, options);
                ASSERT_TRUE(listed.ok() && reference.ok()) << query;
                const auto where = std::string(query) + " variant " + std::to_string(v) + " k " + std::to_string(k);
                if (v != 3) {
                    EXPECT_GT(reference->total, 0u) << where;
                }
                expect_same_results(*listed, *reference, where);
            }
        }
    }
}

TEST_F(SearchTest, APassedDeadlineTimesOutAndAFutureOneChangesNothing) {
    SearchOptions late;
    late.deadline = std::chrono::steady_clock::now() - std::chrono::milliseconds(1);
    EXPECT_EQ(error_of("sanctions", late), "timed out");
    SearchOptions early;
    early.facets = {"speaker", "year"};
    early.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
    SearchOptions none = early;
    none.deadline.reset();
    const auto with = run("sanctions steel", early), without = run("sanctions steel", none);
    EXPECT_EQ(with.total, without.total);
    ASSERT_EQ(with.hits.size(), without.hits.size());
    for (std::size_t i = 0; i < with.hits.size(); ++i) EXPECT_EQ(with.hits[i].turn_id, without.hits[i].turn_id);
    EXPECT_GT(with.total, 0u);
}

}  // namespace
}  // namespace presser::search
