// query::hit_ranges: the bytes of a paragraph's reader text that hits cover.
#include <gtest/gtest.h>

#include "index/index.h"
#include "index_test_support.h"
#include "query/cql_parser.h"
#include "query/hit_ranges.h"
#include "test_paths.h"

namespace presser {
namespace {

class HitRanges : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(index::build_index(scratch_.path() / "idx", {(testing::source_dir() / "samples").string()}, {}).ok());
        auto opened = index::Index::open(scratch_.path() / "idx");
        ASSERT_TRUE(opened.ok());
        index_.emplace(std::move(opened.value()));
    }
    std::vector<query::IndexHit> hits(const std::string& cql) {
        auto compiled = query::CorpusQuery::compile(*index_, query::cql::parse_cql(cql).value());
        return (*compiled)->all_hits().value();
    }
    testing::ScratchDir scratch_{"hit-ranges"};
    std::optional<index::Index> index_;
};

TEST_F(HitRanges, CoverTheHitsWordsInTheParagraphText) {
    const auto& segment = *index_->segments()[0];
    const auto& paragraphs = segment.regions(index::Structure::p);
    const auto found = hits("[lower=\"the\"] [lower=\"storm\"]");
    ASSERT_FALSE(found.empty());
    for (const auto& hit : found) {
        const auto p = paragraphs.find(hit.start).value();
        const auto stored = segment.paragraph(p).value();
        const auto ranges = query::hit_ranges(segment, p, stored, {hit});
        ASSERT_EQ(ranges.size(), 1u);
        const auto text = stored.text.substr(ranges[0].begin, ranges[0].end - ranges[0].begin);
        EXPECT_TRUE(text == "the storm" || text == "The storm") << text;
    }
}

TEST_F(HitRanges, MergeOverlapsAndClipAtTheParagraphEdges) {
    const auto& segment = *index_->segments()[0];
    const auto& paragraphs = segment.regions(index::Structure::p);
    std::uint64_t p = 0;
    while (p < paragraphs.size() && paragraphs.end(p) - paragraphs.start(p) < 4) ++p;
    ASSERT_LT(p, paragraphs.size());
    const auto stored = segment.paragraph(p).value();
    const std::uint32_t first = paragraphs.start(p), end = paragraphs.end(p);
    // Two overlapping hits on the first three tokens give one range; a hit running on past the paragraph stops at its end.
    auto ranges = query::hit_ranges(segment, p, stored, {{0, first + 1, first + 3}, {0, first, first + 2}});
    ASSERT_EQ(ranges.size(), 1u);
    EXPECT_EQ(ranges[0].begin, stored.token_offsets[0]);
    EXPECT_GT(ranges[0].end, stored.token_offsets[2]);
    EXPECT_LE(ranges[0].end, stored.token_offsets[3]);
    ranges = query::hit_ranges(segment, p, stored, {{0, end - 1, end + 5}});
    ASSERT_EQ(ranges.size(), 1u);
    EXPECT_EQ(ranges[0].begin, stored.token_offsets.back());
    EXPECT_LE(ranges[0].end, stored.text.size());
    EXPECT_TRUE(query::hit_ranges(segment, p, stored, {{0, end, end + 1}}).empty());
    if (first > 0) {
        EXPECT_TRUE(query::hit_ranges(segment, p, stored, {{0, first - 1, first}}).empty());
    }
}

}  // namespace
}  // namespace presser
