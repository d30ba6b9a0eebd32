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
    // p < 0.01: the critical value 6.634896601021214 of χ² with one degree of freedom.
    EXPECT_GT(testing::expect_keyness_of_target_against_rest(*index_, target, index::Attribute::lower, 0.01, 6.634896601021214), 0u);
}

}  // namespace
}  // namespace presser::analysis
