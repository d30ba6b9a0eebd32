// Subcorpora: filters and CQL regions resolved to the tokens `presser query` finds there, exact sizes,
// the saved store (round trip, names, a rebuilt index), and the CLI of subcorpus, freq and keyness: error
// cases with exit 2 and a message naming the problem, the TSV header.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/subcorpus.h"
#include "analysis/subcorpus_store.h"
#include "analysis_fixture.h"
#include "query/cql_parser.h"
#include "test_paths.h"

namespace presser::analysis {
namespace {

namespace fs = std::filesystem;

// The tokens of every hit of `cql` (with `filter`), as spans.
TokenSpans query_spans(const index::Index& index, const std::string& cql, const query::MetadataFilter& filter = {}) {
    auto parsed = query::cql::parse_cql(cql);
    EXPECT_TRUE(parsed.ok());
    query::QueryOptions options;
    options.filter = filter;
    auto compiled = query::CorpusQuery::compile(index, parsed.value(), options);
    EXPECT_TRUE(compiled.ok());
    TokenSpans spans;
    spans.segments.resize(index.segments().size());
    const auto hits = compiled.value()->all_hits();
    for (const auto& hit : hits.value()) spans.segments[hit.segment].push_back({hit.start, hit.end});
    for (auto& list : spans.segments) normalise(list);
    return spans;
}

std::string first_speaker(const index::Index& index) {
    for (const auto& segment : index.segments()) {
        const auto& turns = segment->regions(index::Structure::turn);
        for (std::uint64_t t = 0; t < turns.size(); ++t)
            if (const auto speaker = turns.string("speaker", t); !speaker.empty()) return std::string(speaker);
    }
    return "";
}

class SubcorpusTest : public ::testing::Test {
protected:
    void SetUp() override {
        idx_ = testing::build_analysis_corpus(scratch_.path());
        ASSERT_FALSE(idx_.empty());
    }
    testing::ScratchDir scratch_{"subcorpus"};
    fs::path idx_;
};

TEST_F(SubcorpusTest, FiltersSelectTheTokensQueryFindsUnderThem) {
    auto index = index::Index::open(idx_);
    ASSERT_TRUE(index.ok());
    const auto speaker = first_speaker(*index);
    ASSERT_FALSE(speaker.empty());
    SubcorpusDefinition definition;
    definition.filter.speaker = speaker;
    definition.filter.date_from = "2024";
    auto subcorpus = resolve_subcorpus(*index, definition);
    ASSERT_TRUE(subcorpus.ok()) << subcorpus.error().message;
    // Every token of the subcorpus, and only those, is a hit of [] under the same filters.
    const auto expected = query_spans(*index, "[]", definition.filter);
    EXPECT_EQ(subcorpus->spans.segments, expected.segments);
    EXPECT_GT(subcorpus->size.tokens, 0u);
    EXPECT_EQ(subcorpus->size.events, 1u);
    EXPECT_EQ(subcorpus->size.turns, 2u);  // the two answers of 2024's briefing
}

TEST_F(SubcorpusTest, RegionQueryAndFiltersIntersect) {
    auto index = index::Index::open(idx_);
    ASSERT_TRUE(index.ok());
    SubcorpusDefinition definition;
    definition.cql = "<turn/> containing [lower=\"sanctions\"]";
    definition.filter.date_to = "2023";
    auto subcorpus = resolve_subcorpus(*index, definition);
    ASSERT_TRUE(subcorpus.ok()) << subcorpus.error().message;
    const auto expected = intersect(query_spans(*index, definition.cql), query_spans(*index, "[]", definition.filter));
    EXPECT_EQ(subcorpus->spans.segments, expected.segments);
    EXPECT_EQ(subcorpus->size.tokens, expected.tokens());
    EXPECT_EQ(subcorpus->size.events, 2u);
    EXPECT_EQ(subcorpus->size.turns, 3u);  // 2023-03: the last answer; 2023-05 (replaced): the first answer and the question
}

TEST_F(SubcorpusTest, NotARegionQueryIsAnErrorNamingIt) {
    auto index = index::Index::open(idx_);
    ASSERT_TRUE(index.ok());
    SubcorpusDefinition definition;
    definition.cql = "[lower=\"sanctions\"]";
    auto subcorpus = resolve_subcorpus(*index, definition);
    ASSERT_FALSE(subcorpus.ok());
    EXPECT_NE(subcorpus.error().message.find("is not a region query"), std::string::npos) << subcorpus.error().message;
    definition.cql = "<turn";
    EXPECT_FALSE(resolve_subcorpus(*index, definition).ok());
}

TEST_F(SubcorpusTest, SaveListShowDeleteRoundTrip) {
    SubcorpusDefinition definition;
    definition.filter.role = "official";
    definition.filter.date_from = "2023-03";
    definition.cql = "<turn/>";
    ASSERT_TRUE(save_subcorpus(idx_, "officials.2023", definition).ok());
    ASSERT_TRUE(save_subcorpus(idx_, "all", {}).ok());
    EXPECT_EQ(list_subcorpora(idx_).value(), (std::vector<std::string>{"all", "officials.2023"}));
    auto loaded = load_subcorpus(idx_, "officials.2023");
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(definition_json(loaded.value()), definition_json(definition));
    EXPECT_TRUE(fs::exists(idx_ / "subcorpora" / "officials.2023.json"));
    ASSERT_TRUE(delete_subcorpus(idx_, "all").ok());
    EXPECT_EQ(list_subcorpora(idx_).value(), (std::vector<std::string>{"officials.2023"}));
    const auto missing = load_subcorpus(idx_, "all");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("no subcorpus named 'all'"), std::string::npos) << missing.error().message;
    EXPECT_NE(missing.error().message.find("officials.2023"), std::string::npos) << "lists the saved ones";
    EXPECT_FALSE(save_subcorpus(idx_, "../escape", {}).ok());
    EXPECT_FALSE(save_subcorpus(idx_, "", {}).ok());
    // A damaged file is an error naming it, not a crash.
    testing::write_text(idx_ / "subcorpora" / "broken.json", "{\"filters\": {\"colour\": \"red\"}}");
    const auto broken = load_subcorpus(idx_, "broken");
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().message.find("unknown filter \"colour\""), std::string::npos) << broken.error().message;
    // The index stays valid with the folder in it.
    EXPECT_TRUE(index::check_index(idx_).ok());
}

