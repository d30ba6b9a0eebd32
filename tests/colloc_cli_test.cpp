// presser colloc, presser ngrams and query --group-by match.ATTR as a user runs them: TSV headers, JSON,
// and bad input (unknown attribute or measure, n out of 2-6, bad CQL) ending with exit 2 and a message
// naming what was wrong.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/subcorpus_store.h"
#include "colloc_fixture.h"

namespace presser::testing::colloc {

class CollocCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() { fixture_ = new CollocIndex(); }
    static void TearDownTestSuite() {
        delete fixture_;
        fixture_ = nullptr;
    }
    static std::string idx() { return fixture_->index->directory().string(); }
    static CollocIndex* fixture_;
};
CollocIndex* CollocCli::fixture_ = nullptr;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST_F(CollocCli, TsvHasAHeaderRow) {
    std::string out;
    ASSERT_EQ(run_presser({"colloc", "--index", idx(), "[lower=\"sanctions\"]", "--format", "tsv"}, &out), 0) << out;
    EXPECT_EQ(first_line(out), "collocate\tcooccurrences\tcollocate_frequency\tnode_frequency\tcorpus_tokens\tlogdice\tmi\tmi3\tt\tll\tcql");
    EXPECT_NE(out.find("\niran\t7\t"), std::string::npos) << out;
    ASSERT_EQ(run_presser({"ngrams", "--index", idx(), "--n", "2", "--format", "tsv"}, &out), 0) << out;
    EXPECT_EQ(first_line(out), "ngram\tfrequency\tper_million\tevents\tturns\tgries_dp");
    EXPECT_NE(out.find("\nthank you\t"), std::string::npos) << out;
    ASSERT_EQ(run_presser({"query", "--index", idx(), "[lower=\"sanctions\"]", "--group-by", "match.word", "--format", "tsv"}, &out), 0) << out;
    EXPECT_EQ(first_line(out), "value\thits\tshare\tper_million");
    EXPECT_NE(out.find("\nSanctions\t"), std::string::npos) << out;
}

TEST_F(CollocCli, JsonRowsCarryEveryFigure) {
    std::string out;
    ASSERT_EQ(run_presser({"colloc", "--index", idx(), "[lower=\"sanctions\"]", "--format", "json", "--window", "3", "--measure", "ll"}, &out), 0);
    const auto json = nlohmann::json::parse(out);
    EXPECT_EQ(json["window"]["left"], 3);
    EXPECT_EQ(json["measure"], "ll");
    ASSERT_FALSE(json["rows"].empty());
    for (const char* key : {"collocate", "cooccurrences", "collocate_frequency", "logdice", "mi", "mi3", "t", "ll", "cql"})
        EXPECT_TRUE(json["rows"][0].contains(key)) << key;
    ASSERT_EQ(run_presser({"ngrams", "--index", idx(), "--n", "3", "--min-freq", "2", "--min-range", "2", "--format", "json"}, &out), 0);
    const auto ngrams = nlohmann::json::parse(out);
    ASSERT_FALSE(ngrams["rows"].empty());
    for (const auto& row : ngrams["rows"]) {
        EXPECT_GE(row["frequency"], 2);
        EXPECT_GE(row["events"], 2);
    }
}

