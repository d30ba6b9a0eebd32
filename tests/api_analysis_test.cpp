// The analysis routes of the HTTP API (/api/subcorpora, freq, keyness, colloc, ngrams) on the made-up corpus
// of analysis_fixture.h: each answers exactly what the CLI's --format json prints for the same options
// (one library call and one JSON shape behind both), downloads hold every row with a header, and bad input
// is a 400 naming the parameter.
#include <gtest/gtest.h>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "analysis/subcorpus_store.h"
#include "analysis_fixture.h"
#include "index/index.h"
#include "index_test_support.h"
#include "served_index.h"

namespace presser {
namespace {

using nlohmann::json;

class ApiAnalysis : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("api-analysis");
        idx_ = new std::string(testing::build_analysis_corpus(scratch_->path()).string());
        ASSERT_FALSE(idx_->empty());
        analysis::SubcorpusDefinition okafor;
        okafor.filter.speaker = "Okafor";
        ASSERT_TRUE(analysis::save_subcorpus(*idx_, "okafor", okafor).ok());
        auto opened = index::Index::open(*idx_);
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
        index_ = new index::Index(std::move(opened.value()));
        server::ServerOptions options;
        options.threads = 2;
        options.web_dir = scratch_->path() / "no-ui";
        served_ = new testing::ServedIndex(*index_, options);
    }
    static void TearDownTestSuite() {
        delete served_;
        delete index_;
        delete idx_;
        delete scratch_;
    }

    static httplib::Result get(const std::string& path) {
        httplib::Client client("127.0.0.1", served_->port());
        client.set_read_timeout(120, 0);
        return client.Get(path.c_str());
    }
    static json get_json(const std::string& path, int status = 200) {
        auto result = get(path);
        EXPECT_TRUE(result) << path;
        if (!result) return json();
        EXPECT_EQ(result->status, status) << path << "\n" << result->body;
        return json::parse(result->body, nullptr, false);
    }
    // The CLI's JSON for `args` (after "--index DIR").
    static json cli_json(const std::string& command, std::vector<std::string> args) {
        args.insert(args.begin(), {command, "--index", *idx_, "--format", "json"});
        std::string out;
        EXPECT_EQ(testing::run_presser(args, &out), 0) << out;
        return json::parse(out.substr(std::min(out.find('{'), out.size())), nullptr, false);
    }
    // Equal except for the time each took.
    static void expect_same(json api, json cli, const std::string& what) {
        ASSERT_TRUE(api.is_object()) << what;
        ASSERT_TRUE(cli.is_object()) << what;
        api.erase("took_ms");
        cli.erase("took_ms");
        EXPECT_EQ(api, cli) << what << "\nAPI: " << api.dump(1) << "\nCLI: " << cli.dump(1);
    }

    static testing::ScratchDir* scratch_;
    static std::string* idx_;
    static index::Index* index_;
    static testing::ServedIndex* served_;
};
testing::ScratchDir* ApiAnalysis::scratch_ = nullptr;
std::string* ApiAnalysis::idx_ = nullptr;
index::Index* ApiAnalysis::index_ = nullptr;
testing::ServedIndex* ApiAnalysis::served_ = nullptr;

TEST_F(ApiAnalysis, EachRouteAnswersWhatTheCliPrints) {
    expect_same(get_json("/api/freq?attr=lemma&speaker=Okafor&min_freq=2&sort=range&offset=1&limit=4"),
                cli_json("freq", {"--attr", "lemma", "--speaker", "Okafor", "--min-freq", "2", "--sort", "range", "--offset", "1", "--limit", "4"}),
                "freq");
    expect_same(get_json("/api/freq?subcorpus=okafor&match=%5Et"), cli_json("freq", {"--subcorpus", "okafor", "--match", "^t"}), "freq saved");
    expect_same(get_json("/api/keyness?from=2024&alpha=none&limit=5"), cli_json("keyness", {"--from", "2024", "--alpha", "none", "--limit", "5"}),
                "keyness");
    expect_same(get_json("/api/keyness?target=okafor&n=2&alpha=none&sort=log-ratio&limit=3"),
                cli_json("keyness", {"--target", "okafor", "--n", "2", "--alpha", "none", "--sort", "log-ratio", "--limit", "3"}), "key n-grams");
    expect_same(get_json("/api/colloc?q=%5Blower%3D%22sanctions%22%5D&window=3&measure=mi&limit=7"),
                cli_json("colloc", {"[lower=\"sanctions\"]", "--window", "3", "--measure", "mi", "--limit", "7"}), "colloc");
    expect_same(get_json("/api/colloc?q=%5Blower%3D%22talks%22%5D&within=s&region=%3Cturn%20role%3D%22official%22/%3E"),
                cli_json("colloc", {"[lower=\"talks\"]", "--within", "s", "--region", "<turn role=\"official\"/>"}), "colloc in a region");
    expect_same(get_json("/api/ngrams?n=2&min_freq=2&offset=2&limit=3"),
                cli_json("ngrams", {"--n", "2", "--min-freq", "2", "--offset", "2", "--limit", "3"}), "ngrams");
}

