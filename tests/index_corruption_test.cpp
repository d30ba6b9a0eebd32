// A corrupt index gives an error naming the damaged file, never an answer and never a crash: every file of
// a segment, the MANIFEST and the sources file, each bit-flipped, truncated and replaced by random bytes of
// the same size, must make opening the index (the library) and querying it (`presser query --count`,
// `presser search`) refuse. And `index check` verifies the sources table against the segments.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <random>

#include "index/index.h"
#include "index/verified_files.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser::index {
namespace {

using testing::ScratchDir;

enum class Damage { bit_flip, truncation, random_replacement };

std::string_view to_string(Damage damage) {
    switch (damage) {
        case Damage::bit_flip: return "bit flip";
        case Damage::truncation: return "truncation";
        case Damage::random_replacement: return "same-size random bytes";
    }
    return "";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

void damage(const std::filesystem::path& path, Damage kind) {
    auto bytes = read_file(path);
    ASSERT_FALSE(bytes.empty()) << path;
    switch (kind) {
        case Damage::bit_flip: bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10); break;
        case Damage::truncation: bytes.resize(bytes.size() / 2); break;
        case Damage::random_replacement: {
            std::mt19937 random(static_cast<std::uint32_t>(bytes.size()));
            for (auto& byte : bytes) byte = static_cast<char>(random());
            break;
        }
    }
    write_file(path, bytes);
}

// One small index of the shipped samples, built once; each case damages a copy of it.
class IndexCorruption : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new ScratchDir("index-corruption");
        const auto sources = scratch_->path() / "transcripts";
        std::filesystem::create_directories(sources);
        for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() / "samples"))
            if (entry.path().filename() != "README.md") std::filesystem::copy_file(entry.path(), sources / entry.path().filename());
        auto built = build_index(pristine(), {sources.string()}, {});
        ASSERT_TRUE(built.ok()) << built.error().describe();
    }
    static void TearDownTestSuite() {
        delete scratch_;
        scratch_ = nullptr;
    }
    static std::filesystem::path pristine() { return scratch_->path() / "pristine"; }

    // The files a reader trusts, relative to the index: every file of every segment, the MANIFEST and
    // the sources file.
    static std::vector<std::string> index_files() {
        auto manifest = read_manifest(pristine(), false);
        EXPECT_TRUE(manifest.ok());
        std::vector<std::string> files = {std::string(kManifestFile), manifest->sources_file};
        for (const auto& segment : manifest->segments)
            for (const auto& file : segment.files) files.push_back(segment.name + "/" + file.name);
        return files;
    }

    // A fresh copy of the pristine index, with nothing of it verified yet in this process.
    std::filesystem::path fresh_copy(const std::string& name) {
        const auto copy = scratch_->path() / name;
        std::filesystem::remove_all(copy);
        std::filesystem::copy(pristine(), copy, std::filesystem::copy_options::recursive);
        forget_verified_files();
        return copy;
    }

    static ScratchDir* scratch_;
};

ScratchDir* IndexCorruption::scratch_ = nullptr;

TEST_F(IndexCorruption, EveryDamagedFileIsRefusedByOpenNamingIt) {
    const auto files = index_files();
    ASSERT_GE(files.size(), 17u);  // MANIFEST, sources, and the 15 files of a segment
    for (const auto& file : files) {
        for (const auto kind : {Damage::bit_flip, Damage::truncation, Damage::random_replacement}) {
            const auto idx = fresh_copy("damaged");
            ASSERT_TRUE(Index::open(idx).ok()) << "the undamaged copy opens";
            forget_verified_files();
            damage(idx / file, kind);
            auto opened = Index::open(idx);
            ASSERT_FALSE(opened.ok()) << file << ", " << to_string(kind) << ": opened anyway";
            const auto why = opened.error().describe();
            EXPECT_NE(why.find(file), std::string::npos) << file << ", " << to_string(kind) << ": " << why;
            auto checked = check_index(idx);
            ASSERT_FALSE(checked.ok()) << file << ", " << to_string(kind);
            EXPECT_NE(checked.error().describe().find(file), std::string::npos) << checked.error().describe();
        }
    }
}

// A file replaced after a first open in the same process is hashed again: the cache is keyed by the
// file's identity, which a rewrite changes.
TEST_F(IndexCorruption, AFileDamagedAfterAFirstOpenIsRefusedByTheNext) {
    const auto idx = fresh_copy("reopened");
    ASSERT_TRUE(Index::open(idx).ok());
    const auto segment = read_manifest(idx, false)->segments.front().name;
    damage(idx / segment / "postings", Damage::bit_flip);
    auto opened = Index::open(idx);
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.error().describe().find(segment + "/postings: checksum mismatch (expected xxh3 "), std::string::npos)
        << opened.error().describe();
}

