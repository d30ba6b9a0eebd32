// Every example query the web UI offers (web/src/examples.json: the search box placeholder, the syntax help,
// the start page) finds something in the shipped sample, run through the CLI as a user would type it.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser {
namespace {

nlohmann::json examples() {
    std::ifstream in(testing::source_dir() / "web" / "src" / "examples.json");
    return nlohmann::json::parse(in);
}

class SampleExamples : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("sample-examples");
        ASSERT_TRUE(index::build_index(scratch_->path() / "idx", {(testing::source_dir() / "samples").string()}, {}).ok());
    }
    static void TearDownTestSuite() {
        delete scratch_;
        scratch_ = nullptr;
    }
    static std::string index_dir() { return (scratch_->path() / "idx").string(); }
    static testing::ScratchDir* scratch_;
};
testing::ScratchDir* SampleExamples::scratch_ = nullptr;

TEST_F(SampleExamples, TheListHasBothModesAndTheUsesTheUiShows) {
    const auto list = examples();
    for (const char* mode : {"search", "cql"}) {
        ASSERT_TRUE(list[mode].is_array()) << mode;
        bool placeholder = false;
        bool start = false;
        for (const auto& example : list[mode]) {
            EXPECT_TRUE(example["q"].is_string() && example["what"].is_string()) << example.dump();
            placeholder |= example.value("placeholder", false);
            start |= example.value("start", false);
        }
        EXPECT_TRUE(placeholder) << mode << ": no example for the search box placeholder";
        EXPECT_TRUE(start) << mode << ": no example for the start page";
    }
}

TEST_F(SampleExamples, EverySearchExampleHasHits) {
    const auto list = examples();
    for (const auto& example : list["search"]) {
        const std::string q = example["q"];
        std::string output;
        ASSERT_EQ(testing::run_presser({"search", "--index", index_dir(), q, "--format", "json", "--limit", "1"}, &output), 0)
            << q << "\n" << output;
        const auto answer = nlohmann::json::parse(output.substr(output.find('{')));
        EXPECT_GE(answer["total"].get<std::uint64_t>(), 1u) << "search example without hits on samples/: " << q;
    }
}

TEST_F(SampleExamples, EveryCqlExampleHasHits) {
    const auto list = examples();
    for (const auto& example : list["cql"]) {
        const std::string cql = example["q"];
        std::string output;
        ASSERT_EQ(testing::run_presser({"query", "--index", index_dir(), cql, "--format", "json", "--page-size", "1"}, &output), 0)
            << cql << "\n" << output;
        const auto answer = nlohmann::json::parse(output.substr(output.find('{')));
        EXPECT_GE(answer["hits"].get<std::uint64_t>(), 1u) << "CQL example without hits on samples/: " << cql;
    }
}

}  // namespace
}  // namespace presser
