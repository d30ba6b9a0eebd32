// The presser command with values and data that must not get through as they are: option values checked
// (exit 2 with a message naming the option and what it expects), strings from the data escaped on the
// terminal, and entries of a source folder that cannot be read reported (one warning each, in the totals).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "index/index.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser {
namespace {

namespace fs = std::filesystem;

class CliSafety : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("cli-safety");
        auto built = index::build_index(scratch_->path() / "idx", {(testing::source_dir() / "samples").string()}, {});
        ASSERT_TRUE(built.ok()) << built.error().describe();
    }
    static void TearDownTestSuite() { delete scratch_; }
    static std::string idx() { return (scratch_->path() / "idx").string(); }

    // Runs presser; expects `status`; returns stdout and stderr.
    static std::string run(const std::vector<std::string>& args, int status) {
        std::string output;
        EXPECT_EQ(testing::run_presser(args, &output), status) << ::testing::PrintToString(args) << "\n" << output;
        return output;
    }
    static void refused(const std::vector<std::string>& args, const std::vector<std::string>& said) {
        const auto output = run(args, 2);
        for (const auto& part : said) EXPECT_NE(output.find(part), std::string::npos) << ::testing::PrintToString(args) << "\n" << output;
    }

    static testing::ScratchDir* scratch_;
};
testing::ScratchDir* CliSafety::scratch_ = nullptr;

TEST_F(CliSafety, DatesMustBeRealIsoPrefixes) {
    refused({"query", "--index", idx(), "[]", "--count", "--from", "2021-13-45"}, {"--from", "2021-13-45", "YYYY-MM-DD"});
    refused({"query", "--index", idx(), "[]", "--count", "--to", "2023-02-29"}, {"--to", "2023-02-29"});
    refused({"query", "--index", idx(), "[]", "--count", "--to", "March"}, {"--to", "March"});
    refused({"search", "--index", idx(), "water", "--from", "2021-00"}, {"--from", "2021-00"});
    refused({"search", "--index", idx(), "water", "--to", "---07"}, {"--to"});
    run({"query", "--index", idx(), "[]", "--count", "--from", "2024", "--to", "2024-02-29"}, 0);
    run({"search", "--index", idx(), "water", "--from", "2024-05", "--to", "2024-12-31"}, 0);
}

TEST_F(CliSafety, UnknownGroupByAttributeListsTheAcceptedOnes) {
    refused({"query", "--index", idx(), "[]", "--group-by", "turn.shoe_size"},
            {"--group-by turn.shoe_size", "turn has no attribute 'shoe_size'", "turn.speaker", "turn.role"});
    refused({"query", "--index", idx(), "[]", "--group-by", "event.nothing"}, {"event.date", "event.id"});
    run({"query", "--index", idx(), "[]", "--group-by", "turn.role"}, 0);
}

TEST_F(CliSafety, CountsAndLimitsMustBeInRange) {
    refused({"query", "--index", idx(), "[]", "--timeout-ms", "-5"}, {"--timeout-ms", "at least 1", "-5"});
    refused({"query", "--index", idx(), "[]", "--timeout-ms", "0"}, {"--timeout-ms"});
    refused({"query", "--index", idx(), "[]", "--page", "0"}, {"--page", "at least 1"});
    refused({"query", "--index", idx(), "[]", "--page-size", "0"}, {"--page-size", "at least 1"});
    refused({"query", "--index", idx(), "[]", "--page", "-1"}, {"--page"});
    refused({"search", "--index", idx(), "water", "--limit", "0"}, {"--limit", "at least 1"});
    refused({"search", "--index", idx(), "water", "--facet-limit", "-3"}, {"--facet-limit"});
    refused({"serve", "--index", idx(), "--timeout-ms", "-5"}, {"--timeout-ms", "at least 0"});
    refused({"index", "build", "--index", (scratch_->path() / "other").string(), (testing::source_dir() / "samples").string(),
             "--memory", "0"},
            {"--memory"});
    EXPECT_FALSE(fs::exists(scratch_->path() / "other"));
    run({"query", "--index", idx(), "[]", "--page", "2", "--page-size", "1", "--timeout-ms", "60000"}, 0);
}

TEST_F(CliSafety, FileNamesWithControlCharactersAreEscaped) {
    const auto folder = scratch_->path() / "evil";
    fs::create_directories(folder);
    const std::string name = "bad\nname\x1b[31m.txt";
    fs::copy_file(testing::source_dir() / "samples" / "2024-05-14-harbour-authority-briefing.txt", folder / name);
    std::ofstream(folder / "table\x1b]0;owned\x07.csv") << "a,b\n";
    const auto index = (scratch_->path() / "evil-idx").string();
    for (const auto& output : {run({"parse", folder.string()}, 0), run({"index", "build", "--index", index, folder.string()}, 0),
                               run({"query", "--index", index, "[lower=\"breakwater\"]"}, 0),
                               run({"query", "--index", index, "[lower=\"breakwater\"]", "--format", "tsv"}, 0),
                               run({"search", "--index", index, "breakwater"}, 0)}) {
        EXPECT_EQ(output.find('\x1b'), std::string::npos) << output;
        EXPECT_EQ(output.find('\x07'), std::string::npos) << output;
        EXPECT_EQ(output.find("bad\nname"), std::string::npos) << output;
    }
    EXPECT_NE(run({"parse", folder.string()}, 0).find("table\\x1b]0;owned\\x07.csv"), std::string::npos);
    EXPECT_NE(run({"query", "--index", index, "[lower=\"breakwater\"]"}, 0).find("bad\\nname\\x1b[31m.txt"), std::string::npos);
    // JSON stays JSON: the name is there, escaped the JSON way.
    EXPECT_NE(run({"query", "--index", index, "[lower=\"breakwater\"]", "--format", "json"}, 0).find("bad\\nname\\u001b[31m.txt"),
              std::string::npos);
}

TEST_F(CliSafety, EntriesThatCannotBeReadAreWarnedAboutAndCounted) {
    const auto folder = scratch_->path() / "odd";
    fs::create_directories(folder);
    fs::copy_file(testing::source_dir() / "samples" / "2024-05-14-harbour-authority-briefing.txt", folder / "briefing.txt");
    ASSERT_EQ(::mkfifo((folder / "pipe.txt").c_str(), 0600), 0);
    fs::create_symlink(folder / "deleted.txt", folder / "dangling.txt");

    auto output = run({"parse", folder.string()}, 0);
    EXPECT_NE(output.find("warning: " + (folder / "pipe.txt").string() + ": a named pipe (FIFO)"), std::string::npos) << output;
    EXPECT_NE(output.find("warning: " + (folder / "dangling.txt").string() + ": a dangling symbolic link"), std::string::npos) << output;
    EXPECT_NE(output.find("1 files, 1 events"), std::string::npos) << output;
    EXPECT_NE(output.find("2 entries left out with a warning"), std::string::npos) << output;

    output = run({"index", "build", "--index", (scratch_->path() / "odd-idx").string(), folder.string()}, 0);
    EXPECT_NE(output.find("warning: " + (folder / "pipe.txt").string()), std::string::npos) << output;
    EXPECT_NE(output.find("warning: " + (folder / "dangling.txt").string()), std::string::npos) << output;
    EXPECT_NE(output.find("indexed 1 new"), std::string::npos) << output;
    EXPECT_NE(output.find("2 entries left out with a warning"), std::string::npos) << output;
}

}  // namespace
}  // namespace presser
