// Ingesting while serving (issue 22 §1): presser serve --watch (server/folder_ingest.h) and the merge
// policy that keeps the segment count bounded (index/merge_policy.h).
#include <gtest/gtest.h>

#include <httplib.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "analysis_fixture.h"
#include "index/index.h"
#include "index/merge_policy.h"
#include "index_test_support.h"
#include "served_index.h"
#include "server/server.h"

namespace presser {
namespace {

using nlohmann::json;

index::SegmentInfo segment(const std::string& name, std::uint64_t tokens) {
    index::SegmentInfo info;
    info.name = name;
    info.tokens = tokens;
    info.events = 1;
    return info;
}

TEST(MergePolicy, MergesTenAdjacentSegmentsOfOneTierAndBoundsTheCount) {
    std::vector<index::SegmentInfo> segments;
    segments.push_back(segment("big", 50'000'000));
    for (int i = 0; i < 9; ++i) segments.push_back(segment("s" + std::to_string(i), 2'000 + i));
    EXPECT_TRUE(index::next_merge(segments, 20).empty()) << "nine small segments and a big one: nothing to do";
    segments.push_back(segment("s9", 3'000));
    const auto chosen = index::next_merge(segments, 20);
    ASSERT_EQ(chosen.size(), 10u);
    EXPECT_EQ(chosen.front(), "s0");
    EXPECT_EQ(chosen.back(), "s9");
    // Segments of alternating tiers never make ten of one tier in a row: the count bound merges the
    // adjacent run with the fewest tokens.
    std::vector<index::SegmentInfo> mixed;
    for (int i = 0; i < 12; ++i) mixed.push_back(segment("m" + std::to_string(i), i % 2 ? 5'000'000 : 1'000));
    mixed.push_back(segment("tail", 10));
    const auto bounded = index::next_merge(mixed, 10);
    ASSERT_EQ(bounded.size(), 4u);  // 13 segments down to 10
    EXPECT_EQ(bounded.back(), "tail");
    EXPECT_TRUE(index::next_merge(mixed, 13).empty());
}

std::uint64_t hits(const index::Index& index, const std::string& word) {
    std::uint64_t count = 0;
    for (const auto& segment : index.segments()) {
        const auto& lexicon = segment->lexicon(index::Attribute::lower);
        for (std::uint32_t id = 0; id < lexicon.size(); ++id)
            if (lexicon.term(id) == word) count += segment->postings(index::Attribute::lower, id).size();
    }
    return count;
}

TEST(MergePolicy, APartialMergeKeepsEventsInOrderAndTheOtherSegmentsAsTheyWere) {
    testing::ScratchDir scratch("merge-partial");
    const auto in = scratch.path() / "in", idx = scratch.path() / "idx";
    for (int i = 0; i < 4; ++i) {
        testing::write_text(in / ("2024-04-1" + std::to_string(i) + "-briefing.txt"),
                            "MS. OKAFOR: Ferry " + std::to_string(i) + " sails at noon.\n\nQ  Which ferry?\n\nMS. OKAFOR: The blue one.\n");
        ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    }
    auto before = index::Index::open(idx);
    ASSERT_TRUE(before.ok());
    ASSERT_EQ(before->segments().size(), 4u);
    const auto name = [&](std::size_t i) { return before->segments()[i]->info().name; };
    auto refused = index::merge_segments(idx, {name(0), name(2)}, {});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("adjacent"), std::string::npos);

    auto merged = index::merge_segments(idx, {name(1), name(2)}, {});
    ASSERT_TRUE(merged.ok()) << merged.error().describe();
    auto after = index::Index::open(idx);
    ASSERT_TRUE(after.ok());
    ASSERT_EQ(after->segments().size(), 3u);
    EXPECT_EQ(after->segments()[0]->info().name, name(0));
    EXPECT_EQ(after->segments()[2]->info().name, name(3));
    EXPECT_EQ(after->events(), before->events());
    EXPECT_EQ(after->tokens(), before->tokens());
    EXPECT_EQ(hits(after.value(), "ferry"), hits(before.value(), "ferry"));
    EXPECT_TRUE(index::check_index(idx).ok());
    auto policy = index::apply_merge_policy(idx, 1, {});
    ASSERT_TRUE(policy.ok());
    EXPECT_EQ(policy->segments_after, 1u);
    EXPECT_TRUE(index::check_index(idx).ok());
}

json info(int port) {
    httplib::Client client("127.0.0.1", port);
    auto response = client.Get("/api/info");
    return response ? json::parse(response->body, nullptr, false) : json();
}

TEST(LiveIngest, AWatchedFolderIsIngestedWhileServedAndABadFileIsListedNotIngested) {
    testing::ScratchDir scratch("live-watch");
    const auto in = scratch.path() / "in", watched = scratch.path() / "watched", idx = scratch.path() / "idx";
    testing::write_text(in / "2024-05-01-briefing.txt", "MS. OKAFOR: The harbour opens.\n\nQ  When?\n\nMS. OKAFOR: Today.\n");
    std::filesystem::create_directories(watched);
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    auto first = index::Index::open(idx);
    ASSERT_TRUE(first.ok());
    server::ServerOptions options;
    options.reload = true;
    options.reload_poll_ms = 0;
    options.watch_folders = {watched};
    options.watch_rescan_ms = 3'600'000;  // only inotify and ingest_now()
    testing::ServedIndex live(first.value(), options);
    httplib::Client client("127.0.0.1", live.port());

    testing::write_text(watched / "2024-05-02-briefing.txt", "MS. OKAFOR: The lighthouse reopens.\n\nQ  Which lighthouse?\n\nMS. OKAFOR: The old one.\n");
    live.server().ingest_now();
    live.server().check_for_commit();
    const auto committed = index::read_manifest(idx, false);
    ASSERT_TRUE(committed.ok());
    while (live.server().generation() != committed->generation) std::this_thread::yield();
    auto status = info(live.port());
    EXPECT_EQ(status["events"], 2) << status.dump();
    EXPECT_EQ(status["ingest"]["state"], "idle");
    EXPECT_EQ(status["ingest"]["files_done"], 1);
    EXPECT_EQ(status["ingest"]["files_total"], 1);
    EXPECT_TRUE(status["ingest"]["skipped"].empty());
    EXPECT_EQ(json::parse(client.Get("/api/search?q=lighthouse")->body)["total"], 2);

    // A transcript with a NUL byte fails to parse: listed with its offset, none of it ingested.
    std::string broken = "MS. OKAFOR: The canal is closed.\n\nQ  Why?\n\nMS. OKAFOR: Repairs.\n";
    broken[broken.find("Repairs")] = '\0';
    testing::write_text(watched / "2024-05-03-briefing.txt", broken);
    live.server().ingest_now();
    live.server().check_for_commit();
    status = info(live.port());
    ASSERT_EQ(status["ingest"]["skipped"].size(), 1u) << status.dump();
    EXPECT_EQ(status["ingest"]["skipped"][0]["file"], (watched / "2024-05-03-briefing.txt").string());
    EXPECT_NE(status["ingest"]["skipped"][0]["error"].get<std::string>().find("byte"), std::string::npos) << status.dump();
    EXPECT_EQ(status["events"], 2);
    EXPECT_EQ(json::parse(client.Get("/api/search?q=canal")->body)["total"], 0);
    auto now = index::Index::open(idx);
    ASSERT_TRUE(now.ok());
    EXPECT_EQ(now->events(), 2u);
}

}  // namespace
}  // namespace presser
