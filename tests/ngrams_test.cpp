// N-grams: the engine's full tables against the plain reference (tests/colloc_reference.h), every row
// and value, for n = 2..6 on every attribute, whole corpus and random subcorpora, with each threshold.
#include <gtest/gtest.h>

#include "analysis/keyness_comparison.h"
#include "analysis/ngrams.h"
#include "analysis_reference.h"
#include "colloc_fixture.h"
#include "colloc_reference.h"

namespace presser::testing::colloc {

analysis::NgramOptions ngram_options(unsigned n, index::Attribute attribute = index::Attribute::lower, std::uint64_t min_frequency = 1,
                                     unsigned threads = 0) {
    analysis::NgramOptions options;
    options.n = n;
    options.attribute = attribute;
    options.min_frequency = min_frequency;
    options.threads = threads;
    return options;
}

void expect_same_ngrams(const index::Index& index, const analysis::TokenSpans& subcorpus, const analysis::NgramOptions& options,
                        const std::string& what) {
    auto table = analysis::ngrams(index, subcorpus, options);
    ASSERT_TRUE(table.ok()) << table.error().message;
    const auto all = reference_ngrams(index, subcorpus, options.attribute, options.n);
    std::map<std::string, ReferenceNgram> expected;
    for (const auto& [value, row] : all) {
        if (row.frequency < options.min_frequency || row.events < options.min_events || row.turns < options.min_turns) continue;
        if (options.max_dp && row.dp > *options.max_dp) continue;
        if (!options.containing.empty()) {
            const std::string padded = " " + value + " ";
            if (padded.find(" " + options.containing + " ") == std::string::npos) continue;
        }
        expected[value] = row;
    }
    EXPECT_EQ(table->tokens, subcorpus.tokens()) << what;
    ASSERT_EQ(table->rows.size(), expected.size()) << what;
    for (std::size_t i = 0; i < table->rows.size(); ++i) {
        const auto& row = table->rows[i];
        if (i > 0) {
            const auto& before = table->rows[i - 1];
            EXPECT_TRUE(before.frequency > row.frequency || (before.frequency == row.frequency && before.ngram < row.ngram)) << what;
        }
        const auto found = expected.find(row.ngram);
        ASSERT_NE(found, expected.end()) << what << ": " << row.ngram;
        EXPECT_EQ(row.frequency, found->second.frequency) << what << ": " << row.ngram;
        EXPECT_EQ(row.events, found->second.events) << what << ": " << row.ngram;
        EXPECT_EQ(row.turns, found->second.turns) << what << ": " << row.ngram;
        EXPECT_TRUE(close(row.dp, found->second.dp)) << what << ": " << row.ngram << " DP " << row.dp << " vs " << found->second.dp;
    }
}

TEST(Ngrams, FullTablesMatchTheReferenceOnASmallCorpus) {
    CollocIndex fixture;
    const auto whole = analysis::whole_corpus(*fixture.index);
    for (const auto attribute : index::kAttributes) {
        for (unsigned n = analysis::kMinNgram; n <= analysis::kMaxNgram; ++n) {
            for (const unsigned threads : {1u, 2u, 5u}) {
                auto options = ngram_options(n, attribute, 1, threads);
                const auto what = std::string(index::to_string(attribute)) + " n=" + std::to_string(n);
                expect_same_ngrams(*fixture.index, whole, options, what);
                options.min_frequency = 2;
                expect_same_ngrams(*fixture.index, whole, options, what + " min 2");
                options.min_events = 2;
                expect_same_ngrams(*fixture.index, whole, options, what + " min 2 range 2");
                options.min_events = 0;
                options.min_turns = 3;
                options.max_dp = 0.5;
                expect_same_ngrams(*fixture.index, whole, options, what + " turns 3 dp 0.5");
            }
        }
    }
}

TEST(Ngrams, ContainingKeepsOnlyNgramsWithTheTerm) {
    CollocIndex fixture;
    const auto whole = analysis::whole_corpus(*fixture.index);
    for (const std::string term : {"the", "sanctions", "question", "absent"}) {
        auto options = ngram_options(3);
        options.containing = term;
        expect_same_ngrams(*fixture.index, whole, options, "containing " + term);
        options.min_frequency = 2;
        expect_same_ngrams(*fixture.index, whole, options, "containing " + term + " min 2");
    }
}

TEST(Ngrams, RandomSubcorporaMatchTheReference) {
    CollocIndex fixture;
    std::mt19937 random(3);
    for (int round = 0; round < 20; ++round) {
        const auto subcorpus = random_subcorpus(*fixture.index, random, 2);
        const auto options = ngram_options(2 + round % 3, index::Attribute::lower, 1 + round % 2, 2);
        expect_same_ngrams(*fixture.index, subcorpus, options, "round " + std::to_string(round));
    }
}

// Key n-grams: each n-gram of a random target against the rest, with both counts and G² from the plain
// reference, c and d being each side's n-gram positions.
TEST(KeyNgrams, MatchTheReferenceAgainstTheRest) {
    CollocIndex fixture;
    std::mt19937 random(5);
    for (int round = 0; round < 6; ++round) {
        const unsigned n = 2 + round % 3;
        analysis::Subcorpus target;
        target.spans = random_subcorpus(*fixture.index, random, 2);
        target.size = analysis::measure(*fixture.index, target.spans);
        if (target.size.tokens == 0) continue;
        const auto rest = analysis::complement(*fixture.index, target.spans);
        const auto in_target = reference_ngrams(*fixture.index, target.spans, index::Attribute::lower, n);
        const auto in_rest = reference_ngrams(*fixture.index, rest, index::Attribute::lower, n);
        double c = 0, d = 0;
        std::map<std::string, std::pair<double, double>> counts;
        for (const auto& [gram, row] : in_target) c += double(row.frequency), counts[gram].first = double(row.frequency);
        for (const auto& [gram, row] : in_rest) d += double(row.frequency), counts[gram].second = double(row.frequency);

        analysis::KeynessRequest request;
        request.attribute = index::Attribute::lower;
        request.n = n;
        request.options.alpha = 0;
        auto compared = analysis::compare_keyness(*fixture.index, target, {}, request);
        ASSERT_TRUE(compared.ok()) << compared.error().message;
        EXPECT_EQ(compared->reference.size.tokens + target.size.tokens, fixture.index->tokens());
        EXPECT_EQ(compared->table.types_compared, counts.size()) << "round " << round;
        std::size_t listed = 0;
        for (const auto* side : {&compared->table.positive, &compared->table.negative})
            for (const auto& row : *side) {
                ++listed;
                const auto& [a, b] = counts.at(row.term);
                EXPECT_EQ(double(row.target_frequency), a) << row.term;
                EXPECT_EQ(double(row.reference_frequency), b) << row.term;
                EXPECT_EQ(side == &compared->table.positive, a * d > b * c) << row.term;
                expect_close(testing::reference_g2(a, b, c, d), row.log_likelihood, row.term + " G2");
            }
        std::size_t used_alike = 0;
        for (const auto& [gram, ab] : counts) used_alike += ab.first * d == ab.second * c;
        EXPECT_EQ(listed + used_alike, counts.size()) << "round " << round;
    }
}

TEST(Ngrams, NeverCrossATurn) {
    CollocIndex fixture;
    // "stay ?" ends a question and "Thank you" opens the answer: no n-gram joins them.
    auto table = analysis::ngrams(*fixture.index, analysis::whole_corpus(*fixture.index), ngram_options(2));
    ASSERT_TRUE(table.ok());
    for (const auto& row : table->rows) EXPECT_NE(row.ngram, "? thank") << "an n-gram across turns";
    for (const auto& row : table->rows) EXPECT_NE(row.ngram, "question mr") << "an n-gram across turns";
}

TEST(Ngrams, RefusesNOutOfRange) {
    CollocIndex fixture;
    for (const unsigned n : {0u, 1u, 7u}) {
        auto table = analysis::ngrams(*fixture.index, analysis::whole_corpus(*fixture.index), ngram_options(n));
        ASSERT_FALSE(table.ok());
        EXPECT_NE(table.error().message.find("n must be from 2 to 6"), std::string::npos) << table.error().message;
    }
}

}  // namespace presser::testing::colloc

