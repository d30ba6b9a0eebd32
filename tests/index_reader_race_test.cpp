// Readers racing writers: Index::open in a loop while appends and merges commit and remove the segments
// of the MANIFEST the reader may just have read. Every open must succeed, on one committed generation.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "analysis_fixture.h"
#include "index/index.h"
#include "index_test_support.h"

namespace presser::index {
namespace {

TEST(IndexReaderRace, OpenDuringCommitsAndMergesAlwaysSucceeds) {
    testing::ScratchDir scratch("reader-race");
    const auto in = scratch.path() / "in";
    const auto idx = scratch.path() / "idx";
    auto transcript = [&](int i) {
        testing::write_text(in / ("2024-01-" + std::to_string(10 + i) + "-briefing.txt"),
                            "MS. OKAFOR: Briefing number " + std::to_string(i) + ". The bridge is open.\n\nQ  Is it?\n\nMS. OKAFOR: It is.\n");
    };
    transcript(0);
    ASSERT_TRUE(build_index(idx, {in.string()}, {}).ok());

    std::atomic<bool> writing{true};
    std::atomic<int> opens{0}, failures{0};
    std::string first_failure;
    std::thread reader([&] {
        std::uint64_t last_events = 0;
        while (writing.load()) {
            auto index = Index::open(idx);
            ++opens;
            if (!index.ok()) {
                if (failures++ == 0) first_failure = index.error().describe();
                continue;
            }
            // Events only ever grow here (appends; merges keep them).
            EXPECT_GE(index->events(), last_events);
            last_events = index->events();
        }
    });
    BuildOptions options;
    options.threads = 1;
    for (int i = 1; i <= 12; ++i) {
        transcript(i);
        ASSERT_TRUE(build_index(idx, {in.string()}, options).ok());
        if (i % 3 == 0) {
            ASSERT_TRUE(merge_index(idx, options).ok());
        }
    }
    writing = false;
    reader.join();
    EXPECT_EQ(failures.load(), 0) << "of " << opens.load() << " opens; first: " << first_failure;
    EXPECT_GT(opens.load(), 0);
}

}  // namespace
}  // namespace presser::index