// The commands open the index as the library does (tested above for every file): one damaged file each,
// among those the issue saw give silent wrong answers, and the two JSON files.
TEST_F(IndexCorruption, QueryAndSearchRefuseADamagedIndexNamingTheFile) {
    const auto segment = read_manifest(pristine(), false)->segments.front().name;
    const auto sources_file = read_manifest(pristine(), false)->sources_file;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"query", segment + "/postings"}, {"search", segment + "/turn.regions"}, {"query", "MANIFEST"}, {"search", sources_file}};
    for (const auto& [command, file] : cases) {
        const auto idx = fresh_copy("queried");
        damage(idx / file, Damage::bit_flip);
        const auto args = command == "query" ? std::vector<std::string>{"query", "--index", idx.string(), "[lower=\"the\"]", "--count"}
                                             : std::vector<std::string>{"search", "--index", idx.string(), "harbour fisheries"};
        std::string output;
        const int status = testing::run_presser(args, &output);
        EXPECT_EQ(status, 1) << command << " with " << file << " damaged: " << output;
        EXPECT_NE(output.find(file), std::string::npos) << command << ", " << file << ": " << output;
        EXPECT_NE(output.find("corrupt"), std::string::npos) << command << ", " << file << ": " << output;
    }
}

// Edits of the sources table that keep every file well-formed and every checksum right (written through
// commit_manifest, which seals them) are found by `index check`.
class SourcesTableEdits : public IndexCorruption {
protected:
    // Rewrites the copy's manifest after `edit`, a new sealed commit; returns check_index's complaint.
    std::string check_after(const std::function<void(Manifest&)>& edit) {
        const auto idx = fresh_copy("edited");
        auto manifest = read_manifest(idx, true);
        EXPECT_TRUE(manifest.ok());
        edit(manifest.value());
        EXPECT_TRUE(commit_manifest(idx, manifest.value()).ok());
        auto checked = check_index(idx);
        return checked.ok() ? "" : checked.error().describe();
    }
};

TEST_F(SourcesTableEdits, ThePristineIndexPasses) { EXPECT_EQ(check_after([](Manifest&) {}), ""); }

TEST_F(SourcesTableEdits, SwappedEventNumbersAreFound) {
    const auto why = check_after([](Manifest& manifest) {
        ASSERT_GE(manifest.sources.size(), 2u);
        auto first = manifest.sources.begin(), second = std::next(first);
        std::swap(first->second.events, second->second.events);
    });
    EXPECT_NE(why.find("which was read from"), std::string::npos) << why;
}

TEST_F(SourcesTableEdits, ALiveEventWithoutASourceIsFound) {
    const auto why = check_after([](Manifest& manifest) { manifest.sources.erase(manifest.sources.begin()); });
    EXPECT_NE(why.find("is live but no source names it"), std::string::npos) << why;
}

TEST_F(SourcesTableEdits, AnEventNamedByTwoSourcesIsFound) {
    const auto why = check_after([](Manifest& manifest) {
        auto first = manifest.sources.begin(), second = std::next(first);
        second->second.events.push_back(first->second.events.front());
    });
    EXPECT_NE(why.find("is named by two sources"), std::string::npos) << why;
}

TEST_F(SourcesTableEdits, ASourceNamingADeletedOrMissingEventIsFound) {
    auto why = check_after([](Manifest& manifest) {
        const auto& location = manifest.sources.begin()->second.events.front();
        for (auto& segment : manifest.segments)
            if (segment.name == location.segment) segment.deleted_events = {location.event};
    });
    EXPECT_NE(why.find("which is not in the index"), std::string::npos) << why;
    why = check_after([](Manifest& manifest) { manifest.sources.begin()->second.events.front().event = 999; });
    EXPECT_NE(why.find("which is not in the index"), std::string::npos) << why;
}

// What the MANIFEST says about its own segments is checked by every reader, not only by `index check`.
TEST_F(SourcesTableEdits, ASegmentListedTwiceOrAnUnknownDeletedEventIsRefusedByOpen) {
    const auto idx = fresh_copy("listed-twice");
    auto manifest = read_manifest(idx, true);
    ASSERT_TRUE(manifest.ok());
    auto twice = manifest.value();
    twice.segments.push_back(twice.segments.front());
    ASSERT_TRUE(commit_manifest(idx, twice).ok());
    auto opened = Index::open(idx);
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.error().describe().find("is listed twice"), std::string::npos) << opened.error().describe();

    auto unknown = manifest.value();
    unknown.segments.front().deleted_events = {unknown.segments.front().events + 3};
    ASSERT_TRUE(commit_manifest(idx, unknown).ok());
    opened = Index::open(idx);
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.error().describe().find("deletes event"), std::string::npos) << opened.error().describe();
}

}  // namespace
}  // namespace presser::index