TEST_F(CollocCli, SavedSubcorpusNarrowsBothAnalyses) {
    analysis::SubcorpusDefinition smith;
    smith.filter.speaker = "Smith";
    ASSERT_TRUE(analysis::save_subcorpus(idx(), "smith", smith).ok());
    auto resolved = analysis::open_subcorpus(*fixture_->index, "smith");
    ASSERT_TRUE(resolved.ok());
    ASSERT_GT(resolved->size.tokens, 0u);
    ASSERT_LT(resolved->size.tokens, fixture_->index->tokens());
    std::string out;
    ASSERT_EQ(run_presser({"colloc", "--index", idx(), "[lower=\"sanctions\"]", "--subcorpus", "smith", "--format", "json"}, &out), 0) << out;
    auto json = nlohmann::json::parse(out);
    EXPECT_EQ(json["corpus_tokens"], resolved->size.tokens);
    EXPECT_EQ(json["subcorpus"]["name"], "smith");
    ASSERT_EQ(run_presser({"ngrams", "--index", idx(), "--n", "2", "--subcorpus", "smith", "--format", "json"}, &out), 0) << out;
    json = nlohmann::json::parse(out);
    EXPECT_EQ(json["subcorpus"]["tokens"], resolved->size.tokens);
    EXPECT_EQ(run_presser({"ngrams", "--index", idx(), "--subcorpus", "nobody"}, &out), 2);
    EXPECT_NE(out.find("nobody"), std::string::npos) << out;
}

TEST_F(CollocCli, FiltersGiveTheSameSubcorpusAsASavedOne) {
    analysis::SubcorpusDefinition smith;
    smith.filter.speaker = "Smith";
    ASSERT_TRUE(analysis::save_subcorpus(idx(), "smith-filter", smith).ok());
    for (const std::string command : {"colloc", "ngrams"}) {
        std::vector<std::string> saved{command, "--index", idx(), "--subcorpus", "smith-filter", "--format", "json"};
        std::vector<std::string> filtered{command, "--index", idx(), "--speaker", "Smith", "--format", "json"};
        if (command == "colloc") {
            saved.insert(saved.begin() + 3, "[lower=\"sanctions\"]");
            filtered.insert(filtered.begin() + 3, "[lower=\"sanctions\"]");
        }
        std::string by_name, by_filter;
        ASSERT_EQ(run_presser(saved, &by_name), 0) << by_name;
        ASSERT_EQ(run_presser(filtered, &by_filter), 0) << by_filter;
        auto a = nlohmann::json::parse(by_name), b = nlohmann::json::parse(by_filter);
        EXPECT_EQ(a["subcorpus"]["tokens"], b["subcorpus"]["tokens"]) << command;
        EXPECT_EQ(a["rows"], b["rows"]) << command;
    }
    std::string out;
    EXPECT_EQ(run_presser({"ngrams", "--index", idx(), "--subcorpus", "smith-filter", "--speaker", "Smith"}, &out), 2);
    EXPECT_NE(out.find("not both"), std::string::npos) << out;
}

TEST_F(CollocCli, BadInputExitsTwoNamingIt) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{"colloc", "--index", idx(), "[lower=\"x\"]", "--attr", "pos"}, "--attr: unknown attribute 'pos': expected word, lower or lemma"},
        {{"colloc", "--index", idx(), "[lower=\"x\"]", "--measure", "dice"}, "--measure: unknown measure 'dice'"},
        {{"colloc", "--index", idx(), "[lower=\"x\""}, "presser colloc: "},
        {{"colloc", "--index", idx(), "[lower=\"x\"]", "--within", "p"}, "--within: expected s or turn"},
        {{"colloc", "--index", idx(), "[lower=\"x\"]", "--within", "s", "--window", "3"}, "either --within or --window"},
        {{"ngrams", "--index", idx(), "--n", "7"}, "--n: expected 2 to 6, got 7"},
        {{"ngrams", "--index", idx(), "--n", "1"}, "--n: expected 2 to 6, got 1"},
        {{"ngrams", "--index", idx(), "--attr", "pos"}, "--attr: unknown attribute 'pos'"},
        {{"ngrams", "--index", idx(), "--format", "csv"}, "--format 'csv': expected table, tsv or json"},
        {{"query", "--index", idx(), "[lower=\"x\"]", "--group-by", "match.pos"}, "unknown token attribute 'pos' after 'match.'"},
    };
    for (const auto& c : cases) {
        std::string out;
        EXPECT_EQ(run_presser(c.args, &out), 2) << c.args.back() << ": " << out;
        EXPECT_NE(out.find(c.message), std::string::npos) << out;
    }
}

}  // namespace presser::testing::colloc