TEST_F(SubcorpusTest, SavedSubcorpusFollowsAnIndexRebuild) {
    auto index = index::Index::open(idx_);
    ASSERT_TRUE(index.ok());
    SubcorpusDefinition definition;
    definition.filter.speaker = first_speaker(*index);
    ASSERT_TRUE(save_subcorpus(idx_, "speaker", definition).ok());
    const auto before = open_subcorpus(*index, "speaker");
    ASSERT_TRUE(before.ok());
    // A new event of the same speaker, then a merge that rewrites every segment.
    const auto in = scratch_.path() / "in";
    testing::write_text(in / "2024-02-01-briefing.txt", testing::read_file(in / "2024-01-15-briefing.txt") + "\nMS. OKAFOR: One more thing.\n");
    ASSERT_TRUE(index::build_index(idx_, {in.string()}, {}).ok());
    ASSERT_TRUE(index::merge_index(idx_, {}).ok());
    auto rebuilt = index::Index::open(idx_);
    ASSERT_TRUE(rebuilt.ok());
    const auto after = open_subcorpus(*rebuilt, "speaker");
    ASSERT_TRUE(after.ok()) << after.error().message;
    EXPECT_GT(after->size.tokens, before->size.tokens);
    EXPECT_EQ(after->size.events, before->size.events + 1);
    EXPECT_EQ(after->spans.segments, query_spans(*rebuilt, "[]", definition.filter).segments);
}

// The CLI: exit 2 and a message naming what was wrong.
class AnalysisCliTest : public SubcorpusTest {
protected:
    int run(std::vector<std::string> args, std::string* output) {
        args.insert(args.end(), {"--index", idx_.string()});
        return testing::run_presser(args, output);
    }
};

