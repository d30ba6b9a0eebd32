// KWIC provenance on real data from ../shared (skipped when absent): a line's source byte range comes from its
// paragraph's layout measured only up to the line's last token; it must equal the range computed from the
// whole paragraph, for hits at every token (paragraph starts and ends, event ends), hits of two and three
// tokens (which cross paragraphs), in English, Spanish and Chinese (unspaced, multibyte) transcripts.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "index/index.h"
#include "index_test_support.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "test_paths.h"

namespace presser {
namespace {

using index::Attribute;
using index::Structure;

// The first `count` files of a corpus folder (recursively), by name.
std::vector<std::string> first_files(const std::filesystem::path& folder, std::size_t count) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    files.resize(std::min(files.size(), count));
    return files;
}

class KwicProvenance : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (testing::shared_dir().empty()) return;
        const auto corpora = testing::shared_dir() / "corpora";
        std::vector<std::string> files = first_files(corpora / "whitehouse-en", 2);
        for (auto more : {first_files(corpora / "amlo-es", 1), first_files(corpora / "mfa-zh" / "pages", 3),
                          first_files(testing::shared_dir() / "seed", 1)})
            files.insert(files.end(), more.begin(), more.end());
        scratch_ = new testing::ScratchDir("kwic-provenance");
        ASSERT_TRUE(index::build_index(scratch_->path() / "idx", files, {}).ok());
        auto opened = index::Index::open(scratch_->path() / "idx");
        ASSERT_TRUE(opened.ok());
        index_ = new index::Index(std::move(opened.value()));
    }
    static void TearDownTestSuite() {
        delete index_;
        delete scratch_;
        index_ = nullptr;
        scratch_ = nullptr;
    }
    void SetUp() override {
        PRESSER_REQUIRE_SHARED();
        ASSERT_NE(index_, nullptr);
    }

    static std::vector<query::IndexHit> hits_of(const std::string& cql) {
        auto parsed = query::cql::parse_cql(cql);
        EXPECT_TRUE(parsed.ok()) << cql;
        auto compiled = query::CorpusQuery::compile(*index_, parsed.value());
        EXPECT_TRUE(compiled.ok()) << cql;
        auto hits = (*compiled)->all_hits();
        EXPECT_TRUE(hits.ok()) << cql;
        return hits.value();
    }

    // [begin, end) in the source of tokens [start, end) of `segment`, from their paragraphs read whole.
    static std::optional<std::pair<std::uint64_t, std::uint64_t>> whole_paragraph_range(const query::IndexHit& hit) {
        const auto& segment = *index_->segments()[hit.segment];
        const auto& paragraphs = segment.regions(Structure::p);
        auto byte_of = [&](std::uint32_t pos, bool end) -> std::optional<std::uint64_t> {
            const auto p = paragraphs.find(pos);
            if (!p) return std::nullopt;
            auto& whole = whole_[{hit.segment, *p}];
            if (!whole) {
                auto layout = segment.paragraph(*p);
                EXPECT_TRUE(layout.ok());
                if (!layout) return std::nullopt;
                whole = std::move(layout.value());
            }
            EXPECT_EQ(whole->token_offsets.size(), paragraphs.end(*p) - paragraphs.start(*p));
            const auto k = pos - paragraphs.start(*p);
            if (k >= whole->token_offsets.size()) return std::nullopt;
            std::uint32_t offset = whole->token_offsets[k];
            if (!end) return whole->source_offset(offset);
            offset += static_cast<std::uint32_t>(segment.lexicon(Attribute::word).term(segment.term_at(Attribute::word, pos)).size());
            return whole->source_offset(offset - 1) + 1;
        };
        const auto begin = byte_of(hit.start, false), end = byte_of(hit.end - 1, true);
        if (!begin || !end) return std::nullopt;
        return std::pair{*begin, *end};
    }

    static void expect_whole_paragraph_ranges(const std::vector<query::IndexHit>& hits, const char* what) {
        const auto lines = query::kwic_lines(*index_, hits, {8, false}, 1);
        ASSERT_EQ(lines.size(), hits.size());
        std::size_t wrong = 0;
        for (const auto& line : lines) {
            const auto expected = whole_paragraph_range(line.hit);
            ASSERT_TRUE(expected.has_value()) << what << ": a token outside every paragraph at " << line.hit.start;
            const bool same = line.source_begin == expected->first && line.source_end == expected->second;
            if (!same && ++wrong <= 5)
                ADD_FAILURE() << what << ": hit [" << line.hit.start << ", " << line.hit.end << ") of segment " << line.hit.segment
                              << " '" << line.match << "' has " << line.source_begin.value_or(0) << "-" << line.source_end.value_or(0)
                              << (line.source_begin ? "" : " (none)") << ", the whole paragraph gives " << expected->first << "-"
                              << expected->second;
        }
        EXPECT_EQ(wrong, 0u) << what;
    }

    static testing::ScratchDir* scratch_;
    static index::Index* index_;
    static std::map<std::pair<std::uint32_t, std::uint64_t>, std::optional<index::StoredParagraph>> whole_;
};

