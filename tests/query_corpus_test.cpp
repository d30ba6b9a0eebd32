// presser query on real data from ../shared (skipped when absent): the seed transcript and a slice of
// mfa-zh, each indexed into a scratch directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index_test_support.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/memory_view.h"
#include "query/reference_evaluator.h"
#include "test_paths.h"

namespace presser {
namespace {

std::vector<query::IndexHit> run(const index::Index& index, const std::string& cql) {
    auto parsed = query::cql::parse_cql(cql);
    EXPECT_TRUE(parsed.ok()) << cql;
    auto compiled = query::CorpusQuery::compile(index, parsed.value());
    EXPECT_TRUE(compiled.ok()) << cql;
    auto hits = (*compiled)->all_hits();
    EXPECT_TRUE(hits.ok()) << cql;
    return hits.value();
}

// The first `count` fomc-en transcripts, by name.
std::vector<std::string> first_fomc_transcripts(std::size_t count) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(testing::shared_dir() / "corpora" / "fomc-en"))
        if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    files.resize(std::min(files.size(), count));
    return files;
}

TEST(QueryCorpus, InvisibleHandInTheSeed) {
    PRESSER_REQUIRE_SHARED();
    const auto seed = testing::shared_dir() / "seed";
    testing::ScratchDir scratch("query-seed");
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {seed.string()}, {}).ok());
    auto index = index::Index::open(scratch.path() / "idx");
    ASSERT_TRUE(index.ok());
    // `grep -rioP 'invisible\s+hand' ../shared/seed` finds one occurrence: `an "invisible hand" pushing`.
    const auto hits = run(index.value(), "[lower=\"invisible\"] [lower=\"hand\"]");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].end - hits[0].start, 2u);
    const auto lines = query::kwic_lines(index.value(), hits, {8, false});
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].match, "invisible hand");
    ASSERT_TRUE(lines[0].source_begin.has_value());
    const std::string source = testing::read_file(lines[0].source);
    EXPECT_EQ(source.substr(*lines[0].source_begin, *lines[0].source_end - *lines[0].source_begin), "invisible hand");
    EXPECT_EQ(run(index.value(), "[lower=\"invisible\"] [lower=\"hand\"] within s").size(), 1u);
    EXPECT_EQ(run(index.value(), "[lower=\"hand\"] [lower=\"invisible\"]").size(), 0u);
}

// Every KWIC line's byte range spells its match in the source file, and the line's match spells it too (up
// to the whitespace that paragraph text normalises), over every hit of a frequent term, phrases and
// hyphenated compounds in a slice of fomc-en.
TEST(QueryCorpus, KwicByteRangesSpellTheMatchInTheSource) {
    PRESSER_REQUIRE_SHARED();
    const auto files = first_fomc_transcripts(6);
    testing::ScratchDir scratch("query-fomc-bytes");
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", files, {}).ok());
    auto index = index::Index::open(scratch.path() / "idx");
    ASSERT_TRUE(index.ok());
    // Whitespace as paragraph text normalises it; none around a hyphen, which KWIC lines join to both words
    // as most sources write it (docs/cql.md), where a source may break a line after it or suspend it.
    auto squeeze = [](std::string_view text) {
        std::string out;
        for (char c : text) {
            const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
            if (space && (out.empty() || out.back() == ' ' || out.back() == '-')) continue;
            if (c == '-' && !out.empty() && out.back() == ' ') out.pop_back();
            out += space ? ' ' : c;
        }
        return out;
    };
    std::map<std::string, std::string> sources;
    std::size_t checked = 0;
    // The compounds check the KWIC spacing of a hyphen, and a compound literal read as its tokens.
    for (const char* cql : {"[lower=\"inflation\"]", "[lower=\"the\"] [lower=\"committee\"]", "[lower=\"labor\"] [lower=\"market\"]",
                            "[word=\"\\w+\"] \"-\" [word=\"\\w+\"]", "[lower=\"longer-run\"]"}) {
        const auto hits = run(index.value(), cql);
        ASSERT_FALSE(hits.empty()) << cql;
        for (const auto& line : query::kwic_lines(index.value(), hits, {8, false})) {
            ASSERT_TRUE(line.source_begin && line.source_end) << cql << " " << line.match;
            auto& source = sources[line.source];
            if (source.empty()) source = testing::read_file(line.source);
            ASSERT_LE(*line.source_end, source.size());
            EXPECT_EQ(squeeze(source.substr(*line.source_begin, *line.source_end - *line.source_begin)), squeeze(line.match))
                << cql << " in " << line.source << " at " << *line.source_begin;
            ++checked;
        }
    }
    EXPECT_GT(checked, 100u);
}

