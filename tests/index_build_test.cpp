// Building, appending to, replacing in, merging and checking an index, on the shipped samples.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "index/index.h"
#include "index/stored_event.h"
#include "model/json.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser::index {
namespace {

using testing::ScratchDir;

std::filesystem::path copy_samples(const std::filesystem::path& to) {
    const auto dir = to / "transcripts";
    std::filesystem::create_directories(dir);
    for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() / "samples"))
        if (entry.path().filename() != "README.md") std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
    return dir;
}

// How many transcripts samples/ holds (every file but its README).
std::uint64_t sample_files() {
    std::uint64_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() / "samples"))
        if (entry.path().filename() != "README.md") ++files;
    return files;
}

std::uint64_t count_of(const Index& index, Attribute attribute, std::string_view term) {
    std::uint64_t total = 0;
    for (const auto& segment : index.segments()) {
        const auto& lexicon = segment->lexicon(attribute);
        if (const auto id = lexicon.terms().find(term)) total += lexicon.count(*id);
    }
    return total;
}

TEST(IndexBuild, CountsMatchTheParserAndTheAnalyzer) {
    ScratchDir scratch("index-build");
    const auto sources = copy_samples(scratch.path());
    const auto expected = testing::expected_counts({sources.string()});
    ASSERT_GT(expected.tokens, 300u);

    auto report = build_index(scratch.path() / "idx", {sources.string()}, {});
    ASSERT_TRUE(report.ok()) << report.error().describe();
    EXPECT_TRUE(report->failures.empty());
    EXPECT_EQ(report->files_added, sample_files());
    EXPECT_EQ(report->events_added, expected.events);
    EXPECT_EQ(report->tokens_added, expected.tokens);

    auto index = Index::open(scratch.path() / "idx");
    ASSERT_TRUE(index.ok()) << index.error().describe();
    EXPECT_EQ(index->tokens(), expected.tokens);
    EXPECT_EQ(index->events(), expected.events);
    ASSERT_TRUE(check_index(scratch.path() / "idx").ok());

    // Every event's token span has the parser+analyzer's token count.
    for (const auto& segment : index->segments()) {
        const auto& events = segment->regions(Structure::event);
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            const auto id = std::string(events.column("id")->string(e));
            EXPECT_EQ(events.end(e) - events.start(e), expected.tokens_by_event.at(id)) << id;
        }
    }
    // The three attributes agree: every lower form counts its surface forms.
    EXPECT_EQ(count_of(index.value(), Attribute::lower, "the"),
              count_of(index.value(), Attribute::word, "the") + count_of(index.value(), Attribute::word, "The") +
                  count_of(index.value(), Attribute::word, "THE"));
    EXPECT_GT(count_of(index.value(), Attribute::lemma, "be"), count_of(index.value(), Attribute::lower, "be"));
}

TEST(IndexBuild, StoredEventsReadBackAsParsed) {
    ScratchDir scratch("index-stored");
    const auto sources = copy_samples(scratch.path());
    ASSERT_TRUE(build_index(scratch.path() / "idx", {sources.string()}, {}).ok());
    auto index = Index::open(scratch.path() / "idx");
    ASSERT_TRUE(index.ok());
    std::map<std::string, model::Event> parsed;
    for (const auto& entry : std::filesystem::directory_iterator(sources)) {
        auto events = ingest::parse_file(entry.path());
        ASSERT_TRUE(events.ok());
        for (auto& event : events.value()) parsed.emplace(event.id, std::move(event));
    }
    std::size_t seen = 0;
    for (const auto& segment : index->segments())
        for (std::uint64_t e = 0; e < segment->events(); ++e) {
            std::vector<std::vector<Anchor>> anchors;
            auto event = stored_event(*segment, e, &anchors);
            ASSERT_TRUE(event.ok()) << event.error().describe();
            const auto& original = parsed.at(event->id);
            EXPECT_EQ(model::to_json(event.value()), model::to_json(original));
            // Anchors map a paragraph's first token to its first byte in the source file.
            const auto source = testing::read_file(event->source);
            std::size_t p = 0;
            for (const auto& turn : event->turns)
                for (const auto& paragraph : turn.paragraphs) {
                    const auto& paragraph_anchors = anchors[p++];
                    ASSERT_FALSE(paragraph_anchors.empty());
                    StoredParagraph stored{paragraph.text, paragraph_anchors, {}};
                    const auto word_end = paragraph.text.find(' ');
                    const auto first_word = paragraph.text.substr(0, word_end == std::string::npos ? paragraph.text.size() : word_end);
                    const auto offset = stored.source_offset(0);
                    if (source.compare(offset, first_word.size(), first_word) == 0) ++seen;
                }
        }
    EXPECT_GT(seen, 20u);
}