testing::ScratchDir* KwicProvenance::scratch_ = nullptr;
index::Index* KwicProvenance::index_ = nullptr;
std::map<std::pair<std::uint32_t, std::uint64_t>, std::optional<index::StoredParagraph>> KwicProvenance::whole_;

TEST_F(KwicProvenance, LayoutUpToATokenIsThePrefixOfTheWholeOne) {
    std::size_t paragraphs_checked = 0;
    for (const auto& segment : index_->segments()) {
        const auto& paragraphs = segment->regions(Structure::p);
        for (std::uint64_t p = 0; p < paragraphs.size(); ++p) {
            const std::uint64_t n = paragraphs.end(p) - paragraphs.start(p);
            auto whole = segment->paragraph(p);
            ASSERT_TRUE(whole.ok());
            for (const std::uint64_t tokens : {std::uint64_t{0}, std::uint64_t{1}, n / 2, n - std::min<std::uint64_t>(n, 1), n, n + 7}) {
                auto layout = segment->paragraph_layout(p, tokens);
                ASSERT_TRUE(layout.ok());
                const auto kept = std::min(tokens, n);
                ASSERT_EQ(layout->token_offsets.size(), kept) << "paragraph " << p << ", " << tokens << " tokens";
                EXPECT_TRUE(std::equal(layout->token_offsets.begin(), layout->token_offsets.end(), whole->token_offsets.begin()))
                    << "paragraph " << p << ", " << tokens << " tokens";
                EXPECT_EQ(layout->anchors, whole->anchors) << "paragraph " << p;
                EXPECT_TRUE(layout->text.empty());
            }
            ++paragraphs_checked;
        }
    }
    EXPECT_GT(paragraphs_checked, 500u);
}

TEST_F(KwicProvenance, EveryTokenAndSpanHasTheWholeParagraphsRange) {
    const auto tokens = hits_of("[]");
    ASSERT_GT(tokens.size(), 20000u);
    expect_whole_paragraph_ranges(tokens, "[]");
    // Spans cross paragraphs (never events); hits of one, two and three tokens from the same start, in
    // that order, make a line need more of a paragraph that an earlier line measured less far.
    auto spans = tokens;
    for (const char* cql : {"[] []", "[]{3}"}) {
        const auto more = hits_of(cql);
        ASSERT_GT(more.size(), 10000u) << cql;
        spans.insert(spans.end(), more.begin(), more.end());
    }
    std::stable_sort(spans.begin(), spans.end(), [](const query::IndexHit& a, const query::IndexHit& b) {
        return std::tie(a.segment, a.start, a.end) < std::tie(b.segment, b.start, b.end);
    });
    expect_whole_paragraph_ranges(spans, "spans of 1-3 tokens in corpus order");
    // Backwards: each line needs less of the paragraph than the line before.
    std::reverse(spans.begin(), spans.end());
    expect_whole_paragraph_ranges(spans, "spans of 1-3 tokens backwards");
}

TEST_F(KwicProvenance, ChineseLinesHaveTheirRanges) {
    std::size_t chinese = 0;
    for (const auto& line : query::kwic_lines(*index_, hits_of("[]"), {8, false}, 1))
        if (line.language == "zh" && line.source_begin) ++chinese;
    EXPECT_GT(chinese, 1000u) << "the index must hold Chinese transcripts";
}

}  // namespace
}  // namespace presser