// On a slice of fomc-en, queries over long lists give exactly the reference evaluator's hits:
//  * unions of thousands of terms (regexes over the lexicon), which start as a heap of cursors and
//    materialise after the first page (far more hits than that page);
//  * phrases of frequent words, whose lists span many blocks, filtered a block at a time (the phrase
//    plan's merges and seeks), and the one that checks a bitmap slice (`the [] of`).
TEST(QueryCorpus, LongListsMatchTheReference) {
    PRESSER_REQUIRE_SHARED();
    const auto files = first_fomc_transcripts(3);
    testing::ScratchDir scratch("query-fomc-union");
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", files, {}).ok());
    auto index = index::Index::open(scratch.path() / "idx");
    ASSERT_TRUE(index.ok());
    ASSERT_EQ(index->segments().size(), 1u);
    const auto view = query::memory_view(*index->segments().front());
    const std::pair<const char*, std::size_t> cases[] = {
        {"[lower=\".*e.*\"]", 1100}, {"[lower=\".*s\"] [lower=\"[a-m].*\"]", 1100}, {"[lower=\".*e.*\"] []", 1100},  // > the heap's 1024
        // `the` is about 1,500 positions (12 blocks) of 33,000.
        {"[lower=\"of\"] [lower=\"the\"]", 100}, {"[lower=\"in\"] [lower=\"the\"]", 100}, {"[lower=\"that\"] [lower=\"the\"]", 50},
        {"[lower=\"the\"] [lower=\"federal\"] [lower=\"reserve\"]", 5}, {"[lower=\"of\"] [lower=\"the\"] [lower=\"committee\"]", 1},
        {"[lower=\"the\"] [] [lower=\"of\"]", 100}, {"[lower=\"the\"] [] [lower=\"of\"] [lower=\"the\"]", 30},
        {"[lower=\"the\"] [lower=\"the\"]", 0},
    };
    for (const auto& [cql, at_least] : cases) {
        // for_each streams in order from position 0 (all_hits may split the segment into ranges).
        std::vector<query::IndexHit> hits;
        auto compiled = query::CorpusQuery::compile(index.value(), query::cql::parse_cql(cql).value());
        ASSERT_TRUE(compiled.ok()) << cql;
        ASSERT_TRUE((*compiled)->for_each([&](const query::IndexHit& hit) { hits.push_back(hit); return true; }).ok());
        EXPECT_EQ(hits, run(index.value(), cql)) << cql;
        EXPECT_EQ((*compiled)->count().value(), hits.size()) << cql;
        EXPECT_GE(hits.size(), at_least) << cql;
        auto expected = query::evaluate_reference(query::cql::parse_cql(cql).value(), view, {});
        ASSERT_TRUE(expected.ok()) << cql;
        ASSERT_EQ(hits.size(), expected->size()) << cql;
        for (std::size_t i = 0; i < hits.size(); ++i) {
            ASSERT_EQ(hits[i].start, (*expected)[i].start) << cql << " hit " << i;
            ASSERT_EQ(hits[i].end, (*expected)[i].end) << cql << " hit " << i;
        }
    }
}

