// The live corpus (issue 22): readers and a served index while builds and merges commit. Every answer a
// reader gives must be the answer of one committed generation (never a mix, never an error), a reader
// keeps answering from the segments it opened after a merge has deleted them, a served index picks up new
// commits without a restart, and a transcript deleted from its folder leaves the index at the next build.
#include <gtest/gtest.h>

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "analysis_fixture.h"
#include "index/index.h"
#include "index_test_support.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "search/searcher.h"
#include "served_index.h"
#include "server/server.h"

namespace presser {
namespace {

using nlohmann::json;

void transcript(const std::filesystem::path& folder, int number, const std::string& variant = "") {
    testing::write_text(folder / ("2024-02-" + std::to_string(10 + number) + "-briefing.txt"),
                        "MS. OKAFOR: Briefing number " + std::to_string(number) + variant +
                            ". The bridge is open and the harbour is busy.\n\nQ  Is the bridge open today?\n\n"
                            "MS. OKAFOR: The bridge is open" + variant + ". Next question.\n");
}

// What a library reader answers, in a form that does not depend on the order of segments: sorted KWIC
// lines of a CQL query, the units a ranked search finds, and the live counts.
std::string library_answer(const index::Index& index) {
    std::vector<std::string> lines;
    auto parsed = query::cql::parse_cql("[lemma=\"bridge\"] [] \"open\"");
    if (!parsed) return "CQL: " + parsed.error().message;
    auto compiled = query::CorpusQuery::compile(index, parsed.value(), {});
    if (!compiled) return "compile: " + compiled.error().message;
    query::Concordancer concordancer(index);
    auto done = compiled.value()->for_each([&](const query::IndexHit& hit) {
        const auto line = concordancer.line(hit, {5, false});
        lines.push_back(line.event_id + "|" + line.speaker + "|" + line.left + "|" + line.match + "|" + line.right);
        return true;
    });
    if (!done) return "for_each: " + done.error().message;
    std::sort(lines.begin(), lines.end());
    search::Searcher searcher(index);
    search::SearchOptions options;
    options.limit = 1000;
    auto found = searcher.search("bridge variant", options);
    if (!found) return "search: " + found.error().message;
    std::vector<std::string> units;
    for (const auto& hit : found->hits) units.push_back(hit.event_id + "/" + hit.turn_id);
    std::sort(units.begin(), units.end());
    std::string out = std::to_string(index.events()) + " events, " + std::to_string(index.tokens()) + " tokens\n";
    for (const auto& line : lines) out += line + "\n";
    out += "search " + std::to_string(found->total) + ":";
    for (const auto& unit : units) out += " " + unit;
    return out;
}

// Timings aside (they differ between two computations of one answer).
void drop_timings(json& value) {
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end();) {
            if (it.key().ends_with("_ms")) it = value.erase(it);
            else drop_timings(*it++);
        }
    } else if (value.is_array()) {
        for (auto& item : value) drop_timings(item);
    }
}

const std::vector<std::string> kUrls = {"/api/query?cql=" "%5Blemma%3D%22bridge%22%5D%20%5B%5D%20%22open%22&limit=1000&context=5",
                                        "/api/search?q=bridge%20variant&limit=1000", "/api/events?limit=1000"};

// The served answers to kUrls (each request may meet another generation); "" for a failed request.
std::vector<std::string> http_answers(int port) {
    httplib::Client client("127.0.0.1", port);
    std::vector<std::string> out;
    for (const auto& url : kUrls) {
        auto response = client.Get(url.c_str());
        auto body = response ? json::parse(response->body, nullptr, false) : json();
        if (!response || response->status != 200 || body.is_discarded()) {
            out.push_back("");
            continue;
        }
        drop_timings(body);
        out.push_back(body.dump());
    }
    return out;
}

json get_json(int port, const std::string& url) {
    httplib::Client client("127.0.0.1", port);
    auto response = client.Get(url.c_str());
    if (!response) return json();
    return json::parse(response->body, nullptr, false);
}