TEST(IndexBuild, IncrementalAppendReplaceSkipAndMerge) {
    ScratchDir scratch("index-incremental");
    const auto sources = copy_samples(scratch.path());
    const auto idx = scratch.path() / "idx";
    const auto first = sources / "2024-05-14-harbour-authority-briefing.txt";
    ASSERT_TRUE(build_index(idx, {first.string()}, {}).ok());
    const auto events_one = Index::open(idx)->events();

    // Appending the folder adds the other files and skips the unchanged one.
    auto appended = build_index(idx, {sources.string()}, {});
    ASSERT_TRUE(appended.ok());
    EXPECT_EQ(appended->files_unchanged, 1u);
    EXPECT_EQ(appended->files_added, sample_files() - 1);
    auto index = Index::open(idx);
    EXPECT_EQ(index->segments().size(), 2u);
    const auto tokens_before = index->tokens();
    const auto events_before = index->events();
    EXPECT_GT(events_before, events_one);

    // Nothing changed: nothing written.
    auto again = build_index(idx, {sources.string()}, {});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->files_unchanged, sample_files());
    EXPECT_EQ(again->segments_written, 0u);

    // A changed file replaces its events.
    {
        std::ofstream out(first, std::ios::app);
        out << "\nMODERATOR: One more thing about the zeppelin mooring schedule.\n";
    }
    auto replaced = build_index(idx, {sources.string()}, {});
    ASSERT_TRUE(replaced.ok());
    EXPECT_EQ(replaced->files_replaced, 1u);
    EXPECT_EQ(replaced->events_deleted, events_one);
    index = Index::open(idx);
    // The first segment held only the replaced file's events, so the commit dropped it whole.
    EXPECT_EQ(index->segments().size(), 2u);
    EXPECT_EQ(index->events(), events_before);
    EXPECT_GT(index->tokens(), tokens_before);
    EXPECT_EQ(count_of(index.value(), Attribute::lower, "zeppelin") > 0, true);
    ASSERT_TRUE(check_index(idx).ok());
    const auto expected = testing::expected_counts({sources.string()});
    EXPECT_EQ(index->tokens(), expected.tokens);

    // Replace a file whose segment also holds other files' events: the old events stay as deleted
    // until a merge drops them.
    const auto second = sources / "2024-06-03-conferencia-agua.md";
    {
        std::ofstream out(second, std::ios::app);
        out << "\nPREGUNTA: ¿Y el acueducto del norte?\n";
    }
    auto replaced_again = build_index(idx, {sources.string()}, {});
    ASSERT_TRUE(replaced_again.ok());
    EXPECT_EQ(replaced_again->files_replaced, 1u);
    const auto expected_now = testing::expected_counts({sources.string()});
    index = Index::open(idx);
    EXPECT_EQ(index->tokens(), expected_now.tokens);
    EXPECT_EQ(index->segments().size(), 3u);

    // Merge drops the deleted events and keeps every live one.
    auto merged = merge_index(idx, {});
    ASSERT_TRUE(merged.ok()) << merged.error().describe();
    EXPECT_EQ(merged->segments_after, 1u);
    EXPECT_EQ(merged->events_dropped, replaced_again->events_deleted);
    EXPECT_GE(merged->events_dropped, 1u);
    index = Index::open(idx);
    EXPECT_EQ(index->segments().size(), 1u);
    EXPECT_EQ(index->tokens(), expected_now.tokens);
    EXPECT_EQ(index->events(), expected_now.events);
    ASSERT_TRUE(check_index(idx).ok());
    // The sources still point at live events, so a further unchanged build is a no-op.
    auto after_merge = build_index(idx, {sources.string()}, {});
    ASSERT_TRUE(after_merge.ok());
    EXPECT_EQ(after_merge->files_unchanged, sample_files());
}

TEST(IndexBuild, SmallMemoryBudgetWritesManySegmentsWithTheSameContent) {
    ScratchDir scratch("index-budget");
    const auto sources = copy_samples(scratch.path());
    BuildOptions options;
    options.memory_budget = 1;  // a segment after every file
    auto report = build_index(scratch.path() / "idx", {sources.string()}, options);
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->segments_written, sample_files());
    auto index = Index::open(scratch.path() / "idx");
    EXPECT_EQ(index->tokens(), testing::expected_counts({sources.string()}).tokens);
    ASSERT_TRUE(check_index(scratch.path() / "idx").ok());
}