TEST(QueryCorpus, OutletDistributionOnMfaZh) {
    PRESSER_REQUIRE_SHARED();
    const auto pages = testing::shared_dir() / "corpora" / "mfa-zh" / "pages";
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(pages)) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    files.resize(std::min<std::size_t>(files.size(), 12));
    testing::ScratchDir scratch("query-mfa");
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", files, {}).ok());
    auto index = index::Index::open(scratch.path() / "idx");
    ASSERT_TRUE(index.ok());
    const auto hits = run(index.value(), "<turn kind=\"question\"/>");
    ASSERT_FALSE(hits.empty());
    const auto rows = query::distribution(index.value(), hits, query::parse_group_by("turn.affiliation").value());
    std::uint64_t named = 0, total = 0;
    for (const auto& row : rows) {
        total += row.hits;
        if (!row.value.empty()) {
            ++named;
            EXPECT_GT(row.tokens, 0u) << row.value;
        }
    }
    EXPECT_EQ(total, hits.size());
    EXPECT_GT(named, 0u) << "no question turn with an outlet";
    // Filtering by the top outlet gives exactly the question turns of that outlet.
    auto top = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return !r.value.empty(); });
    ASSERT_NE(top, rows.end());
    auto parsed = query::cql::parse_cql("<turn kind=\"question\"/>");
    query::QueryOptions options;
    options.filter.outlet = top->value;
    auto filtered = query::CorpusQuery::compile(index.value(), parsed.value(), options);
    ASSERT_TRUE(filtered.ok());
    EXPECT_EQ((*filtered)->count().value(), top->hits);
}

TEST(QueryCli, BadCqlExitsWithTheColumn) {
    std::string output;
    testing::ScratchDir scratch("query-cli");
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {(testing::source_dir() / "samples").string()}, {}).ok());
    EXPECT_EQ(testing::run_presser({"query", "--index", (scratch.path() / "idx").string(), "[lower=\"the\""}, &output), 2);
    EXPECT_NE(output.find("column 13: expected ']'"), std::string::npos) << output;
    EXPECT_EQ(testing::run_presser({"query", "--index", (scratch.path() / "idx").string(), "[lower=\"the\"] [lower=\"fishing\"]", "--count",
                                    "--format", "tsv"}, &output), 0);
    EXPECT_EQ(output, "hits\tevents\tturns\tmatching\n12\t10\t11\tstandard\n");
}

}  // namespace
}  // namespace presser

namespace presser {
namespace {

std::uint64_t count_of(const index::Index& index, const std::string& cql, const query::QueryOptions& options = {}) {
    auto parsed = query::cql::parse_cql(cql);
    auto compiled = query::CorpusQuery::compile(index, parsed.value(), options);
    return (*compiled)->count().value();
}

TEST(QueryIndex, ReplacedEventsAreInvisible) {
    testing::ScratchDir scratch("query-deleted");
    const auto sources = scratch.path() / "sources";
    std::filesystem::create_directories(sources);
    for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() / "samples"))
        if (entry.path().filename() != "README.md") std::filesystem::copy_file(entry.path(), sources / entry.path().filename());
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    // Change one transcript: its event is replaced (deleted in the old segment, added in a new one).
    const auto harbour = sources / "2024-05-14-harbour-authority-briefing.txt";
    std::string text = testing::read_file(harbour);
    text.replace(text.find("Good morning."), 13, "Good morning. The breakwater, the breakwater.");
    std::ofstream(harbour) << text;
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    ASSERT_TRUE(index::build_index(scratch.path() / "fresh", {sources.string()}, {}).ok());
    auto updated = index::Index::open(scratch.path() / "idx");
    auto fresh = index::Index::open(scratch.path() / "fresh");
    ASSERT_TRUE(updated.ok() && fresh.ok());
    ASSERT_GT(updated->segments().size(), 1u);
    for (const char* cql : {"[lower=\"the\"]", "[lower=\"the\"] [lower=\"breakwater\"]", "[lower=\"breakwater\"] []{0,3} [lower=\"the\"]",
                            "<event/>", "<turn/> containing [lower=\"breakwater\"]", "[]", "[lower=\"the\"] within turn"})
        EXPECT_EQ(count_of(updated.value(), cql), count_of(fresh.value(), cql)) << cql;
    query::QueryOptions options;
    options.filter.speaker = "Elena Vasquez";
    EXPECT_EQ(count_of(updated.value(), "[lower=\"breakwater\"]", options), count_of(fresh.value(), "[lower=\"breakwater\"]", options));
}

