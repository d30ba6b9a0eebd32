// The analyses' shortcuts against the ways they short-cut, on small made-up corpora: the whole corpus's
// frequency list from turns.tf against the token scan (bit for bit), keyness's "rest" by subtraction from
// the lexicon counts against counting the rest, and a checkpoint that stops each long analysis.
#include <gtest/gtest.h>

#include <cstring>

#include "analysis/frequency_list.h"
#include "analysis/keyness_counts.h"
#include "analysis/ngrams.h"
#include "analysis_fixture.h"

namespace presser::analysis {
namespace {

bool same_bits(const std::optional<double>& a, const std::optional<double>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

class AnalysisFastPaths : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("analysis_fast_paths");
        for (const bool deletions : {false, true}) {
            const auto idx = testing::build_analysis_corpus(scratch_->path() / (deletions ? "deleted" : "plain"), deletions);
            ASSERT_FALSE(idx.empty());
            auto opened = index::Index::open(idx);
            ASSERT_TRUE(opened.ok());
            (deletions ? deleted_ : plain_) = new index::Index(std::move(opened.value()));
        }
    }
    static void TearDownTestSuite() {
        delete plain_;
        delete deleted_;
        delete scratch_;
    }
    static inline testing::ScratchDir* scratch_ = nullptr;
    static inline index::Index* plain_ = nullptr;
    static inline index::Index* deleted_ = nullptr;
};

TEST_F(AnalysisFastPaths, CorporaWithAndWithoutADeletedEvent) {
    EXPECT_FALSE(plain_->segments()[0]->has_deleted_events());
    EXPECT_TRUE(deleted_->segments()[0]->has_deleted_events());
    for (const auto* index : {plain_, deleted_})
        for (const auto& segment : index->segments()) EXPECT_TRUE(segment->has_turn_frequencies());
}

TEST_F(AnalysisFastPaths, WholeCorpusListFromTurnFrequenciesEqualsTheScanBitForBit) {
    for (const auto* index : {plain_, deleted_}) {
        for (const auto attribute : {index::Attribute::lower, index::Attribute::lemma}) {
            for (const bool dispersion : {true, false}) {
                SCOPED_TRACE(std::string(index::to_string(attribute)) + (dispersion ? " with dispersion" : ""));
                FrequencyOptions options{.attribute = attribute, .dispersion = dispersion, .threads = 2};
                auto from_turns = frequency_table(*index, whole_corpus(*index), options);
                options.use_turn_frequencies = false;
                auto scanned = frequency_table(*index, whole_corpus(*index), options);
                ASSERT_TRUE(from_turns.ok() && scanned.ok());
                EXPECT_EQ(from_turns->size.tokens, scanned->size.tokens);
                EXPECT_EQ(from_turns->parts, scanned->parts);
                ASSERT_EQ(from_turns->rows.size(), scanned->rows.size());
                for (std::size_t i = 0; i < scanned->rows.size(); ++i) {
                    const auto &a = from_turns->rows[i], &b = scanned->rows[i];
                    ASSERT_EQ(a.term, b.term);
                    EXPECT_EQ(a.frequency, b.frequency) << a.term;
                    EXPECT_EQ(a.events, b.events) << a.term;
                    EXPECT_EQ(a.turns, b.turns) << a.term;
                    EXPECT_TRUE(same_bits(a.per_million, b.per_million)) << a.term;
                    EXPECT_TRUE(same_bits(a.juilland_d, b.juilland_d)) << a.term;
                    EXPECT_TRUE(same_bits(a.gries_dp, b.gries_dp)) << a.term;
                }
            }
        }
    }
}

// keyness_counts() with the rest subtracted equals counting the rest, on random targets.
TEST_F(AnalysisFastPaths, KeynessRestBySubtractionEqualsTheDirectCount) {
    std::mt19937 random(15);
    for (const auto* index : {plain_, deleted_}) {
        for (int round = 0; round < 30; ++round) {
            const auto target = testing::random_spans(*index, random, 1 + round % 5);
            if (target.empty()) continue;
            const auto rest = complement(*index, target);
            const auto attribute = index::kAttributes[round % 3];
            SCOPED_TRACE("round " + std::to_string(round) + " " + std::string(index::to_string(attribute)));
            const FrequencyOptions options{.attribute = attribute, .threads = 2};
            auto subtracted = keyness_counts(*index, target, *index, rest, true, options);
            auto counted = keyness_counts(*index, target, *index, rest, false, options);
            ASSERT_TRUE(subtracted.ok() && counted.ok());
            EXPECT_EQ(reads_reference(*index, *index, true), index == deleted_);
            EXPECT_EQ(subtracted->reference.size.tokens, counted->reference.size.tokens);
            EXPECT_EQ(subtracted->reference.size.turns, counted->reference.size.turns);
            EXPECT_EQ(subtracted->reference.size.events, counted->reference.size.events);
            ASSERT_EQ(subtracted->reference.rows.size(), counted->reference.rows.size());
            for (std::size_t i = 0; i < counted->reference.rows.size(); ++i) {
                const auto &a = subtracted->reference.rows[i], &b = counted->reference.rows[i];
                ASSERT_EQ(a.term, b.term);
                EXPECT_EQ(a.frequency, b.frequency) << a.term;
                EXPECT_TRUE(same_bits(a.per_million, b.per_million)) << a.term;
            }
        }
    }
}

TEST_F(AnalysisFastPaths, ACheckpointStopsEachAnalysisWithItsError) {
    const auto whole = whole_corpus(*deleted_);
    const Checkpoint overloaded = [] { return std::optional<Error>(stopped_error(ErrorCode::overloaded, "slow lane full")); };
    std::mt19937 random(1);
    const auto target = testing::random_spans(*deleted_, random, 2);
    for (const bool from_turns : {true, false}) {
        FrequencyOptions options{.attribute = index::Attribute::lower, .use_turn_frequencies = from_turns};
        options.checkpoint = overloaded;
        auto table = frequency_table(*deleted_, whole, options);
        ASSERT_FALSE(table.ok());
        EXPECT_EQ(table.error().code, ErrorCode::overloaded);
        auto counts = keyness_counts(*deleted_, target, *deleted_, complement(*deleted_, target), true, options);
        ASSERT_FALSE(counts.ok());
        EXPECT_EQ(counts.error().code, ErrorCode::overloaded);
    }
    NgramOptions ngrams_options;
    ngrams_options.checkpoint = overloaded;
    auto ngram_table = ngrams(*deleted_, whole, ngrams_options);
    ASSERT_FALSE(ngram_table.ok());
    EXPECT_EQ(ngram_table.error().message, "overloaded: slow lane full");

    std::atomic<bool> cancel{true};
    ngrams_options.checkpoint = nullptr;
    ngrams_options.cancel = &cancel;
    ngram_table = ngrams(*deleted_, whole, ngrams_options);
    ASSERT_FALSE(ngram_table.ok());
    EXPECT_EQ(ngram_table.error().code, ErrorCode::cancelled);
    EXPECT_EQ(ngram_table.error().message, "cancelled");
}

}  // namespace
}  // namespace presser::analysis