TEST(IndexBuild, BadFilesAreReportedAndTheRestIndexed) {
    ScratchDir scratch("index-bad");
    const auto sources = copy_samples(scratch.path());
    {
        std::ofstream out(sources / "broken.txt", std::ios::binary);
        const std::string bytes("Q: fine so far\n\xff\xfe\x00garbage", 22);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    auto report = build_index(scratch.path() / "idx", {sources.string()}, {});
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->failures.size(), 1u);
    EXPECT_NE(report->failures[0].describe().find("broken.txt"), std::string::npos);
    EXPECT_EQ(report->files_added, sample_files());
}

// Everything under `directory`, with file contents, to show that nothing was touched.
std::map<std::string, std::string> snapshot_of(const std::filesystem::path& directory) {
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
        std::ifstream in(entry.path(), std::ios::binary);
        files[std::filesystem::relative(entry.path(), directory).string()] =
            entry.is_regular_file() ? std::string(std::istreambuf_iterator<char>(in), {}) : "(dir)";
    }
    return files;
}

TEST(IndexBuild, RefusesADirectoryOfTheUsersThatIsNoIndex) {
    ScratchDir scratch("index-foreign");
    const auto sources = copy_samples(scratch.path());
    const auto users = scratch.path() / "users";
    std::filesystem::create_directories(users / "seg-photos");
    std::ofstream(users / "seg-photos" / "a.jpg") << "jpeg";
    std::ofstream(users / "sources-of-funding.txt") << "grants";
    std::ofstream(users / "notes.txt") << "mine";
    const auto before = snapshot_of(users);
    for (const auto& directory : {users, users / "notes.txt"}) {
        auto refused = build_index(directory, {sources.string()}, {});
        ASSERT_FALSE(refused.ok()) << directory;
        EXPECT_NE(refused.error().describe().find(directory.string()), std::string::npos) << refused.error().describe();
    }
    EXPECT_NE(build_index(users, {sources.string()}, {}).error().describe().find("is not a presser index"), std::string::npos);
    EXPECT_FALSE(merge_index(users, {}).ok());
    EXPECT_EQ(snapshot_of(users), before);

    // Presser-looking names alone are no index either.
    const auto lookalike = scratch.path() / "lookalike";
    std::filesystem::create_directories(lookalike / "seg-000001");
    EXPECT_FALSE(build_index(lookalike, {sources.string()}, {}).ok());
    EXPECT_TRUE(std::filesystem::exists(lookalike / "seg-000001"));

    std::string output;
    EXPECT_EQ(testing::run_presser({"index", "build", "--index", users.string(), sources.string()}, &output), 1);
    EXPECT_NE(output.find("is not a presser index"), std::string::npos) << output;
    EXPECT_EQ(snapshot_of(users), before);

    // An empty directory, an absent one, an existing index and a first build interrupted before its commit
    // (LOCK and a partial segment, no MANIFEST) are written to.
    const auto empty = scratch.path() / "empty";
    std::filesystem::create_directories(empty);
    EXPECT_TRUE(build_index(empty, {sources.string()}, {}).ok());
    EXPECT_TRUE(build_index(empty, {sources.string()}, {}).ok());
    EXPECT_TRUE(build_index(scratch.path() / "absent" / "idx", {sources.string()}, {}).ok());
    const auto interrupted = scratch.path() / "interrupted";
    std::filesystem::create_directories(interrupted / "seg-000001");
    std::ofstream(interrupted / "LOCK") << "";
    auto resumed = build_index(interrupted, {sources.string()}, {});
    ASSERT_TRUE(resumed.ok()) << resumed.error().describe();
    EXPECT_EQ(resumed->files_added, sample_files());
}

TEST(IndexCheck, FindsADamagedFile) {
    ScratchDir scratch("index-damage");
    const auto sources = copy_samples(scratch.path());
    const auto idx = scratch.path() / "idx";
    ASSERT_TRUE(build_index(idx, {sources.string()}, {}).ok());
    const auto segment = Index::open(idx)->segments().front()->info().name;
    const auto file = idx / segment / "postings";
    {
        std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(static_cast<std::streamoff>(std::filesystem::file_size(file) / 2));
        io.put('\x42');
    }
    auto checked = check_index(idx);
    ASSERT_FALSE(checked.ok());
    EXPECT_NE(checked.error().describe().find("postings"), std::string::npos) << checked.error().describe();
}

TEST(IndexOpen, ClearErrorsForNonIndexes) {
    ScratchDir scratch("index-open");
    EXPECT_NE(Index::open(scratch.path() / "missing").error().describe().find("no index"), std::string::npos);
    EXPECT_NE(Index::open(scratch.path()).error().describe().find("no MANIFEST"), std::string::npos);
    {
        std::ofstream out(scratch.path() / "MANIFEST");
        out << "{\"format\": \"presser-index\", \"version\": 99}";
    }
    EXPECT_NE(Index::open(scratch.path()).error().describe().find("version 99"), std::string::npos);
}

}  // namespace
}  // namespace presser::index
