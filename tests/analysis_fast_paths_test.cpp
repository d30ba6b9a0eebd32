// The analyses' shortcuts against the ways they short-cut, on small made-up corpora: the whole corpus's
// frequency list from turns.tf against the token scan (bit for bit), keyness's "rest" by subtraction from
// the lexicon counts against counting the rest, and a checkpoint that stops each long analysis.
#include <gtest/gtest.h>

#include <cstring>

#include "analysis/collocations.h"
#include "analysis/frequency_list.h"
#include "analysis/keyness_counts.h"
#include "analysis/ngrams.h"
#include "analysis/turn_frequency_list.h"
#include "analysis_fixture.h"
#include "query/cql_parser.h"

namespace presser::analysis {
namespace {

bool same_bits(const std::optional<double>& a, const std::optional<double>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

// Every row alike, every figure to the last bit.
void expect_same_rows(const std::vector<FrequencyRow>& got, const std::vector<FrequencyRow>& expected) {
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        const auto &a = got[i], &b = expected[i];
        ASSERT_EQ(a.term, b.term);
        EXPECT_EQ(a.frequency, b.frequency) << a.term;
        EXPECT_EQ(a.events, b.events) << a.term;
        EXPECT_EQ(a.turns, b.turns) << a.term;
        EXPECT_TRUE(same_bits(a.per_million, b.per_million)) << a.term;
        EXPECT_TRUE(same_bits(a.juilland_d, b.juilland_d)) << a.term;
        EXPECT_TRUE(same_bits(a.gries_dp, b.gries_dp)) << a.term;
    }
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
                expect_same_rows(from_turns->rows, scanned->rows);
            }
        }
    }
}

// A page of the whole corpus's list computed for its rows only equals the page of the whole table, bit for
// bit, for every sort, filter and page; the short cut is taken where it can be and refused where it cannot.
TEST_F(AnalysisFastPaths, WholeCorpusPageForItsRowsOnlyEqualsThePageOfTheWholeTable) {
    const std::vector<RowSelection> selections = {
        {},
        {.limit = 5},
        {.offset = 3, .limit = 7},
        {.offset = 1000000, .limit = 10},
        {.min_frequency = 3, .limit = 20},
        {.match = "^t", .limit = 10},
        {.match = "e$", .sort = FrequencySort::term, .offset = 2, .limit = 4},
        {.sort = FrequencySort::term, .limit = 9},
        {.sort = FrequencySort::range, .limit = 9},
        {.sort = FrequencySort::dispersion, .limit = 9},
    };
    for (const auto* index : {plain_, deleted_}) {
        const auto whole = whole_corpus(*index);
        for (const auto attribute : {index::Attribute::lower, index::Attribute::lemma, index::Attribute::word}) {
            for (std::size_t k = 0; k < selections.size(); ++k) {
                const auto& selection = selections[k];
                SCOPED_TRACE(std::string(index::to_string(attribute)) + " selection " + std::to_string(k) +
                             (index == deleted_ ? " with a deleted event" : ""));
                const FrequencyOptions options{.attribute = attribute, .threads = 2};
                const Checkpoint no_checkpoint{};
                Interruption stop(nullptr, no_checkpoint);
                const auto short_cut = whole_corpus_page_from_turns(*index, options, selection, 2, measure(*index, whole), stop);
                const bool possible = index == plain_ && attribute != index::Attribute::word &&
                                      (selection.sort == FrequencySort::frequency || selection.sort == FrequencySort::term);
                EXPECT_EQ(short_cut.has_value(), possible);
                auto table = frequency_table(*index, whole, options);
                ASSERT_TRUE(table.ok());
                auto expected = select_rows(std::move(table.value()), selection);
                auto page = frequency_page(*index, whole, options, selection);
                ASSERT_TRUE(expected.ok() && page.ok());
                const FrequencyPage* computed = &page.value();
                for (const FrequencyPage* got : {computed, short_cut ? &*short_cut : computed}) {
                    EXPECT_EQ(got->total_rows, expected->total_rows);
                    EXPECT_EQ(got->parts, expected->parts);
                    EXPECT_EQ(got->size.tokens, expected->size.tokens);
                    expect_same_rows(got->rows, expected->rows);
                }
            }
        }
    }
    auto refused = frequency_page(*plain_, whole_corpus(*plain_), {}, {.match = "(unclosed"});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("regex '(unclosed'"), std::string::npos);
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
        auto page = frequency_page(*plain_, whole_corpus(*plain_), options, {.limit = 10});
        ASSERT_FALSE(page.ok());
        EXPECT_EQ(page.error().code, ErrorCode::overloaded);
        auto counts = keyness_counts(*deleted_, target, *deleted_, complement(*deleted_, target), true, options);
        ASSERT_FALSE(counts.ok());
        EXPECT_EQ(counts.error().code, ErrorCode::overloaded);
    }
    CollocationOptions colloc_options;
    colloc_options.checkpoint = overloaded;
    auto parsed = query::cql::parse_cql("[]");
    ASSERT_TRUE(parsed.ok());
    auto nodes = query::CorpusQuery::compile(*deleted_, parsed.value());
    ASSERT_TRUE(nodes.ok());
    auto colloc_table = collocations(*nodes.value(), whole, colloc_options);
    ASSERT_FALSE(colloc_table.ok());
    EXPECT_EQ(colloc_table.error().code, ErrorCode::overloaded);

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
