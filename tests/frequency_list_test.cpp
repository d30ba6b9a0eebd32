// Frequency lists and keyness against the plain reference implementations of analysis_reference.h, on a
// small made-up corpus (two segments, a deleted event): every row and value, for word, lower and lemma, on
// the whole corpus, filtered and CQL subcorpora and random spans. Hand-checked G², log ratio and %DIFF.
#include <gtest/gtest.h>

#include "analysis/frequency_list.h"
#include "analysis/keyness.h"
#include "analysis/subcorpus.h"
#include "analysis_fixture.h"
#include "analysis_reference.h"

namespace presser::analysis {
namespace {

using testing::expect_close;

// The engine's full table equals the reference's, row by row.
void expect_reference_table(const index::Index& index, const TokenSpans& spans, index::Attribute attribute) {
    const auto reference = testing::reference_table(index, spans, attribute);
    auto engine = frequency_table(index, spans, {.attribute = attribute, .threads = 2});
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    EXPECT_EQ(engine->size.tokens, reference.tokens);
    EXPECT_EQ(engine->size.turns, reference.turns.size());
    EXPECT_EQ(engine->size.events, reference.events.size());
    EXPECT_EQ(engine->parts, reference.event_tokens.size());
    ASSERT_EQ(engine->rows.size(), reference.rows.size());
    auto row = engine->rows.begin();
    for (const auto& [term, expected] : reference.rows) {
        ASSERT_EQ(row->term, term);
        EXPECT_EQ(row->frequency, expected.frequency) << term;
        expect_close(double(expected.frequency) * 1e6 / double(reference.tokens), row->per_million, term + " per million");
        EXPECT_EQ(row->events, expected.events.size()) << term;
        EXPECT_EQ(row->turns, expected.turns.size()) << term;
        ASSERT_EQ(row->juilland_d.has_value(), expected.d.has_value()) << term;
        if (expected.d) expect_close(*expected.d, *row->juilland_d, term + " D");
        ASSERT_TRUE(row->gries_dp.has_value()) << term;
        expect_close(expected.dp, *row->gries_dp, term + " DP");
        ++row;
    }
}

class FrequencyListTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("frequency_list");
        const auto idx = testing::build_analysis_corpus(scratch_->path());
        ASSERT_FALSE(idx.empty());
        auto opened = index::Index::open(idx);
        ASSERT_TRUE(opened.ok());
        index_ = new index::Index(std::move(opened.value()));
    }
    static void TearDownTestSuite() {
        delete index_;
        delete scratch_;
    }
    static testing::ScratchDir* scratch_;
    static index::Index* index_;
};
testing::ScratchDir* FrequencyListTest::scratch_ = nullptr;
index::Index* FrequencyListTest::index_ = nullptr;

TEST_F(FrequencyListTest, CorpusHasTwoSegmentsAndADeletedEvent) {
    ASSERT_EQ(index_->segments().size(), 2u);
    EXPECT_TRUE(index_->segments()[0]->has_deleted_events());
}

TEST_F(FrequencyListTest, WholeCorpusMatchesTheReferenceForEveryAttribute) {
    for (const auto attribute : index::kAttributes) {
        SCOPED_TRACE(std::string(index::to_string(attribute)));
        expect_reference_table(*index_, whole_corpus(*index_), attribute);
    }
}

TEST_F(FrequencyListTest, FilteredAndRegionSubcorporaMatchTheReference) {
    SubcorpusDefinition questions;
    questions.cql = "<turn kind=\"question\"/>";
    SubcorpusDefinition year;
    year.filter.date_from = "2023";
    year.filter.date_to = "2023";
    SubcorpusDefinition mentions;
    mentions.cql = "<s/> containing [lower=\"sanctions\"]";
    for (const auto& definition : {questions, year, mentions}) {
        SCOPED_TRACE(describe(definition));
        auto subcorpus = resolve_subcorpus(*index_, definition);
        ASSERT_TRUE(subcorpus.ok()) << subcorpus.error().message;
        ASSERT_GT(subcorpus->size.tokens, 0u);
        ASSERT_LT(subcorpus->size.tokens, index_->tokens());
        for (const auto attribute : index::kAttributes) expect_reference_table(*index_, subcorpus->spans, attribute);
    }
}

TEST_F(FrequencyListTest, RandomSpansMatchTheReference) {
    std::mt19937 random(20);
    for (int round = 0; round < 20; ++round) {
        const auto spans = testing::random_spans(*index_, random, 1 + round % 6);
        SCOPED_TRACE("round " + std::to_string(round));
        expect_reference_table(*index_, spans, index::kAttributes[round % 3]);
    }
}

TEST_F(FrequencyListTest, SelectionFiltersSortsAndPagesWithTheTotal) {
    auto table = frequency_table(*index_, whole_corpus(*index_), {.attribute = index::Attribute::lower});
    ASSERT_TRUE(table.ok());
    const auto all = table->rows;
    auto page = select_rows(table.value(), {.match = "^s", .min_frequency = 2, .sort = FrequencySort::frequency, .offset = 1, .limit = 2});
    ASSERT_TRUE(page.ok());
    std::vector<FrequencyRow> expected;
    for (const auto& row : all)
        if (row.term.starts_with("s") && row.frequency >= 2) expected.push_back(row);
    std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.frequency > b.frequency; });
    EXPECT_EQ(page->total_rows, expected.size());
    ASSERT_EQ(page->rows.size(), std::min<std::size_t>(2, expected.size() - 1));
    for (std::size_t i = 0; i < page->rows.size(); ++i) EXPECT_EQ(page->rows[i].term, expected[i + 1].term);
    EXPECT_FALSE(select_rows(table.value(), {.match = "(unclosed"}).ok());
}

