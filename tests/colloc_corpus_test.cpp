// Collocations and n-grams on real transcripts from ../shared/corpora (a few dozen files of four
// families), for random queries and random subcorpora: the engine's full tables against the plain
// reference (tests/colloc_reference.h), every row and value. Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/collocations.h"
#include "analysis/ngrams.h"
#include "colloc_fixture.h"
#include "colloc_reference.h"
#include "test_paths.h"

namespace presser::testing::colloc {
namespace {

// The first `count` files of a corpus folder, by name.
std::vector<std::string> first_files(const std::filesystem::path& folder, std::size_t count) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    files.resize(std::min(files.size(), count));
    return files;
}

class CollocCorpus : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (shared_dir().empty()) return;
        scratch_ = new ScratchDir("colloc-corpus");
        const auto corpora = shared_dir() / "corpora";
        std::vector<std::string> inputs;
        for (const auto& [folder, count] : std::vector<std::pair<std::string, std::size_t>>{
                 {"whitehouse-en", 12}, {"fomc-en", 4}, {"amlo-es", 8}, {"mfa-zh/pages", 6}}) {
            auto files = first_files(corpora / folder, count);
            inputs.insert(inputs.end(), files.begin(), files.end());
        }
        const auto idx = scratch_->path() / "idx";
        // Two ingests, so the index has two segments.
        const auto half = inputs.begin() + static_cast<std::ptrdiff_t>(inputs.size() / 2);
        ASSERT_TRUE(index::build_index(idx, std::vector<std::string>(inputs.begin(), half), {}).ok());
        ASSERT_TRUE(index::build_index(idx, std::vector<std::string>(half, inputs.end()), {}).ok());
        auto opened = index::Index::open(idx);
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
    // A random token's value, as a query for it.
    static std::string random_term_query(std::mt19937& random, index::Attribute attribute, unsigned tokens) {
        const auto& segments = index_->segments();
        const auto& segment = *segments[random() % segments.size()];
        const auto position = static_cast<std::uint32_t>(random() % (segment.tokens() - tokens));
        std::string cql;
        for (unsigned i = 0; i < tokens; ++i) {
            const auto term = segment.term_at(attribute, position + i);
            const auto value = term < segment.lexicon(attribute).size() ? segment.lexicon(attribute).term(term) : std::string_view("the");
            cql += (i ? " [" : "[") + std::string(index::to_string(attribute)) + "=\"" + analysis::escape_regex(value) + "\"]";
        }
        return cql;
    }
    static ScratchDir* scratch_;
    static index::Index* index_;
};
ScratchDir* CollocCorpus::scratch_ = nullptr;
index::Index* CollocCorpus::index_ = nullptr;

TEST_F(CollocCorpus, CollocationsOfRandomQueriesMatchTheReference) {
    std::mt19937 random(2026);
    ASSERT_GE(index_->segments().size(), 2u);
    for (int round = 0; round < 12; ++round) {
        const auto attribute = index::kAttributes[round % 3];
        const auto cql = random_term_query(random, attribute, 1 + round % 2);
        const auto subcorpus = round % 3 == 0 ? analysis::whole_corpus(*index_) : random_subcorpus(*index_, random, 3);
        analysis::CollocationOptions options;
        options.attribute = index::kAttributes[(round + 1) % 3];
        options.left = random() % 6;
        options.right = random() % 6;
        if (round % 5 == 4) options.within = index::Structure::s;
        options.limit = 0;
        const auto query = compile(*index_, cql);
        auto table = analysis::collocations(*query, subcorpus, options);
        ASSERT_TRUE(table.ok());
        auto hits = query->all_hits();
        ASSERT_TRUE(hits.ok());
        const auto reference = reference_collocations(*index_, hits.value(), subcorpus, options.attribute, options.left, options.right, options.within);
        const std::string what = "round " + std::to_string(round) + " " + cql;
        ASSERT_EQ(table->nodes, reference.nodes) << what;
        EXPECT_EQ(table->corpus_tokens, reference.n) << what;
        ASSERT_EQ(table->rows.size(), reference.rows.size()) << what;
        for (const auto& row : table->rows) {
            const auto& expected = reference.rows.at(row.collocate);
            EXPECT_EQ(row.cooccurrences, expected.f_ab) << what << " " << row.collocate;
            EXPECT_EQ(row.collocate_frequency, expected.f_b) << what << " " << row.collocate;
            EXPECT_TRUE(close(*row.logdice, *expected.logdice)) << what << " " << row.collocate;
            EXPECT_TRUE(close(*row.mi, *expected.mi)) << what << " " << row.collocate;
            EXPECT_TRUE(close(*row.mi3, *expected.mi3)) << what << " " << row.collocate;
            EXPECT_TRUE(close(*row.t_score, *expected.t)) << what << " " << row.collocate;
            EXPECT_EQ(row.log_likelihood.has_value(), expected.ll.has_value()) << what << " " << row.collocate;
            if (row.log_likelihood && expected.ll) {
                EXPECT_TRUE(close(*row.log_likelihood, *expected.ll)) << what << " " << row.collocate;
            }
        }
    }
}

TEST_F(CollocCorpus, NgramsOfRandomSubcorporaMatchTheReference) {
    std::mt19937 random(7);
    for (int round = 0; round < 6; ++round) {
        const auto subcorpus = round == 0 ? analysis::whole_corpus(*index_) : random_subcorpus(*index_, random, 2);
        analysis::NgramOptions options;
        options.attribute = index::kAttributes[round % 3];
        options.n = 2 + round % 4;
        options.min_frequency = 1 + random() % 4;
        options.min_events = round % 2 ? 2 : 0;
        options.threads = 2;
        auto table = analysis::ngrams(*index_, subcorpus, options);
        ASSERT_TRUE(table.ok());
        const auto reference = reference_ngrams(*index_, subcorpus, options.attribute, options.n);
        std::size_t expected_rows = 0;
        for (const auto& [value, row] : reference) expected_rows += row.frequency >= options.min_frequency && row.events >= options.min_events;
        const std::string what = "round " + std::to_string(round);
        ASSERT_EQ(table->rows.size(), expected_rows) << what;
        for (const auto& row : table->rows) {
            const auto& expected = reference.at(row.ngram);
            EXPECT_EQ(row.frequency, expected.frequency) << what << " " << row.ngram;
            EXPECT_EQ(row.events, expected.events) << what << " " << row.ngram;
            EXPECT_EQ(row.turns, expected.turns) << what << " " << row.ngram;
            EXPECT_TRUE(close(row.dp, expected.dp)) << what << " " << row.ngram << " " << row.dp << " vs " << expected.dp;
        }
    }
}

}  // namespace
}  // namespace presser::testing::colloc