TEST(QueryCli, KwicSortPagingAndJson) {
    testing::ScratchDir scratch("query-cli-kwic");
    const auto idx = (scratch.path() / "idx").string();
    ASSERT_TRUE(index::build_index(idx, {(testing::source_dir() / "samples").string()}, {}).ok());
    std::string output;
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, "[lower=\"the\"]", "--sort", "right:lower", "--page", "2", "--page-size", "3",
                                    "--format", "json", "--context", "2", "--turn-context"}, &output), 0) << output;
    auto json = nlohmann::json::parse(output.substr(output.find('{')));
    EXPECT_EQ(json["lines"].size(), 3u);
    EXPECT_GT(json["hits"].get<int>(), 6);
    std::vector<std::string> rights;
    for (const auto& line : json["lines"]) rights.push_back(line["right"].get<std::string>());
    EXPECT_TRUE(std::is_sorted(rights.begin(), rights.end(), [](const std::string& a, const std::string& b) {
        return a.substr(0, a.find(' ')) < b.substr(0, b.find(' '));
    })) << output;
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, "[]", "--group-by", "event.date:month", "--format", "tsv"}, &output), 0);
    EXPECT_NE(output.find("2024-05\t"), std::string::npos) << output;
    EXPECT_EQ(testing::run_presser({"query", "--index", idx, "[]", "--group-by", "turn"}, &output), 2);
}

TEST(QueryCli, SortByKeysThenCorpusOrder) {
    testing::ScratchDir scratch("query-cli-sort");
    const auto idx = (scratch.path() / "idx").string();
    ASSERT_TRUE(index::build_index(idx, {(testing::source_dir() / "samples").string()}, {}).ok());
    const std::string cql = "[lower=\"the|a|and\"]";
    std::string output;
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sort", "match:lower,left:lower:desc", "--page-size", "1000",
                                    "--context", "3", "--format", "json"}, &output), 0) << output;
    const auto json = nlohmann::json::parse(output.substr(output.find('{')));
    // The lines are the library's order for the same keys and depth.
    auto index = index::Index::open(idx);
    ASSERT_TRUE(index.ok());
    auto expected = run(index.value(), cql);
    ASSERT_GT(expected.size(), 20u);
    query::sort_hits(index.value(), expected, query::parse_sort_keys("match:lower,left:lower:desc").value(), 3);
    ASSERT_EQ(json["lines"].size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(json["lines"][i]["segment"], expected[i].segment) << i;
        EXPECT_EQ(json["lines"][i]["start"], expected[i].start) << i;
    }
    auto corpus_order = run(index.value(), cql);
    query::sort_hits(index.value(), corpus_order, query::parse_sort_keys("match:lower").value(), 3);
    EXPECT_NE(corpus_order, expected) << "the second key changes nothing on this data";

    EXPECT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sort", "match:lower,lefty"}, &output), 2);
    EXPECT_NE(output.find("--sort: sort key 2 'lefty': unknown part 'lefty'"), std::string::npos) << output;
}

