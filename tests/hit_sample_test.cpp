// A random sample of a query's hits (query/hit_sample.h) against every hit of the query, on the CQL test
// index (one segment) and on an index of several segments.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cql_index_fixture.h"
#include "index_test_support.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/hit_sample.h"

namespace presser {
namespace {

const index::Index& segmented_index() {
    static const testing::FixtureIndex fixture = testing::build_cql_fixture("hit-sample", 1);
    return *fixture.index;
}

void expect_samples_of_the_hits(const index::Index& index) {
    for (const std::string cql : {"[]", "[lower=\"the|of|and\"]", "[word=\"[A-Z].*\"] []"}) {
        const auto query = testing::compile_cql(index, cql);
        auto every = query->all_hits(1);
        ASSERT_TRUE(every.ok());
        const auto counts = query::count_hits(index, every.value());
        const std::set<query::IndexHit> all(every->begin(), every->end());
        for (const std::uint64_t size : std::vector<std::uint64_t>{0, 1, 17, 100, every->size() + 5}) {
            SCOPED_TRACE(cql + " sample of " + std::to_string(size));
            auto sample = query::sample_hits(*query, size, 7, 2);
            ASSERT_TRUE(sample.ok()) << sample.error().message;
            EXPECT_EQ(sample->hits.size(), std::min<std::uint64_t>(size, every->size()));
            EXPECT_TRUE(std::is_sorted(sample->hits.begin(), sample->hits.end()));
            EXPECT_EQ(std::set<query::IndexHit>(sample->hits.begin(), sample->hits.end()).size(), sample->hits.size()) << "drawn twice";
            for (const auto& hit : sample->hits) EXPECT_TRUE(all.contains(hit)) << "not a hit";
            EXPECT_EQ(sample->counts.hits, counts.hits);
            EXPECT_EQ(sample->counts.events, counts.events);
            EXPECT_EQ(sample->counts.turns, counts.turns);
            // The same seed draws the same lines, whatever the number of threads.
            auto again = query::sample_hits(*query, size, 7, 1);
            ASSERT_TRUE(again.ok());
            EXPECT_EQ(again->hits, sample->hits);
        }
    }
}

TEST(HitSample, IsASubsetOfTheHitsWithTheExactCountsOnOneSegment) {
    expect_samples_of_the_hits(testing::cql_fixture_index());
}

TEST(HitSample, IsASubsetOfTheHitsWithTheExactCountsAcrossSegments) {
    ASSERT_GT(segmented_index().segments().size(), 2u);
    expect_samples_of_the_hits(segmented_index());
}

TEST(HitSample, DifferentSeedsDrawDifferentLinesAndEveryHitIsDrawnSometimes) {
    const auto query = testing::compile_cql(testing::cql_fixture_index(), "[lower=\"tariffs\"]");
    auto every = query->all_hits(1);
    ASSERT_TRUE(every.ok());
    ASSERT_GT(every->size(), 20u);
    const std::uint64_t size = every->size() / 4;
    std::set<query::IndexHit> drawn;
    std::set<std::vector<query::IndexHit>> samples;
    const int seeds = 200;
    for (int seed = 0; seed < seeds; ++seed) {
        auto sample = query::sample_hits(*query, size, static_cast<std::uint64_t>(seed), 2);
        ASSERT_TRUE(sample.ok());
        drawn.insert(sample->hits.begin(), sample->hits.end());
        samples.insert(sample->hits);
    }
    // With a quarter of the hits per draw, a hit missed by 200 uniform draws has probability 0.75^200.
    EXPECT_EQ(drawn.size(), every->size()) << "some hits were never drawn";
    EXPECT_GT(samples.size(), static_cast<std::size_t>(seeds * 9 / 10)) << "seeds repeat the same sample";
}

TEST(HitSample, ASampleLargerThanTheBoundIsRefused) {
    const auto query = testing::compile_cql(testing::cql_fixture_index(), "[]");
    auto sample = query::sample_hits(*query, query::kMaxSampleLines + 1, 1);
    ASSERT_FALSE(sample.ok());
    EXPECT_NE(sample.error().message.find("at most 1000000 lines"), std::string::npos) << sample.error().message;
}

}  // namespace
}  // namespace presser
