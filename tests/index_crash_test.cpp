// Crash safety: `presser index build` (and merge) killed with SIGKILL at random moments, again and
// again; after every kill the index must open at its last commit, pass `index check`, and hold every
// committed event intact (same tokens as the parser and analyzer give, no duplicates).
#include <gtest/gtest.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "index/index.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser::index {
namespace {

pid_t spawn(const std::vector<std::string>& args) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::vector<char*> argv;
        std::string binary = testing::presser_binary().string();
        argv.push_back(binary.data());
        std::vector<std::string> copies(args);
        for (auto& arg : copies) argv.push_back(arg.data());
        argv.push_back(nullptr);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

TEST(IndexCrash, KilledIngestsLeaveTheLastCommit) {
    PRESSER_REQUIRE_SHARED();
    // A few real transcripts and the seed: enough files for many commits (one per file with --memory 1),
    // few enough that 30 rounds stay quick with the sanitizer build of presser.
    const auto shared = testing::shared_dir();
    std::vector<std::string> inputs{(shared / "seed").string()};
    std::vector<std::string> fomc;
    for (const auto& entry : std::filesystem::directory_iterator(shared / "corpora" / "fomc-en"))
        if (entry.path().extension() == ".txt") fomc.push_back(entry.path().string());
    std::sort(fomc.begin(), fomc.end());
    fomc.resize(std::min<std::size_t>(fomc.size(), 8));
    inputs.insert(inputs.end(), fomc.begin(), fomc.end());
    const auto expected = testing::expected_counts(inputs);
    testing::ScratchDir scratch("index-crash");
    const auto idx = (scratch.path() / "idx").string();
    std::vector<std::string> build{"index", "build", "--index", idx, "--memory", "1", "--threads", "2"};
    build.insert(build.end(), inputs.begin(), inputs.end());

    // How long an uninterrupted build takes, to spread the kills over it.
    const auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(wait_for(spawn(build)), 0);
    const auto full_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::filesystem::remove_all(idx);

    // The seed chooses when each round kills the build; PRESSER_CRASH_SEED=N replays a failing run's rounds
    // (their delays, and so roughly the moments of the kills: the build's own pace varies with the load).
    const char* replay = std::getenv("PRESSER_CRASH_SEED");
    const auto seed = replay ? static_cast<unsigned>(std::stoul(replay)) : static_cast<unsigned>(std::random_device{}());
    std::cout << "IndexCrash seed " << seed << " (replay with PRESSER_CRASH_SEED=" << seed << ")\n";
    std::mt19937 random(seed);
    SCOPED_TRACE("seed " + std::to_string(seed) + ": replay with PRESSER_CRASH_SEED=" + std::to_string(seed));
    int committed_states = 0, empty_states = 0, complete_states = 0;
    for (int round = 0; round < 30; ++round) {
        const bool merge = round % 6 == 5 && std::filesystem::exists(std::filesystem::path(idx) / "MANIFEST");
        const pid_t child = spawn(merge ? std::vector<std::string>{"index", "merge", "--index", idx} : build);
        const auto delay = std::chrono::milliseconds(random() % static_cast<unsigned>(std::max<long long>(full_ms, 20)));
        std::this_thread::sleep_for(delay);
        SCOPED_TRACE("round " + std::to_string(round) + (merge ? ": merge" : ": build") + " killed after " + std::to_string(delay.count()) + " ms");
        ::kill(child, SIGKILL);
        wait_for(child);

        auto index = Index::open(idx, true);
        if (!index.ok()) {
            // Killed before the first commit: there is no index yet (not even its directory, when the kill
            // came before the writer created it), and opening says so.
            const auto why = index.error().describe();
            const bool no_directory = !std::filesystem::exists(idx) && why.find("not a directory") != std::string::npos;
            ASSERT_TRUE(no_directory || why.find("no MANIFEST") != std::string::npos) << "round " << round << ": " << why;
            ++empty_states;
            continue;
        }
        auto checked = check_index(idx);
        ASSERT_TRUE(checked.ok()) << "round " << round << ": " << checked.error().describe();
        std::set<std::string> seen;
        for (const auto& segment : index->segments()) {
            const auto& events = segment->regions(Structure::event);
            for (std::uint64_t e = 0; e < events.size(); ++e) {
                if (segment->event_deleted(e)) continue;
                const std::string id(events.column("id")->string(e));
                ASSERT_TRUE(seen.insert(id).second) << "round " << round << ": event " << id << " twice";
                ASSERT_EQ(events.end(e) - events.start(e), expected.tokens_by_event.at(id)) << "round " << round << ": " << id;
            }
        }
        // Every committed source's events are there (check_index verified the locations).
        std::uint64_t source_events = 0;
        for (const auto& [path, source] : index->manifest().sources) source_events += source.events.size();
        ASSERT_EQ(source_events, seen.size()) << "round " << round;
        ++committed_states;
        if (seen.size() == expected.events) {
            ++complete_states;
            if (round % 3 == 0) std::filesystem::remove_all(idx);  // start over now and then
        }
    }
    std::cout << "crash rounds: " << committed_states << " committed states checked, " << empty_states
              << " before the first commit, " << complete_states << " complete (seed " << seed << ")\n";
    EXPECT_GE(committed_states, 15);
}

}  // namespace
}  // namespace presser::index