// The writer's steps: appends, replacements (a file's content changes), deletions and merges, one commit each.
void write_step(int step, const std::filesystem::path& in, const std::filesystem::path& idx) {
    index::BuildOptions options;
    options.threads = 1;
    if (step % 4 == 3) {
        ASSERT_TRUE(index::merge_index(idx, options).ok());
        return;
    }
    if (step % 4 == 1) transcript(in, step + 2, " variant " + std::to_string(step));  // the last step's file, replaced
    else if (step % 8 == 6) std::filesystem::remove(in / ("2024-02-1" + std::to_string(step / 8) + "-briefing.txt"));
    else transcript(in, step + 3);
    auto built = index::build_index(idx, {in.string()}, options);
    ASSERT_TRUE(built.ok()) << built.error().describe();
    ASSERT_TRUE(built->failures.empty());
}

TEST(LiveIndex, LibraryReadersDuringAppendsReplacementsAndMergesSeeOneCommittedGeneration) {
    testing::ScratchDir scratch("live-library");
    const auto in = scratch.path() / "in", idx = scratch.path() / "idx";
    for (int i = 0; i < 3; ++i) transcript(in, i);
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    auto first = index::Index::open(idx);
    ASSERT_TRUE(first.ok());
    const auto first_answer = library_answer(first.value());
    std::vector<std::filesystem::path> first_segments;
    for (const auto& segment : first->segments()) first_segments.push_back(idx / segment->info().name);

    std::mutex mutex;
    std::map<std::uint64_t, std::string> expected{{first->manifest().generation, first_answer}};
    std::vector<std::pair<std::uint64_t, std::string>> seen;
    std::atomic<bool> writing{true};
    std::thread reader([&] {
        while (writing.load()) {
            auto index = index::Index::open(idx);
            if (!index) {
                std::lock_guard lock(mutex);
                seen.emplace_back(0, "open failed: " + index.error().describe());
                continue;
            }
            auto answer = library_answer(index.value());
            std::lock_guard lock(mutex);
            seen.emplace_back(index->manifest().generation, std::move(answer));
        }
    });
    for (int step = 0; step < 16; ++step) {
        write_step(step, in, idx);
        // The one writer: the MANIFEST just committed is the newest until the next step.
        auto now = index::Index::open(idx);
        ASSERT_TRUE(now.ok());
        std::lock_guard lock(mutex);
        expected[now->manifest().generation] = library_answer(now.value());
    }
    writing = false;
    reader.join();

    ASSERT_FALSE(seen.empty());
    std::set<std::string> distinct;
    for (const auto& [generation, answer] : seen) {
        ASSERT_TRUE(expected.contains(generation)) << "generation " << generation << ": " << answer;
        EXPECT_EQ(answer, expected.at(generation)) << "generation " << generation;
        distinct.insert(answer);
    }
    std::set<std::string> all;
    for (const auto& [generation, answer] : expected) all.insert(answer);
    EXPECT_GT(all.size(), 8u) << "the steps must change the answers";

    // The first reader's segments were merged away and deleted; it still answers as it did.
    for (const auto& segment : first_segments) EXPECT_FALSE(std::filesystem::exists(segment)) << segment;
    EXPECT_EQ(library_answer(first.value()), first_answer);
}

