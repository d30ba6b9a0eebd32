// presser query on real data from ../shared (skipped when absent): the seed transcript and a slice of
// mfa-zh, each indexed into a scratch directory.
#include <gtest/gtest.h>

#include <algorithm>

#include "index/index.h"
#include "index_test_support.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
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
    EXPECT_EQ(output, "2\t1\t2\n");
}

}  // namespace
}  // namespace presser
