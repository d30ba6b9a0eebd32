// TokenSpans: the subcorpus representation every analysis reads. Normalising, intersecting, and the live
// corpus and its complement on a real index with a deleted (replaced) event.
#include <gtest/gtest.h>

#include <fstream>

#include "analysis/token_spans.h"
#include "index/index.h"
#include "index_test_support.h"

namespace presser::analysis {
namespace {

namespace fs = std::filesystem;

TEST(TokenSpans, NormaliseSortsDropsEmptyAndJoinsTouching) {
    std::vector<TokenSpan> spans{{10, 12}, {3, 3}, {0, 4}, {4, 6}, {11, 20}, {30, 31}};
    normalise(spans);
    EXPECT_EQ(spans, (std::vector<TokenSpan>{{0, 6}, {10, 20}, {30, 31}}));
}

TEST(TokenSpans, IntersectKeepsOnlyTokensInBoth) {
    TokenSpans a{{{{0, 10}, {20, 30}}, {{5, 6}}}};
    TokenSpans b{{{{5, 25}}, {}}};
    const auto both = intersect(a, b);
    ASSERT_EQ(both.segments.size(), 2u);
    EXPECT_EQ(both.segments[0], (std::vector<TokenSpan>{{5, 10}, {20, 25}}));
    EXPECT_TRUE(both.segments[1].empty());
    EXPECT_EQ(both.tokens(), 10u);
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

TEST(TokenSpans, WholeCorpusIsTheLiveEventsAndComplementTheRest) {
    testing::ScratchDir scratch("token_spans");
    const auto corpus = scratch.path() / "in";
    write(corpus / "a.txt", "Q: Why now?\n\nMR. SMITH: Because the time has come.\n");
    write(corpus / "b.txt", "Q: And then?\n\nMR. SMITH: We shall see.\n");
    const auto idx = scratch.path() / "idx";
    ASSERT_TRUE(index::build_index(idx, {corpus.string()}, {}).ok());
    write(corpus / "b.txt", "Q: And then, sir?\n\nMR. SMITH: We shall see soon.\n");  // replaces b's event
    ASSERT_TRUE(index::build_index(idx, {corpus.string()}, {}).ok());

    auto index = index::Index::open(idx);
    ASSERT_TRUE(index.ok());
    const auto all = whole_corpus(*index);
    EXPECT_EQ(all.tokens(), index->tokens());
    EXPECT_EQ(all.segments.size(), index->segments().size());

    // A target of the first live event's first two tokens: its complement holds every other live token.
    TokenSpans target;
    for (const auto& list : all.segments) {
        target.segments.emplace_back();
        if (target.tokens() == 0 && !list.empty()) target.segments.back().push_back({list[0].start, list[0].start + 2});
    }
    const auto rest = complement(*index, target);
    EXPECT_EQ(rest.tokens(), index->tokens() - 2);
    EXPECT_EQ(intersect(rest, target).tokens(), 0u);
    EXPECT_EQ(complement(*index, rest).segments, target.segments);
}

}  // namespace
}  // namespace presser::analysis