TEST_F(FrequencyListTest, KeynessOfEachEventAgainstTheRestMatchesTheReference) {
    const auto all = whole_corpus(*index_);
    for (std::size_t s = 0; s < all.segments.size(); ++s) {
        for (const auto& span : all.segments[s]) {
            TokenSpans target;
            target.segments.resize(all.segments.size());
            target.segments[s].push_back(span);
            testing::expect_keyness_of_target_against_rest(*index_, target, index::Attribute::lemma, 0, 0);
        }
    }
}

TEST(KeynessStatistics, HandCheckedTwoByTwoTable) {
    // a = 50 in a target of c = 10,000 tokens, b = 10 in a reference of d = 20,000.
    // Expected: E1 = c (a + b) / (c + d) = 10,000 * 60 / 30,000 = 20; E2 = 20,000 * 60 / 30,000 = 40.
    // G² = 2 (a ln(a / E1) + b ln(b / E2)) = 2 (50 ln 2.5 + 10 ln 0.25)
    //    = 2 (50 * 0.9162907318741551 - 10 * 1.3862943611198906) = 2 (45.814536593707755 - 13.862943611198906)
    //    = 63.90318596501770.
    EXPECT_NEAR(log_likelihood(50, 10, 10000, 20000), 63.9031859650177, 1e-9);
    // Log ratio = log2((50 / 10,000) / (10 / 20,000)) = log2(0.005 / 0.0005) = log2 10 = 3.321928094887362.
    EXPECT_NEAR(log_ratio(50, 10, 10000, 20000).value(), 3.321928094887362, 1e-12);
    // %DIFF = (5,000 - 500) / 500 * 100 = 900 (per million: 50 / 10,000 * 1e6 = 5,000; 10 / 20,000 * 1e6 = 500).
    EXPECT_NEAR(percent_diff(50, 10, 10000, 20000).value(), 900.0, 1e-9);
    // A zero counts as 0.5 in the log ratio: log2((0.5 / 10,000) / (10 / 20,000)) = log2 0.1 = -3.321928094887362.
    EXPECT_NEAR(log_ratio(0, 10, 10000, 20000).value(), -3.321928094887362, 1e-12);
    // G² with a = 0: 2 * 10 ln(10 / (20,000 * 10 / 30,000)) = 20 ln 1.5 = 8.109302162163289.
    EXPECT_NEAR(log_likelihood(0, 10, 10000, 20000), 8.109302162163289, 1e-9);
    EXPECT_FALSE(log_ratio(0, 0, 10000, 20000).has_value());
    EXPECT_FALSE(percent_diff(5, 0, 10000, 20000).has_value());
    // Chi-square critical values with 1 degree of freedom.
    EXPECT_NEAR(critical_value(0.05), 3.841458820694124, 1e-9);
    EXPECT_NEAR(critical_value(0.01), 6.634896601021214, 1e-9);
    EXPECT_NEAR(critical_value(0.001), 10.827566170662733, 1e-9);
}

TEST(KeynessStatistics, ThresholdBonferroniAndMinFrequency) {
    FrequencyTable target, reference;
    target.size.tokens = 10000;
    reference.size.tokens = 20000;
    // G²: strong 63.9 (a=50, b=10), weak: a=8, b=6 -> 2(8 ln(8/4.667) + 6 ln(6/9.333)) = 3.32, under 3.84.
    target.rows = {{.term = "strong", .frequency = 50}, {.term = "weak", .frequency = 8}};
    reference.rows = {{.term = "absent", .frequency = 40}, {.term = "strong", .frequency = 10}, {.term = "weak", .frequency = 6}};
    auto table = keyness(target, reference, {.alpha = 0.05});
    EXPECT_EQ(table.types_compared, 3u);
    ASSERT_EQ(table.positive.size(), 1u);
    EXPECT_EQ(table.positive[0].term, "strong");
    ASSERT_EQ(table.negative.size(), 1u);  // absent: 2 * 40 ln(40 / 26.67) = 32.4
    EXPECT_EQ(table.negative[0].term, "absent");
    EXPECT_DOUBLE_EQ(table.negative[0].percent_diff.value(), -100.0);  // (0 - 2,000) / 2,000 * 100
    const auto corrected = keyness(target, reference, {.alpha = 0.05, .bonferroni = true});
    EXPECT_NEAR(corrected.alpha, 0.05 / 3, 1e-15);
    EXPECT_NEAR(corrected.critical_value, critical_value(0.05 / 3), 1e-12);
    const auto frequent = keyness(target, reference, {.alpha = 0, .min_frequency = 45});
    EXPECT_EQ(frequent.types_compared, 1u);  // only "strong" reaches 45 where it is relatively more frequent
}

}  // namespace
}  // namespace presser::analysis