TEST(QueryCli, SortByMetadataKeysAndThinToASample) {
    testing::ScratchDir scratch("query-cli-meta");
    const auto idx = (scratch.path() / "idx").string();
    ASSERT_TRUE(index::build_index(idx, {(testing::source_dir() / "samples").string()}, {}).ok());
    const std::string cql = "[lower=\"the|a|and\"]";
    auto index = index::Index::open(idx);
    ASSERT_TRUE(index.ok());
    std::string output;
    for (const std::string keys : {"date:desc,left:lower", "speaker,match", "outlet:desc,event,role"}) {
        ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sort", keys, "--page", "2", "--page-size", "30", "--context", "3",
                                        "--format", "json"}, &output), 0) << output;
        const auto json = nlohmann::json::parse(output.substr(output.find('{')));
        auto expected = run(index.value(), cql);
        query::sort_hits(index.value(), expected, query::parse_sort_keys(keys).value(), 3);
        ASSERT_EQ(json["lines"].size(), 30u) << keys;
        for (std::size_t i = 0; i < 30; ++i) EXPECT_EQ(json["lines"][i]["start"], expected[30 + i].start) << keys << " " << i;
    }
    // Thin: the sample's size and seed in JSON, the exact count beside it; the same seed the same lines.
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sample", "12", "--seed", "5", "--format", "json"}, &output), 0) << output;
    const auto sample = nlohmann::json::parse(output.substr(output.find('{')));
    EXPECT_EQ(sample["sample"], (nlohmann::json{{"size", 12}, {"seed", 5}}));
    EXPECT_EQ(sample["hits"], run(index.value(), cql).size());
    EXPECT_EQ(sample["lines"].size(), 12u);
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sample", "12", "--seed", "5", "--format", "json"}, &output), 0);
    EXPECT_EQ(nlohmann::json::parse(output.substr(output.find('{')))["lines"], sample["lines"]);
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sample", "12", "--seed", "5"}, &output), 0);
    EXPECT_NE(output.find("a random sample of 12 of "), std::string::npos) << output;
    EXPECT_NE(output.find(" hits, seed 5"), std::string::npos) << output;

    EXPECT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sort", "date:word"}, &output), 2);
    EXPECT_NE(output.find("--sort: sort key 1 'date:word': 'date' takes no attribute"), std::string::npos) << output;
    EXPECT_EQ(testing::run_presser({"query", "--index", idx, cql, "--sample", "2000000"}, &output), 2);
    EXPECT_NE(output.find("--sample: at most 1000000 lines"), std::string::npos) << output;
}

TEST(QueryCli, MatchingStrategyReachesTheQueryAndNamesEveryCount) {
    testing::ScratchDir scratch("query-cli-matching");
    const auto idx = (scratch.path() / "idx").string();
    ASSERT_TRUE(index::build_index(idx, {(testing::source_dir() / "samples").string()}, {}).ok());
    const std::string cql = "[lower=\"the\"] [lower=\"fishing\"]?";
    std::string output;
    // JSON names the strategy the compiled query holds (CorpusQuery::options().matching).
    for (const char* strategy : {"standard", "shortest", "longest", "all"}) {
        ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--matching", strategy, "--count", "--format", "json"}, &output), 0)
            << output;
        EXPECT_EQ(nlohmann::json::parse(output.substr(output.find('{')))["matching"], strategy) << output;
    }
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--count", "--format", "json"}, &output), 0) << output;
    EXPECT_EQ(nlohmann::json::parse(output.substr(output.find('{')))["matching"], "standard");
    // The table's total line, the TSV count and a group's total line.
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--matching", "longest", "--page-size", "2"}, &output), 0);
    EXPECT_NE(output.find(" turns, longest matching ("), std::string::npos) << output;
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--matching", "all", "--count", "--format", "tsv"}, &output), 0);
    EXPECT_TRUE(output.ends_with("\tall\n")) << output;
    ASSERT_EQ(testing::run_presser({"query", "--index", idx, cql, "--matching", "shortest", "--group-by", "turn.role"}, &output), 0);
    EXPECT_NE(output.find(" turns, shortest matching ("), std::string::npos) << output;
    // An unknown strategy exits 2 listing the accepted names.
    EXPECT_EQ(testing::run_presser({"query", "--index", idx, cql, "--matching", "greedy"}, &output), 2);
    EXPECT_NE(output.find("--matching: unknown strategy 'greedy': expected standard, shortest, longest or all"), std::string::npos) << output;
}

}  // namespace
}  // namespace presser