TEST_F(ApiAnalysis, KeynessReferenceByFiltersIsThatSubcorpus) {
    const auto answer = get_json("/api/keyness?to=2023-03&ref_from=2024&alpha=none");
    EXPECT_EQ(answer["target"]["events"], 1);
    EXPECT_EQ(answer["reference"]["events"], 1);
    EXPECT_EQ(answer["reference"]["definition"]["filters"]["from"], "2024");
    // The same comparison with the reference saved by name.
    analysis::SubcorpusDefinition y2024;
    y2024.filter.date_from = "2024";
    ASSERT_TRUE(analysis::save_subcorpus(*idx_, "y2024", y2024).ok());
    auto saved = get_json("/api/keyness?to=2023-03&reference=y2024&alpha=none");
    EXPECT_EQ(saved["positive"], answer["positive"]);
    EXPECT_EQ(saved["negative"], answer["negative"]);
    const auto listed = get_json("/api/subcorpora");
    ASSERT_EQ(listed["subcorpora"].size(), 2u);
    EXPECT_EQ(listed["subcorpora"][0]["name"], "okafor");
    EXPECT_GT(listed["subcorpora"][0]["tokens"].get<int>(), 0);
    EXPECT_EQ(get_json("/api/keyness?to=2023-03&reference=y2024&ref_speaker=x", 400)["error"]["message"],
              "give 'reference' (a saved subcorpus) or filters and a region, not both");
    // A reference that shares tokens with the target.
    const auto overlap = get_json("/api/keyness?from=2023&ref_from=2024", 400)["error"]["message"].get<std::string>();
    EXPECT_NE(overlap.find("overlap"), std::string::npos) << overlap;
}

TEST_F(ApiAnalysis, DownloadsHoldEveryRowWithAHeader) {
    const auto page = get_json("/api/freq?attr=lower&limit=2");
    const auto total = page["total_rows"].get<std::size_t>();
    auto csv = get("/api/freq?attr=lower&limit=2&format=csv");
    ASSERT_TRUE(csv);
    EXPECT_EQ(csv->status, 200);
    EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_NE(csv->get_header_value("Content-Disposition").find("presser-freq-lower-corpus-"), std::string::npos);
    std::size_t lines = 0;
    for (std::size_t at = 0; (at = csv->body.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
    EXPECT_EQ(lines, total + 1);
    EXPECT_TRUE(csv->body.starts_with("term,frequency,per_million,events,turns,juilland_d,gries_dp\r\n")) << csv->body.substr(0, 80);

    auto keywords = get("/api/keyness?speaker=Okafor&alpha=none&format=jsonl");
    ASSERT_TRUE(keywords);
    const auto counts = get_json("/api/keyness?speaker=Okafor&alpha=none");
    std::size_t rows = 0, positive = 0;
    std::istringstream lines_in(keywords->body);
    for (std::string line; std::getline(lines_in, line); ++rows) positive += json::parse(line)["keyword"] == "positive";
    EXPECT_EQ(rows, counts["total_rows"].get<std::size_t>());
    EXPECT_EQ(positive, counts["positive_total"].get<std::size_t>());
    EXPECT_NE(keywords->get_header_value("Content-Disposition").find("presser-keyness-lemma-speaker-okafor-vs-rest-"), std::string::npos)
        << keywords->get_header_value("Content-Disposition");
}

TEST_F(ApiAnalysis, BadInputIsA400NamingIt) {
    auto message = [](const std::string& path) { return get_json(path, 400)["error"]["message"].get<std::string>(); };
    EXPECT_NE(message("/api/freq?attr=pos").find("'attr'"), std::string::npos);
    EXPECT_NE(message("/api/freq?speaker=Nobody").find("is empty"), std::string::npos);
    EXPECT_NE(message("/api/freq?subcorpus=missing").find("missing"), std::string::npos);
    EXPECT_NE(message("/api/freq?subcorpus=okafor&from=2023").find("not both"), std::string::npos);
    const auto region = get_json("/api/ngrams?region=%3Cturn", 400)["error"];
    EXPECT_TRUE(region["message"].get<std::string>().starts_with("region: ")) << region;
    EXPECT_TRUE(region.contains("column")) << region;
    EXPECT_NE(message("/api/freq?match=(").find("match"), std::string::npos);
    EXPECT_NE(message("/api/colloc?window=3").find("'q'"), std::string::npos);
    EXPECT_NE(message("/api/colloc?q=%5B&window=3").find("CQL"), std::string::npos);
    EXPECT_NE(message("/api/colloc?q=%22x%22&within=s&window=2").find("within"), std::string::npos);
    EXPECT_NE(message("/api/keyness?n=5").find("'n'"), std::string::npos);
    EXPECT_NE(message("/api/keyness?alpha=2").find("alpha"), std::string::npos);
    EXPECT_NE(message("/api/ngrams?max_dp=1.5").find("max_dp"), std::string::npos);
    EXPECT_NE(message("/api/ngrams?bogus=1").find("bogus"), std::string::npos);
}

}  // namespace
}  // namespace presser
