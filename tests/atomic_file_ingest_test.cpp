// A source file enters the index whole or not at all. A text file larger than max_part_bytes is read and
// indexed part by part, its parts possibly spread over several segments: if a later part fails, none of its
// parts may stay live, whether the file comes first, in the middle or last, and no commit along the way
// may show part of a file (checked after every file through the progress callback).
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <set>
#include <tuple>

#include "index/index.h"
#include "ingest/parser.h"
#include "index_test_support.h"

namespace presser::index {
namespace {

using testing::ScratchDir;

constexpr std::uint64_t kPartBytes = 4000;

std::string harbour_transcript(std::size_t questions) {
    std::string text = "The Harbour Authority held a press briefing on May 14, 2024. Harbour Master Elena Vasquez answered.\n\n";
    for (std::size_t i = 0; i < questions; ++i) {
        text += "Q: Question " + std::to_string(i) + " about the ferry schedule and the harbour repairs?\n\n";
        text += "HARBOUR MASTER VASQUEZ: Answer " + std::to_string(i) + ": the repairs end before the weekend.\n\n";
    }
    return text;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// Every live event is one that a source of the manifest lists, and every listed event is live.
void expect_live_events_are_those_of_sources(const std::filesystem::path& idx, const std::string& when) {
    if (!std::filesystem::exists(idx / "MANIFEST")) return;  // nothing committed yet
    auto index = Index::open(idx, true);
    ASSERT_TRUE(index.ok()) << when << ": " << index.error().describe();
    std::set<std::pair<std::string, std::uint64_t>> listed;
    for (const auto& [key, source] : index->manifest().sources)
        for (const auto& location : source.events) listed.emplace(location.segment, location.event);
    std::size_t live = 0;
    for (const auto& segment : index->segments()) {
        const auto& events = segment->regions(Structure::event);
        for (std::uint64_t e = 0; e < segment->events(); ++e) {
            if (segment->event_deleted(e)) continue;
            ++live;
            EXPECT_TRUE(listed.contains({segment->info().name, e}))
                << when << ": event " << events.string("id", e) << " of " << events.string("source", e)
                << " is live but no source of the manifest lists it";
        }
    }
    EXPECT_EQ(live, listed.size()) << when << ": a source lists a deleted or missing event";
}

struct LiveEvents {
    std::size_t events = 0;
    std::uint64_t turns = 0;
};

LiveEvents live_events_of(const std::filesystem::path& idx, const std::filesystem::path& source) {
    LiveEvents found;
    auto index = Index::open(idx);
    if (!index) return found;
    for (const auto& segment : index->segments()) {
        const auto& events = segment->regions(Structure::event);
        const auto& turns = segment->regions(Structure::turn);
        for (std::uint64_t e = 0; e < segment->events(); ++e) {
            if (segment->event_deleted(e) || events.string("source", e) != source.string()) continue;
            ++found.events;
            for (auto t = turns.first_starting_at_or_after(events.start(e)); t < turns.size() && turns.start(t) < events.end(e); ++t)
                ++found.turns;
        }
    }
    return found;
}

// (position of the failing file among three: 0, 1, 2; one segment per part rather than one for the build)
class FailedFileInParts : public ::testing::TestWithParam<std::tuple<int, bool>> {};

TEST_P(FailedFileInParts, LeavesNoEventAndIsIndexedWholeOnceFixed) {
    const auto [position, segment_per_part] = GetParam();
    ScratchDir scratch("atomic-" + std::to_string(position) + (segment_per_part ? "-parts" : "-one"));
    const auto idx = scratch.path() / "idx";
    const auto large = scratch.path() / "harbour-parts.txt";
    std::string fixed = harbour_transcript(200);
    ASSERT_GT(fixed.size(), 5 * kPartBytes);
    std::string broken = fixed;
    const auto nul_offset = broken.find("Q: Question 150 ");
    ASSERT_NE(nul_offset, std::string::npos);
    ASSERT_GT(nul_offset, 3 * kPartBytes) << "the damage must lie in a later part";
    broken[nul_offset] = '\0';
    write_file(large, broken);
    std::vector<std::string> sources;
    for (const char* name : {"small-a.txt", "small-b.txt"}) {
        write_file(scratch.path() / name, harbour_transcript(2));
        sources.push_back((scratch.path() / name).string());
    }
    sources.insert(sources.begin() + position, large.string());

    BuildOptions options;
    options.parse.max_part_bytes = kPartBytes;
    if (segment_per_part) options.memory_budget = 1;  // a segment is started after every part
    std::size_t files_done = 0;
    options.progress = [&](const BuildProgress& progress) {
        ++files_done;
        expect_live_events_are_those_of_sources(idx, "after file " + std::to_string(progress.files_done));
    };

    auto report = build_index(idx, sources, options);
    ASSERT_TRUE(report.ok()) << report.error().describe();
    EXPECT_EQ(files_done, 3u);
    ASSERT_EQ(report->failures.size(), 1u);
    const Error& failure = report->failures.front();
    EXPECT_EQ(failure.file, large.string());
    EXPECT_EQ(failure.offset, std::optional<std::uint64_t>(nul_offset)) << failure.describe();
    EXPECT_EQ(report->files_added, 2u);
    expect_live_events_are_those_of_sources(idx, "after the failed build");
    EXPECT_EQ(live_events_of(idx, large).events, 0u) << "a part of the failed file stayed in the index";
    for (const char* name : {"small-a.txt", "small-b.txt"}) EXPECT_EQ(live_events_of(idx, scratch.path() / name).events, 1u) << name;
    auto checked = check_index(idx);
    EXPECT_TRUE(checked.ok()) << checked.error().describe();

    // Fixed, it is indexed whole: every part, every turn; the small files are unchanged.
    write_file(large, fixed);
    std::size_t parts = 0;
    std::uint64_t turns = 0;
    auto parsed = ingest::parse_file_streaming(large, options.parse, [&](model::Event&& event) {
        ++parts;
        turns += event.turns.size();
    });
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    ASSERT_GT(parts, 4u);
    files_done = 0;
    auto rebuilt = build_index(idx, sources, options);
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().describe();
    EXPECT_TRUE(rebuilt->failures.empty()) << rebuilt->failures.front().describe();
    EXPECT_EQ(rebuilt->files_added, 1u);
    EXPECT_EQ(rebuilt->files_unchanged, 2u);
    expect_live_events_are_those_of_sources(idx, "after the rebuild");
    const auto indexed = live_events_of(idx, large);
    EXPECT_EQ(indexed.events, parts);
    EXPECT_EQ(indexed.turns, turns);
    checked = check_index(idx);
    EXPECT_TRUE(checked.ok()) << checked.error().describe();
}

std::string layout_name(const ::testing::TestParamInfo<std::tuple<int, bool>>& info) {
    const std::array<const char*, 3> positions{"First", "Middle", "Last"};
    return std::string(positions.at(static_cast<std::size_t>(std::get<0>(info.param)))) +
           (std::get<1>(info.param) ? "SegmentPerPart" : "OneSegment");
}

INSTANTIATE_TEST_SUITE_P(AtomicFileIngest, FailedFileInParts, ::testing::Combine(::testing::Values(0, 1, 2), ::testing::Bool()),
                         layout_name);

TEST(AtomicFileIngest, CommandNamesTheFileAndOffsetAndExitsWithOne) {
    ScratchDir scratch("atomic-cli");
    const auto large = scratch.path() / "harbour-parts.txt";
    std::string broken = harbour_transcript(200);
    const auto nul_offset = broken.find("Q: Question 150 ");
    broken[nul_offset] = '\0';
    write_file(large, broken);
    write_file(scratch.path() / "small.txt", harbour_transcript(2));
    std::string output;
    const int status = testing::run_presser({"index", "build", large.string(), (scratch.path() / "small.txt").string(), "--index",
                                             (scratch.path() / "idx").string(), "--max-part-bytes", std::to_string(kPartBytes)},
                                            &output);
    EXPECT_EQ(status, 1) << output;
    EXPECT_NE(output.find(large.string() + ": byte " + std::to_string(nul_offset) + ": "), std::string::npos) << output;
    EXPECT_EQ(live_events_of(scratch.path() / "idx", large).events, 0u);
    EXPECT_EQ(live_events_of(scratch.path() / "idx", scratch.path() / "small.txt").events, 1u);
}

}  // namespace
}  // namespace presser::index
