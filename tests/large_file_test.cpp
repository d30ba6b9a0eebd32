// A transcript far larger than any real one (~200 MB by default) must parse in bounded memory.
//
// Opt-in, because it writes the file to the temp directory and takes minutes under the sanitizers:
//   PRESSER_LARGE_TESTS=1 [PRESSER_LARGE_TEST_MB=200] ./build/debug/tests/presser_tests --gtest_filter='LargeFile.*'
//
// The bound: parsing may raise the peak resident set by less than 1 GiB, whatever the file size. A parser
// that holds the whole file and a copy of every paragraph needs several times the file size (and more
// under ASan), so this fails until parse_file streams; that is its purpose.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "ingest/parser.h"

namespace presser {
namespace {

namespace fs = std::filesystem;

constexpr long kPeakGrowthBoundKiB = 1024L * 1024L;  // 1 GiB

struct ParseOutcome {
    long peak_growth_kib = -1;  // growth of the peak resident set while parsing
    long turns = -1;
    long exchanges = -1;
    char error[512] = {};
};

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // KiB on Linux
}

// Parses in a child process, so that the peak resident set measured is this parse's alone and not that
// of the tests that ran before it in this process.
ParseOutcome parse_in_child(const fs::path& file) {
    int channel[2];
    if (pipe(channel) != 0) return {};
    pid_t child = fork();
    if (child == 0) {
        close(channel[0]);
        ParseOutcome outcome;
        long before = peak_rss_kib();
        {
            // Streaming, as `presser parse` reads large files: each part's event is counted and dropped.
            outcome.turns = 0;
            outcome.exchanges = 0;
            auto parsed = ingest::parse_file_streaming(file, {}, [&](model::Event&& event) {
                outcome.turns += static_cast<long>(event.turns.size());
                outcome.exchanges += static_cast<long>(event.exchanges.size());
            });
            outcome.peak_growth_kib = peak_rss_kib() - before;
            if (!parsed) std::snprintf(outcome.error, sizeof outcome.error, "%s", parsed.error().describe().c_str());
        }
        [[maybe_unused]] auto written = write(channel[1], &outcome, sizeof outcome);
        _exit(0);
    }
    close(channel[1]);
    ParseOutcome outcome;
    if (read(channel[0], &outcome, sizeof outcome) != static_cast<ssize_t>(sizeof outcome)) outcome = {};
    close(channel[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return outcome;
}

class LargeFile : public ::testing::Test {
protected:
    void SetUp() override {
        const char* enabled = std::getenv("PRESSER_LARGE_TESTS");
        if (!enabled || std::string(enabled) != "1")
            GTEST_SKIP() << "set PRESSER_LARGE_TESTS=1 to parse a generated ~200 MB transcript";
        const char* megabytes = std::getenv("PRESSER_LARGE_TEST_MB");
        target_bytes_ = (megabytes ? std::strtoull(megabytes, nullptr, 10) : 200ull) << 20;
        directory_ = fs::temp_directory_path() / ("presser-large-" + std::to_string(getpid()));
        fs::create_directories(directory_);
    }
    void TearDown() override {
        std::error_code ignored;
        if (!directory_.empty()) fs::remove_all(directory_, ignored);
    }

    fs::path directory_;
    std::uint64_t target_bytes_ = 0;
};

TEST_F(LargeFile, LabelledTranscriptParsesInBoundedMemory) {
    // Written a question and an answer at a time, so that the test itself never holds the file.
    const fs::path file = directory_ / "marathon-briefing.txt";
    std::uint64_t written = 0;
    long questions = 0;
    {
        std::ofstream out(file, std::ios::binary);
        std::string header = "Press Briefing by the Press Secretary, March 7, 2023\n\n";
        out << header;
        written += header.size();
        const std::string answer_body =
            "We have been very clear about this from the start. The President believes that the economy is "
            "growing, that wages are rising and that inflation is coming down, and he will keep working with "
            "Congress on it. (Laughter.) I would point you to the statement we put out this morning.";
        while (written < target_bytes_) {
            ++questions;
            std::string question = "Q Thank you. On question number " + std::to_string(questions) +
                                   ": what does the White House say to the critics of the plan?\n\n";
            std::string answer = "MS. PSAKI: " + answer_body + "\n\n";
            out << question << answer;
            written += question.size() + answer.size();
        }
        ASSERT_TRUE(out.good());
    }

    ParseOutcome outcome = parse_in_child(file);
    ASSERT_EQ(outcome.error[0], '\0') << outcome.error;
    ASSERT_GE(outcome.peak_growth_kib, 0) << "the parsing child process failed";
    EXPECT_EQ(outcome.turns, 2 * questions + 1);  // and the title, a narration turn
    EXPECT_EQ(outcome.exchanges, questions);
    std::printf("parsed %llu MiB: peak resident set grew by %ld MiB\n", static_cast<unsigned long long>(written >> 20),
                outcome.peak_growth_kib >> 10);
    RecordProperty("file_bytes", std::to_string(written));
    RecordProperty("peak_rss_growth_kib", std::to_string(outcome.peak_growth_kib));
    EXPECT_LT(outcome.peak_growth_kib, kPeakGrowthBoundKiB)
        << "parsing " << (written >> 20) << " MiB raised the peak resident set by " << (outcome.peak_growth_kib >> 10)
        << " MiB";
}

}  // namespace
}  // namespace presser