TEST_F(AnalysisCliTest, BadInputExitsTwoNamingIt) {
    std::string out;
    EXPECT_EQ(run({"freq", "--attr", "colour"}, &out), 2);
    EXPECT_NE(out.find("--attr: unknown attribute 'colour'"), std::string::npos) << out;
    EXPECT_EQ(run({"freq", "--subcorpus", "nope"}, &out), 2);
    EXPECT_NE(out.find("no subcorpus named 'nope'"), std::string::npos) << out;
    EXPECT_EQ(run({"freq", "--speaker", "Nobody At All"}, &out), 2);
    EXPECT_NE(out.find("speaker=Nobody At All"), std::string::npos) << out;
    EXPECT_NE(out.find("is empty"), std::string::npos) << out;
    EXPECT_EQ(run({"freq", "--within", "[lower=\"x\"]"}, &out), 2);
    EXPECT_NE(out.find("not a region query"), std::string::npos) << out;
    EXPECT_EQ(run({"freq", "--match", "(open"}, &out), 2);
    EXPECT_EQ(run({"freq", "--sort", "colour"}, &out), 2);
    EXPECT_EQ(run({"keyness", "--attr", "colour"}, &out), 2);
    EXPECT_EQ(run({"keyness", "--reference", "nope"}, &out), 2);
    EXPECT_NE(out.find("no subcorpus named 'nope'"), std::string::npos) << out;
    EXPECT_EQ(run({"keyness", "--alpha", "2"}, &out), 2);
    ASSERT_EQ(run({"subcorpus", "save", "y2023", "--from", "2023", "--to", "2023"}, &out), 0) << out;
    ASSERT_EQ(run({"subcorpus", "save", "questions", "--cql", "<turn kind=\"question\"/>"}, &out), 0) << out;
    EXPECT_EQ(run({"keyness", "--target", "y2023", "--reference", "questions"}, &out), 2);
    EXPECT_NE(out.find("target subcorpus 'y2023'"), std::string::npos) << out;
    EXPECT_NE(out.find("reference subcorpus 'questions'"), std::string::npos) << out;
    EXPECT_NE(out.find("overlap"), std::string::npos) << out;
    EXPECT_EQ(run({"keyness", "--speaker", "Nobody At All"}, &out), 2);
    EXPECT_NE(out.find("is empty"), std::string::npos) << out;
    EXPECT_EQ(run({"keyness", "--target", "y2023", "--year", "2023"}, &out), 2);
    EXPECT_EQ(run({"subcorpus", "save", "../x"}, &out), 2);
    EXPECT_EQ(run({"subcorpus", "show", "nope"}, &out), 2);
    EXPECT_EQ(run({"subcorpus", "delete", "nope"}, &out), 2);
}

TEST_F(AnalysisCliTest, TsvHasAHeaderRowAndSizesComeFirst) {
    std::string out;
    ASSERT_EQ(run({"freq", "--format", "tsv", "--limit", "3"}, &out), 0) << out;
    std::istringstream lines(out);
    std::string line;
    std::getline(lines, line);
    EXPECT_TRUE(line.starts_with("# whole corpus: ")) << line;
    EXPECT_NE(line.find(" tokens, "), std::string::npos) << line;
    std::getline(lines, line);
    EXPECT_EQ(line, "term\tfrequency\tper_million\tevents\tturns\tjuilland_d\tgries_dp");
    int rows = 0;
    while (std::getline(lines, line)) ++rows;
    EXPECT_EQ(rows, 3);
    ASSERT_EQ(run({"subcorpus", "save", "y2024", "--from", "2024"}, &out), 0) << out;
    ASSERT_EQ(run({"keyness", "--target", "y2024", "--format", "tsv", "--alpha", "none"}, &out), 0) << out;
    EXPECT_NE(out.find("\nkeyword\tterm\ttarget_frequency\treference_frequency\ttarget_per_million\treference_per_million\tlog_likelihood\tlog_ratio\tpercent_diff\n"),
              std::string::npos) << out;
    EXPECT_NE(out.find("\t\n"), std::string::npos) << "%DIFF of a term absent from the reference is an empty field: " << out;
    ASSERT_EQ(run({"keyness", "--target", "y2024", "--format", "json", "--alpha", "none"}, &out), 0) << out;
    const auto json = nlohmann::json::parse(out.substr(out.find('{')));
    EXPECT_EQ(json["target"]["name"], "y2024");
    EXPECT_EQ(json["target"]["events"], 1);
    EXPECT_EQ(json["reference"]["events"], 2);
    bool null_seen = false;
    for (const auto& row : json["positive"]) null_seen |= row["percent_diff"].is_null();
    EXPECT_TRUE(null_seen);
    ASSERT_EQ(run({"subcorpus", "list", "--format", "json"}, &out), 0) << out;
    EXPECT_EQ(nlohmann::json::parse(out)[0]["name"], "y2024");
}

}  // namespace
}  // namespace presser::analysis
