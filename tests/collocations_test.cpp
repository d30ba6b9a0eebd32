// Collocations: the engine's full tables against the plain reference (tests/colloc_reference.h), every
// row and value, on a small made-up corpus with a replaced event, whole and as random subcorpora; the
// measures against hand-computed values; each row's CQL against the windows.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/collocations.h"
#include "colloc_fixture.h"
#include "colloc_reference.h"

namespace presser::testing::colloc {

// Every row of `table` is the reference's, and the reference has no row the table lacks.
void expect_same_table(const analysis::CollocationTable& table, const ReferenceCollocations& reference, const std::string& what) {
    EXPECT_EQ(table.nodes, reference.nodes) << what;
    EXPECT_EQ(table.corpus_tokens, reference.n) << what;
    EXPECT_EQ(table.rows.size(), reference.rows.size()) << what;
    for (const auto& row : table.rows) {
        const auto found = reference.rows.find(row.collocate);
        ASSERT_NE(found, reference.rows.end()) << what << ": " << row.collocate;
        const auto& expected = found->second;
        EXPECT_EQ(row.cooccurrences, expected.f_ab) << what << ": " << row.collocate;
        EXPECT_EQ(row.collocate_frequency, expected.f_b) << what << ": " << row.collocate;
        auto same = [&](std::optional<double> a, std::optional<double> b, const char* name) {
            EXPECT_EQ(a.has_value(), b.has_value()) << what << ": " << row.collocate << " " << name;
            if (a && b) {
                EXPECT_TRUE(close(*a, *b)) << what << ": " << row.collocate << " " << name << " " << *a << " vs " << *b;
            }
        };
        same(row.logdice, expected.logdice, "logDice");
        same(row.mi, expected.mi, "MI");
        same(row.mi3, expected.mi3, "MI3");
        same(row.t_score, expected.t, "t");
        same(row.log_likelihood, expected.ll, "LL");
    }
}

void check(const index::Index& index, const std::string& cql, const analysis::TokenSpans& subcorpus, analysis::CollocationOptions options,
           const std::string& what) {
    const auto query = compile(index, cql);
    options.limit = 0;
    auto table = analysis::collocations(*query, subcorpus, options);
    ASSERT_TRUE(table.ok()) << table.error().message;
    auto hits = query->all_hits();
    ASSERT_TRUE(hits.ok());
    const auto reference = reference_collocations(index, hits.value(), subcorpus, options.attribute, options.left, options.right, options.within);
    expect_same_table(table.value(), reference, what + " " + cql);
}

TEST(Collocations, FullTablesMatchTheReferenceOnASmallCorpus) {
    CollocIndex fixture;
    const auto& index = *fixture.index;
    const auto whole = analysis::whole_corpus(index);
    for (const std::string cql : {"[lower=\"sanctions\"]", "[lower=\"thank\"] [lower=\"you\"]", "[lemma=\"be\"]", "[lower=\"iran|russia\"]"}) {
        for (const auto attribute : index::kAttributes) {
            analysis::CollocationOptions options;
            options.attribute = attribute;
            check(index, cql, whole, options, "±5");
            options.left = 0;
            options.right = 3;
            check(index, cql, whole, options, "0/+3");
            options.left = 2;
            options.right = 0;
            check(index, cql, whole, options, "-2/0");
            options.within = index::Structure::s;
            check(index, cql, whole, options, "within s");
            options.within = index::Structure::turn;
            check(index, cql, whole, options, "within turn");
        }
    }
}

TEST(Collocations, RandomSubcorporaMatchTheReference) {
    CollocIndex fixture;
    const auto& index = *fixture.index;
    std::mt19937 random(20);
    for (int round = 0; round < 20; ++round) {
        const auto subcorpus = random_subcorpus(index, random, 2);
        analysis::CollocationOptions options;
        options.left = round % 4;
        options.right = round % 3 + 1;
        check(index, round % 2 ? "[lower=\"sanctions\"]" : "[lower=\"the\"]", subcorpus, options, "round " + std::to_string(round));
    }
}

TEST(Collocations, ThresholdsSortAndLimit) {
    CollocIndex fixture;
    const auto& index = *fixture.index;
    const auto query = compile(index, "[lower=\"sanctions\"]");
    analysis::CollocationOptions options;
    options.min_cooccurrence = 2;
    options.sort = analysis::Measure::mi;
    auto table = analysis::collocations(*query, analysis::whole_corpus(index), options);
    ASSERT_TRUE(table.ok());
    ASSERT_FALSE(table->rows.empty());
    for (std::size_t i = 0; i < table->rows.size(); ++i) {
        EXPECT_GE(table->rows[i].cooccurrences, 2u);
        if (i > 0) {
            EXPECT_GE(*table->rows[i - 1].mi, *table->rows[i].mi);
        }
    }
    options.limit = 2;
    auto limited = analysis::collocations(*query, analysis::whole_corpus(index), options);
    ASSERT_TRUE(limited.ok());
    ASSERT_EQ(limited->rows.size(), 2u);
    EXPECT_EQ(limited->collocates, table->rows.size());
    EXPECT_EQ(limited->rows[0].collocate, table->rows[0].collocate);
    // By hand: "iran" within 5 tokens of "sanctions" 5 times in a.txt, once in b.txt, once in the live c.txt.
    const auto iran = std::find_if(table->rows.begin(), table->rows.end(), [](const auto& row) { return row.collocate == "iran"; });
    ASSERT_NE(iran, table->rows.end());
    EXPECT_EQ(iran->cooccurrences, 7u);
}

TEST(Collocations, NoCollocateInsideTheNode) {
    CollocIndex fixture;
    const auto query = compile(*fixture.index, "[lower=\"thank\"] [lower=\"you\"]");
    analysis::CollocationOptions options;
    options.left = options.right = 0;
    auto table = analysis::collocations(*query, analysis::whole_corpus(*fixture.index), options);
    ASSERT_TRUE(table.ok());
    EXPECT_TRUE(table->rows.empty());
    EXPECT_GT(table->nodes, 0u);
}

TEST(Collocations, MeasuresByHand) {
    // f_ab 10, f_a 100, f_b 50, n 10000: E = 0.5.
    const analysis::AssociationCounts c{10, 100, 50, 10000};
    EXPECT_NEAR(*analysis::mutual_information(c), std::log2(20.0), 1e-12);
    EXPECT_NEAR(*analysis::mi3(c), std::log2(1000.0 / 0.5), 1e-12);
    EXPECT_NEAR(*analysis::t_score(c), 9.5 / std::sqrt(10.0), 1e-12);
    EXPECT_NEAR(*analysis::log_dice(c), 14 + std::log2(20.0 / 150.0), 1e-12);
    // G² from the expected table (0.5, 99.5 / 49.5, 9850.5) by hand: 2 (10 ln 20 + 90 ln(90/99.5) + 40 ln(40/49.5) + 9860 ln(9860/9850.5)).
    const double g2 = 2 * (10 * std::log(20.0) + 90 * std::log(90 / 99.5) + 40 * std::log(40 / 49.5) + 9860 * std::log(9860 / 9850.5));
    EXPECT_NEAR(*analysis::log_likelihood(c), g2, 1e-9);
    // A collocate counted in the windows of more nodes than it occurs: the 2x2 table has a negative cell.
    EXPECT_FALSE(analysis::log_likelihood({5, 10, 3, 100}).has_value());
    EXPECT_FALSE(analysis::mutual_information({0, 10, 3, 100}).has_value());
}

TEST(Collocations, EachRowsCqlFindsItsKwicLines) {
    CollocIndex fixture;
    const auto& index = *fixture.index;
    analysis::CollocationOptions options;
    options.left = 2;
    options.right = 3;
    options.node_cql = "[lower=\"sanctions\"]";
    const auto query = compile(index, options.node_cql);
    auto table = analysis::collocations(*query, analysis::whole_corpus(index), options);
    ASSERT_TRUE(table.ok());
    for (const auto& row : table->rows) {
        ASSERT_FALSE(row.cql.empty());
        // Every hit of the row's CQL spans a node and the collocate, and there are at least as many as
        // the distinct nodes with the collocate in their window (a token in two windows is one hit each way).
        auto hits = compile(index, row.cql)->all_hits();
        ASSERT_TRUE(hits.ok()) << row.cql;
        EXPECT_GE(hits->size(), 1u) << row.cql;
        EXPECT_LE(hits->size(), row.cooccurrences) << row.cql;
    }
    EXPECT_EQ(analysis::collocate_cql(options, "a.b"), "([lower=\"sanctions\"]) []{0,2} [lower=\"a\\.b\"] | [lower=\"a\\.b\"] []{0,1} ([lower=\"sanctions\"])");
}

}  // namespace presser::testing::colloc