TEST(LiveIndex, EverySegmentFileIsMappedWhenTheIndexOpens) {
    // What keeps a reader safe when a writer deletes its segments (docs/index-format.md, "Readers and
    // writers"): every file is mapped at open, none opened later.
    testing::ScratchDir scratch("live-mapped");
    const auto in = scratch.path() / "in", idx = scratch.path() / "idx";
    for (int i = 0; i < 2; ++i) transcript(in, i);
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    auto opened = index::Index::open(idx);
    ASSERT_TRUE(opened.ok());
    std::string maps;
    {
        std::ifstream file("/proc/self/maps");
        maps.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    std::size_t checked = 0;
    for (const auto& segment : opened->segments())
        for (const auto& file : segment->info().files) {
            if (file.size == 0) continue;  // nothing to map
            const auto path = std::filesystem::canonical(idx / segment->info().name / file.name).string();
            EXPECT_NE(maps.find(path + "\n"), std::string::npos) << path << " is not mapped";
            ++checked;
        }
    EXPECT_GT(checked, 10u);
}

TEST(LiveIndex, HttpAnswersDuringAppendsReplacementsAndMergesAreThoseOfOneCommittedGeneration) {
    testing::ScratchDir scratch("live-http");
    const auto in = scratch.path() / "in", idx = scratch.path() / "idx";
    for (int i = 0; i < 3; ++i) transcript(in, i);
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    auto first = index::Index::open(idx);
    ASSERT_TRUE(first.ok());
    server::ServerOptions options;
    options.reload = true;
    options.reload_poll_ms = 5;
    options.cache_bytes = 1 << 20;  // cached answers must not outlive their generation
    testing::ServedIndex live(first.value(), options);

    // Each generation's answers, from a server that does not reload, opened on it right after its commit.
    auto expected_now = [&] {
        auto now = index::Index::open(idx);
        EXPECT_TRUE(now.ok());
        server::ServerOptions fixed;
        fixed.cache_bytes = 0;
        testing::ServedIndex reference(now.value(), fixed);
        return std::make_pair(now->manifest().generation, http_answers(reference.port()));
    };
    std::mutex mutex;
    std::map<std::uint64_t, std::vector<std::string>> expected{expected_now()};
    std::vector<std::vector<std::string>> seen;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> info_seen;  // generation, events
    std::atomic<bool> writing{true};
    std::thread client([&] {
        while (writing.load()) {
            auto answer = http_answers(live.port());
            auto info = get_json(live.port(), "/api/info");
            std::lock_guard lock(mutex);
            seen.push_back(std::move(answer));
            if (info.is_object()) info_seen.emplace_back(info.value("generation", 0ull), info.value("events", 0ull));
            else info_seen.emplace_back(0, 0);
        }
    });
    std::map<std::uint64_t, std::uint64_t> events_of;
    events_of[first->manifest().generation] = first->events();
    for (int step = 0; step < 12; ++step) {
        write_step(step, in, idx);
        auto [generation, answer] = expected_now();
        auto now = index::Index::open(idx);
        ASSERT_TRUE(now.ok());
        std::lock_guard lock(mutex);
        expected[generation] = answer;
        events_of[generation] = now->events();
    }
    // The last commit served: asked for now rather than waiting for the poll.
    live.server().check_for_commit();
    while (live.server().generation() != expected.rbegin()->first) std::this_thread::yield();
    writing = false;
    client.join();

    std::vector<std::set<std::string>> answers(kUrls.size());
    for (const auto& [generation, answer] : expected)
        for (std::size_t u = 0; u < kUrls.size(); ++u) {
            ASSERT_FALSE(answer[u].empty()) << "generation " << generation << " " << kUrls[u];
            answers[u].insert(answer[u]);
        }
    EXPECT_GT(answers[0].size(), 6u) << "the steps must change the answers";
    ASSERT_FALSE(seen.empty());
    for (const auto& answer : seen)
        for (std::size_t u = 0; u < kUrls.size(); ++u)
            EXPECT_TRUE(answers[u].contains(answer[u])) << kUrls[u] << ": an answer of no committed generation:\n" << answer[u];
    for (const auto& [generation, events] : info_seen) {
        ASSERT_TRUE(events_of.contains(generation)) << "/api/info said generation " << generation;
        EXPECT_EQ(events, events_of.at(generation)) << "generation " << generation;
    }
    EXPECT_EQ(http_answers(live.port()), expected.rbegin()->second);
}

TEST(LiveIndex, ServerSeesANewCommitWithoutRestart) {
    testing::ScratchDir scratch("live-commit");
    const auto in = scratch.path() / "in", idx = scratch.path() / "idx";
    transcript(in, 0);
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    auto first = index::Index::open(idx);
    ASSERT_TRUE(first.ok());
    server::ServerOptions options;
    options.reload = true;
    testing::ServedIndex live(first.value(), options);
    httplib::Client client("127.0.0.1", live.port());
    const std::string url = "/api/search?q=lighthouse";
    auto before = client.Get(url.c_str());
    ASSERT_TRUE(before);
    EXPECT_EQ(json::parse(before->body)["total"], 0);
    ASSERT_EQ(client.Get(url.c_str())->get_header_value("X-Presser-Cache"), "hit");
    const auto old_etag = before->get_header_value("ETag");
    ASSERT_FALSE(old_etag.empty());

    testing::write_text(in / "2024-03-01-briefing.txt", "MS. OKAFOR: The lighthouse reopens today.\n\nQ  Which lighthouse?\n\nMS. OKAFOR: The old one.\n");
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    const auto committed = index::read_manifest(idx, false);
    ASSERT_TRUE(committed.ok());
    // The watcher (inotify, or its poll) finds the commit: no call here makes the server look.
    json info;
    for (;;) {
        info = get_json(live.port(), "/api/info");
        if (info.is_object() && info["generation"] == committed->generation) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(info["events"], 2) << info.dump();
    EXPECT_TRUE(info["reloaded_at"].is_string()) << info.dump();
    EXPECT_TRUE(info["last_reload_error"].is_null());
    auto after = client.Get(url.c_str());
    ASSERT_TRUE(after);
    EXPECT_EQ(after->get_header_value("X-Presser-Cache"), "miss");
    EXPECT_NE(after->get_header_value("ETag"), old_etag);
    EXPECT_EQ(json::parse(after->body)["total"], 2);
    // The old ETag no longer answers 304.
    auto revalidated = client.Get(url.c_str(), {{"If-None-Match", old_etag}});
    ASSERT_TRUE(revalidated);
    EXPECT_EQ(revalidated->status, 200);
}

TEST(LiveIndex, AFailedReloadKeepsServingTheOldGenerationAndSaysWhy) {
    testing::ScratchDir scratch("live-fail");
    const auto in = scratch.path() / "in", idx = scratch.path() / "idx";
    transcript(in, 0);
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    auto first = index::Index::open(idx);
    ASSERT_TRUE(first.ok());
    server::ServerOptions options;
    options.reload = true;
    options.reload_poll_ms = 0;  // only when asked
    testing::ServedIndex live(first.value(), options);
    const auto manifest = idx / "MANIFEST";
    std::string text;
    {
        std::ifstream file(manifest, std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    testing::write_text(idx / "MANIFEST.new", text.substr(0, text.size() / 2));
    std::filesystem::rename(idx / "MANIFEST.new", manifest);
    live.server().check_for_commit();
    json info;
    for (;;) {
        info = get_json(live.port(), "/api/info");
        if (info.is_object() && info["last_reload_error"].is_string()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_NE(info["last_reload_error"].get<std::string>().find("MANIFEST"), std::string::npos) << info.dump();
    EXPECT_EQ(info["generation"], first->manifest().generation);
    EXPECT_EQ(info["events"], 1);
    EXPECT_EQ(get_json(live.port(), "/api/search?q=bridge")["total"], 3);
}

TEST(LiveIndex, ADeletedTranscriptLeavesTheIndexAtTheNextBuildAndTheServedResults) {
    testing::ScratchDir scratch("live-delete");
    const auto in = scratch.path() / "in", idx = scratch.path() / "idx";
    transcript(in, 0);
    testing::write_text(in / "2024-03-01-briefing.txt", "MS. OKAFOR: The lighthouse reopens today.\n\nQ  Which lighthouse?\n\nMS. OKAFOR: The old one.\n");
    ASSERT_TRUE(index::build_index(idx, {in.string()}, {}).ok());
    auto first = index::Index::open(idx);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->events(), 2u);
    server::ServerOptions options;
    options.reload = true;
    options.reload_poll_ms = 0;
    testing::ServedIndex live(first.value(), options);
    EXPECT_EQ(get_json(live.port(), "/api/search?q=lighthouse")["total"], 2);

    std::filesystem::remove(in / "2024-03-01-briefing.txt");
    // A build naming another file, not the folder, leaves the deleted one's events alone.
    auto named = index::build_index(idx, {(in / "2024-02-10-briefing.txt").string()}, {});
    ASSERT_TRUE(named.ok());
    EXPECT_EQ(named->events_deleted, 0u);
    auto built = index::build_index(idx, {in.string()}, {});
    ASSERT_TRUE(built.ok()) << built.error().describe();
    EXPECT_EQ(built->events_deleted, 1u);
    auto now = index::Index::open(idx, true);
    ASSERT_TRUE(now.ok());
    EXPECT_EQ(now->events(), 1u);
    EXPECT_EQ(now->manifest().sources.size(), 1u);
    EXPECT_TRUE(index::check_index(idx).ok());

    live.server().check_for_commit();
    while (live.server().generation() != now->manifest().generation) std::this_thread::yield();
    EXPECT_EQ(get_json(live.port(), "/api/search?q=lighthouse")["total"], 0);
    auto events = get_json(live.port(), "/api/events?limit=100");
    EXPECT_EQ(events.dump().find("2024-03-01"), std::string::npos) << events.dump();
}

}  // namespace
}  // namespace presser
