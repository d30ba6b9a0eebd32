// I/O-error safety: `index build` and `index merge`, in process, with the Nth write, fsync or rename of the
// index writer failing with EIO or ENOSPC (index/io_faults.h), for every N up to the number of such calls
// an uninterrupted run makes. Each time: an error naming the file and the errno's text, no crash, the
// index opens at its last good commit (or at the new one, when only the directory fsync after the
// manifest's rename failed), passes check_index, holds no event twice and loses none, and the same run
// without faults then completes.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "index/index.h"
#include "index/io_faults.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser::index {
namespace {

using testing::ScratchDir;

// Live event ids of the index at `directory`, each once (a second sighting fails the test).
std::set<std::string> live_events(const std::filesystem::path& directory, const std::string& round) {
    std::set<std::string> seen;
    auto index = Index::open(directory, true);
    EXPECT_TRUE(index.ok()) << round << ": " << (index.ok() ? "" : index.error().describe());
    if (!index) return seen;
    for (const auto& segment : index->segments()) {
        const auto& events = segment->regions(Structure::event);
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            if (segment->event_deleted(e)) continue;
            EXPECT_TRUE(seen.insert(std::string(events.column("id")->string(e))).second) << round;
        }
    }
    std::uint64_t source_events = 0;
    for (const auto& [path, source] : index->manifest().sources) source_events += source.events.size();
    EXPECT_EQ(source_events, seen.size()) << round << ": the sources table and the segments disagree";
    return seen;
}

void copy_index(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::filesystem::remove_all(to);
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

class IoFaults : public ::testing::Test {
protected:
    void TearDown() override { set_io_fault_plan({}); }

    // Runs `step` on a copy of `pristine` with the Nth I/O call failing, for every N the step makes
    // without faults; checks each outcome against the events `before` and `after` the step.
    template <class Step>
    void fail_each_call(const std::filesystem::path& pristine, const std::filesystem::path& idx, Step step,
                        const std::set<std::string>& before, const std::set<std::string>& after, const char* name) {
        copy_index(pristine, idx);
        set_io_fault_plan({});
        ASSERT_TRUE(step().ok());
        const auto calls = io_calls();
        ASSERT_GT(calls, 10u) << name << " makes fewer I/O calls than a segment has files";
        int old_states = 0, new_states = 0;
        for (std::uint64_t n = 1; n <= calls; ++n) {
            const int error = n % 2 ? EIO : ENOSPC;
            const std::string round = std::string(name) + ", call " + std::to_string(n) + " of " + std::to_string(calls) + " failing with " + std::strerror(error);
            copy_index(pristine, idx);
            set_io_fault_plan({n, error, false});
            const auto result = step();
            set_io_fault_plan({});
            if (!result.ok()) {
                const auto why = result.error().describe();
                EXPECT_NE(why.find(std::strerror(error)), std::string::npos) << round << ": " << why;
                EXPECT_NE(why.find(idx.string()), std::string::npos) << round << ": the error names no index file: " << why;
            } else {
                ADD_FAILURE() << round << ": the failure was not reported";
            }
            auto checked = check_index(idx);
            ASSERT_TRUE(checked.ok()) << round << ": " << checked.error().describe();
            const auto events = live_events(idx, round);
            if (events == before) ++old_states;
            else if (events == after) ++new_states;
            else ADD_FAILURE() << round << ": " << events.size() << " events, neither the " << before.size() << " of the last commit nor the " << after.size() << " of the next";
            ASSERT_TRUE(step().ok()) << round << ": the run without faults after it failed";
            EXPECT_EQ(live_events(idx, round), after) << round;
            ASSERT_TRUE(check_index(idx).ok()) << round;
        }
        EXPECT_GT(old_states, 0) << name;
        std::cout << name << ": " << calls << " I/O calls failed one at a time: " << old_states << " left the last commit, "
                  << new_states << " the new one (after its manifest was renamed into place)\n";
    }
};

TEST_F(IoFaults, EveryFailingWriteFsyncOrRenameOfABuildAndAMergeLeavesACommit) {
    ScratchDir scratch("io-faults");
    const auto samples = testing::source_dir() / "samples";
    const std::vector<std::string> first = {(samples / "2024-01-16-harbour-authority-briefing.txt").string(),
                                            (samples / "2024-01-25-ministry-briefing.md").string()};
    const std::vector<std::string> second = {(samples / "2024-02-13-harbour-authority-briefing.txt").string(),
                                             (samples / "2024-02-19-rueda-de-prensa.md").string()};
    const auto pristine = scratch.path() / "pristine";
    const auto idx = scratch.path() / "idx";
    BuildOptions options;
    options.threads = 1;
    ASSERT_TRUE(build_index(pristine, first, options).ok());
    const auto before = live_events(pristine, "first build");
    ASSERT_EQ(before.size(), 2u);

    auto build = [&] { return build_index(idx, second, options); };
    copy_index(pristine, idx);
    ASSERT_TRUE(build().ok());
    const auto after = live_events(idx, "second build");
    ASSERT_EQ(after.size(), 4u);
    fail_each_call(pristine, idx, build, before, after, "index build");

    // Two segments merged into one: the events stay the same, whichever commit the index is left at.
    const auto two_segments = scratch.path() / "two-segments";
    copy_index(idx, two_segments);
    fail_each_call(two_segments, idx, [&] { return merge_index(idx, options); }, after, after, "index merge");
}

}  // namespace
}  // namespace presser::index
