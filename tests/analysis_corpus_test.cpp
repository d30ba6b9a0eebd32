// Frequency lists and keyness on real transcripts (a few dozen files of ../shared/corpora, English and
// Spanish, indexed in two commits): the engine's full tables against the plain reference implementation
// (analysis_reference.h) on random subcorpora, filtered subcorpora and the whole corpus.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/frequency_list.h"
#include "analysis/keyness.h"
#include "analysis/subcorpus.h"
#include "analysis_fixture.h"
#include "analysis_reference.h"
#include "test_paths.h"

namespace presser::analysis {
namespace {

namespace fs = std::filesystem;
using testing::expect_close;

// The first `count` files of `folder` (sorted), linked into `into`.
void link_files(const fs::path& folder, std::size_t count, const fs::path& into) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    fs::create_directories(into);
    for (std::size_t i = 0; i < files.size() && i < count; ++i) fs::create_symlink(files[i], into / files[i].filename());
}

class AnalysisCorpus : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (testing::shared_dir().empty()) return;
        scratch_ = new testing::ScratchDir("analysis_corpus");
        const auto corpora = testing::shared_dir() / "corpora";
        const auto first = scratch_->path() / "first", second = scratch_->path() / "second";
        link_files(corpora / "whitehouse-en" / "2022-03", 12, first / "wh");
        link_files(corpora / "amlo-es", 8, first / "amlo");
        link_files(corpora / "whitehouse-en" / "2023-06", 12, second / "wh");
        link_files(corpora / "fomc-en", 4, second / "fomc");
        const auto idx = scratch_->path() / "idx";
        ASSERT_TRUE(index::build_index(idx, {first.string()}, {}).ok());
        ASSERT_TRUE(index::build_index(idx, {second.string()}, {}).ok());
        auto opened = index::Index::open(idx);
        ASSERT_TRUE(opened.ok());
        index_ = new index::Index(std::move(opened.value()));
    }
    static void TearDownTestSuite() {
        delete index_;
        delete scratch_;
    }
    void SetUp() override { PRESSER_REQUIRE_SHARED(); }

    static void expect_reference_table(const TokenSpans& spans, index::Attribute attribute) {
        const auto reference = testing::reference_table(*index_, spans, attribute);
        auto engine = frequency_table(*index_, spans, {.attribute = attribute});
        ASSERT_TRUE(engine.ok());
        EXPECT_EQ(engine->size.tokens, reference.tokens);
        EXPECT_EQ(engine->size.turns, reference.turns.size());
        EXPECT_EQ(engine->size.events, reference.events.size());
        ASSERT_EQ(engine->rows.size(), reference.rows.size());
        std::size_t mismatches = 0;
        auto row = engine->rows.begin();
        for (const auto& [term, expected] : reference.rows) {
            ASSERT_EQ(row->term, term);
            const bool same = row->frequency == expected.frequency && row->events == expected.events.size() &&
                              row->turns == expected.turns.size() && row->juilland_d.has_value() == expected.d.has_value();
            if (!same && ++mismatches <= 5) ADD_FAILURE() << term << ": counts differ";
            if (expected.d) expect_close(*expected.d, row->juilland_d.value_or(-99), term + " D");
            expect_close(expected.dp, row->gries_dp.value_or(-99), term + " DP");
            expect_close(double(expected.frequency) * 1e6 / double(reference.tokens), row->per_million, term + " per million");
            ++row;
        }
        EXPECT_EQ(mismatches, 0u);
    }

    static testing::ScratchDir* scratch_;
    static index::Index* index_;
};
testing::ScratchDir* AnalysisCorpus::scratch_ = nullptr;
index::Index* AnalysisCorpus::index_ = nullptr;

TEST_F(AnalysisCorpus, WholeCorpusLowerAndLemmaMatchTheReference) {
    ASSERT_EQ(index_->segments().size(), 2u);
    expect_reference_table(whole_corpus(*index_), index::Attribute::lower);
    expect_reference_table(whole_corpus(*index_), index::Attribute::lemma);
}

TEST_F(AnalysisCorpus, RandomSubcorporaMatchTheReference) {
    std::mt19937 random(2026);
    for (int round = 0; round < 4; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        expect_reference_table(testing::random_spans(*index_, random, 50 + 200 * round), index::kAttributes[round % 3]);
    }
}

TEST_F(AnalysisCorpus, FilteredSubcorporaMatchTheReference) {
    SubcorpusDefinition spanish;
    spanish.filter.language = "es";
    SubcorpusDefinition questions;
    questions.cql = "<turn kind=\"question\"/>";
    questions.filter.date_from = "2023";
    for (const auto& definition : {spanish, questions}) {
        SCOPED_TRACE(describe(definition));
        auto subcorpus = resolve_subcorpus(*index_, definition);
        ASSERT_TRUE(subcorpus.ok());
        ASSERT_GT(subcorpus->size.tokens, 1000u);
        expect_reference_table(subcorpus->spans, index::Attribute::lemma);
    }
}

TEST_F(AnalysisCorpus, KeynessOfARandomSubcorpusAgainstTheRestMatchesTheReference) {
    std::mt19937 random(7);
    const auto target = testing::random_spans(*index_, random, 300);
    const auto rest = complement(*index_, target);
    const auto attribute = index::Attribute::lower;
    auto t = frequency_table(*index_, target, {.attribute = attribute, .dispersion = false});
    auto r = frequency_table(*index_, rest, {.attribute = attribute, .dispersion = false});
    ASSERT_TRUE(t.ok() && r.ok());
    const auto table = keyness(*t, *r, {.alpha = 0.01});
    const auto expected_t = testing::reference_table(*index_, target, attribute);
    const auto expected_r = testing::reference_table(*index_, rest, attribute);
    const double c = double(expected_t.tokens), d = double(expected_r.tokens);
    EXPECT_EQ(c + d, double(index_->tokens()));
    std::size_t significant = 0;
    std::map<std::string, std::pair<double, double>> counts;
    for (const auto& [term, row] : expected_t.rows) counts[term].first = double(row.frequency);
    for (const auto& [term, row] : expected_r.rows) counts[term].second = double(row.frequency);
    std::map<std::string, const KeywordRow*> listed;
    for (const auto* side : {&table.positive, &table.negative})
        for (const auto& row : *side) listed[row.term] = &row;
    for (const auto& [term, ab] : counts) {
        const auto [a, b] = ab;
        const double g2 = testing::reference_g2(a, b, c, d);
        const bool expected_listed = a * d != b * c && g2 >= 6.634896601021214;  // p < 0.01
        const auto found = listed.find(term);
        ASSERT_EQ(found != listed.end(), expected_listed) << term << " G2 " << g2;
        if (!expected_listed) continue;
        ++significant;
        expect_close(g2, found->second->log_likelihood, term + " G2");
        expect_close(std::log2(((a == 0 ? 0.5 : a) / c) / ((b == 0 ? 0.5 : b) / d)), found->second->log_ratio.value(), term + " log ratio");
        if (b > 0) expect_close((a / c - b / d) / (b / d) * 100, found->second->percent_diff.value(), term + " %DIFF");
    }
    EXPECT_GT(significant, 0u);
}

}  // namespace
}  // namespace presser::analysis
