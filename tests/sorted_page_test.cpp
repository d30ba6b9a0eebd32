// A sorted page taken as the query runs (query/sorted_page.h) against the page of every hit sorted
// (sort_hits over all_hits), on the CQL test index (one segment) and on an index of several segments, where
// the candidates of each segment meet.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cql_index_fixture.h"
#include "index_test_support.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/sorted_page.h"

namespace presser {
namespace {

// The test index's sources again, written as one segment per event (a tiny memory budget), so that a page
// draws on the candidates of several segments.
const index::Index& segmented_index() {
    static const testing::FixtureIndex fixture = testing::build_cql_fixture("sorted-page", 1);
    return *fixture.index;
}

void expect_pages_equal_the_full_sort(const index::Index& index) {
    const std::vector<std::string> queries = {"[]", "[lower=\"the|of|and\"]", "[word=\"[A-Z].*\"] []", "[lower=\"a.*\"]{1,2}"};
    const std::vector<std::string> sorts = {"match", "left:word:desc", "match:lower:desc", "left:lemma,right:word:desc",
                                            "right:lower,match:word", "date:desc,match:lower", "speaker,left:lower",
                                            "outlet:desc", "event,role:desc,right:word"};
    const std::vector<std::pair<std::uint64_t, std::uint64_t>> pages = {{0, 20}, {7, 13}, {95, 50}, {0, 5000}, {40, 0}};
    for (const auto& cql : queries) {
        const auto query = testing::compile_cql(index, cql);
        auto every = query->all_hits(1);
        ASSERT_TRUE(every.ok());
        const auto counts = query::count_hits(index, every.value());
        for (const auto& sort : sorts) {
            const auto keys = query::parse_sort_keys(sort).value();
            for (const std::uint32_t depth : {1u, 8u}) {
                auto sorted = every.value();
                query::sort_hits(index, sorted, keys, depth);
                for (const auto& [offset, limit] : pages) {
                    auto page = query::sorted_page(*query, keys, offset, limit, depth, 2);
                    ASSERT_TRUE(page.ok()) << page.error().message;
                    std::vector<query::IndexHit> expected;
                    for (auto i = offset; i < sorted.size() && i < offset + limit; ++i) expected.push_back(sorted[i]);
                    EXPECT_EQ(page->hits, expected) << cql << " sorted by " << sort << " at depth " << depth << ", lines " << offset
                                                    << " + " << limit;
                    EXPECT_EQ(page->counts.hits, counts.hits);
                    EXPECT_EQ(page->counts.events, counts.events);
                    EXPECT_EQ(page->counts.turns, counts.turns);
                }
            }
        }
    }
}

TEST(SortedPage, EqualsThePageOfEveryHitSortedOnOneSegment) {
    ASSERT_EQ(testing::cql_fixture_index().segments().size(), 1u);
    expect_pages_equal_the_full_sort(testing::cql_fixture_index());
}

TEST(SortedPage, EqualsThePageOfEveryHitSortedAcrossSegments) {
    ASSERT_GT(segmented_index().segments().size(), 2u);
    expect_pages_equal_the_full_sort(segmented_index());
}

TEST(SortedPage, APageEndingPastTheBoundIsRefusedBeforeEvaluating) {
    const auto query = testing::compile_cql(testing::cql_fixture_index(), "[]");
    const auto keys = query::parse_sort_keys("left").value();
    auto page = query::sorted_page(*query, keys, query::kMaxSortedLines - 10, 11);
    ASSERT_FALSE(page.ok());
    EXPECT_NE(page.error().message.find("first 1000000 lines"), std::string::npos) << page.error().message;
    EXPECT_TRUE(query::sorted_page(*query, keys, query::kMaxSortedLines - 10, 10).ok());
}

}  // namespace
}  // namespace presser
