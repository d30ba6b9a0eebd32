// Event ids are unique in an index and stable across rebuilds: the path relative to the folder ingested,
// the folder's name in front on a collision, the recorded id kept when a source is indexed again.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "index/index.h"
#include "index_test_support.h"
#include "ingest/source_files.h"

namespace presser {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

std::set<std::string> live_ids(const fs::path& directory) {
    auto index = index::Index::open(directory);
    EXPECT_TRUE(index.ok());
    std::set<std::string> ids;
    if (!index.ok()) return ids;
    for (const auto& segment : index->segments()) {
        const auto& events = segment->regions(index::Structure::event);
        for (std::uint64_t e = 0; e < events.size(); ++e)
            if (!segment->event_deleted(e)) ids.emplace(events.string("id", e));
    }
    return ids;
}

const std::string kBriefing = "MS. OKAFOR: Good morning.\n\nQ  Is the bridge open?\n\nMS. OKAFOR: It is.\n";

TEST(EventIds, RelativeToTheFolderIngested) {
    testing::ScratchDir scratch("event-ids-relative");
    const auto corpus = scratch.path() / "corpus";
    write(corpus / "2023" / "briefing.txt", kBriefing);
    write(corpus / "2024" / "briefing.txt", kBriefing + "\nMS. OKAFOR: Thanks.\n");
    write(corpus / "gaggle.md", kBriefing);
    ASSERT_TRUE(index::build_index(scratch.path() / "idx", {corpus.string()}, {}).ok());
    EXPECT_EQ(live_ids(scratch.path() / "idx"), (std::set<std::string>{"2023/briefing", "2024/briefing", "gaggle"}));
}

TEST(EventIds, CollisionsBetweenFoldersGetTheFolderNameAndKeepItOnRebuild) {
    testing::ScratchDir scratch("event-ids-collide");
    const auto a = scratch.path() / "a", b = scratch.path() / "b";
    write(a / "briefing.txt", kBriefing);
    write(b / "briefing.txt", kBriefing + "\nMS. OKAFOR: One more thing.\n");
    const auto idx = scratch.path() / "idx";
    ASSERT_TRUE(index::build_index(idx, {a.string(), b.string()}, {}).ok());
    EXPECT_EQ(live_ids(idx), (std::set<std::string>{"briefing", "b/briefing"}));
    // b's file changes: it is indexed again under the id it had, whatever order the folders come in.
    write(b / "briefing.txt", kBriefing + "\nMS. OKAFOR: Two more things.\n");
    ASSERT_TRUE(index::build_index(idx, {b.string(), a.string()}, {}).ok());
    EXPECT_EQ(live_ids(idx), (std::set<std::string>{"briefing", "b/briefing"}));
    // A third file of the same name, named itself, is unique too.
    const auto c = scratch.path() / "c" / "briefing.txt";
    write(c, kBriefing + "\nQ  And the ferry?\n");
    ASSERT_TRUE(index::build_index(idx, {c.string()}, {}).ok());
    EXPECT_EQ(live_ids(idx), (std::set<std::string>{"briefing", "b/briefing", "c/briefing"}));
}

TEST(EventIds, ParseNamesEventsTheSameWay) {
    testing::ScratchDir scratch("event-ids-parse");
    write(scratch.path() / "corpus" / "x" / "briefing.txt", kBriefing);
    write(scratch.path() / "corpus" / "y" / "briefing.txt", kBriefing);
    std::string output;
    ASSERT_EQ(testing::run_presser({"parse", "--jsonl", (scratch.path() / "corpus").string()}, &output), 0);
    EXPECT_NE(output.find("\"id\":\"x/briefing\""), std::string::npos) << output;
    EXPECT_NE(output.find("\"id\":\"y/briefing\""), std::string::npos) << output;
}

}  // namespace
}  // namespace presser