namespace presser::testing::colloc {

// A corpus of more distinct terms than 16-bit dense ids can number (65,534 and one for "absent"): two
// events whose turns mix one-off words with recurring formulae. With every term eligible the counter
// keeps 32-bit ids; once rare terms are dropped (min frequency 2), 16-bit ones.
struct ManyTermsIndex {
    ScratchDir scratch{"ngram-many-terms"};
    std::unique_ptr<index::Index> index;

    static std::string one_off(std::uint32_t number) {
        std::string word = "q";
        for (int letter = 0; letter < 4; ++letter, number /= 26) word += static_cast<char>('a' + number % 26);
        return word;
    }

    ManyTermsIndex() {
        const auto corpus = scratch.path() / "in";
        std::uint32_t next = 0;
        for (const char* file : {"a.txt", "b.txt"}) {
            std::string text;
            for (int turn = 0; turn < 60; ++turn) {
                text += turn % 2 ? "MR. SMITH: Thank you for the question." : "Q: What about the sanctions on Iran?";
                for (int word = 0; word < 600; ++word) {
                    text += " " + one_off(next++);
                    if (word % 50 == 49) text += turn % 3 ? " thank you for the question" : " the sanctions on iran remain";
                }
                text += "\n\n";
            }
            write_text(corpus / file, text);
        }
        const auto idx = scratch.path() / "idx";
        EXPECT_TRUE(index::build_index(idx, {corpus.string()}, {}).ok());
        auto opened = index::Index::open(idx);
        EXPECT_TRUE(opened.ok());
        index = std::make_unique<index::Index>(std::move(opened.value()));
    }
};

TEST(Ngrams, MoreTermsThan16BitIdsMatchTheReference) {
    ManyTermsIndex fixture;
    std::size_t terms = 0;
    for (const auto& segment : fixture.index->segments()) terms += segment->lexicon(index::Attribute::lower).size();
    ASSERT_GT(terms, 70000u) << "the corpus must need 32-bit ids";
    const auto whole = analysis::whole_corpus(*fixture.index);
    for (const unsigned n : {2u, 3u, 5u}) {
        for (const std::uint64_t min_frequency : {1u, 2u}) {
            auto options = ngram_options(n, index::Attribute::lower, min_frequency, 2);
            const auto what = "n=" + std::to_string(n) + " min " + std::to_string(min_frequency);
            expect_same_ngrams(*fixture.index, whole, options, what);
            options.min_events = 2;
            expect_same_ngrams(*fixture.index, whole, options, what + " range 2");
            options.min_events = 0;
            options.containing = "question";
            expect_same_ngrams(*fixture.index, whole, options, what + " containing");
        }
    }
    std::mt19937 random(11);
    for (int round = 0; round < 4; ++round)
        expect_same_ngrams(*fixture.index, random_subcorpus(*fixture.index, random, 2), ngram_options(3, index::Attribute::lower, 1, 3),
                           "subcorpus round " + std::to_string(round));
}

}  // namespace presser::testing::colloc
