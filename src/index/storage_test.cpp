// Regions, stored text and the manifest: round trips and corrupt input.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "index/manifest.h"
#include "index/regions.h"
#include "index/stored_text.h"

namespace presser::index {
namespace {

std::filesystem::path scratch_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("presser-storage-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

template <class Write>
MappedFile write_and_map(const std::string& name, Write write) {
    const auto path = scratch_dir() / name;
    {
        FileWriter out(path);
        write(out);
        EXPECT_TRUE(out.finish().ok());
    }
    return std::move(MappedFile::open(path).value());
}

TEST(IndexRegions, TiledAndUntiledWithColumns) {
    RegionsBuilder turns;
    turns.starts = {0, 5, 5, 12};
    for (const char* speaker : {"Qin Gang", "", "Qin Gang", "Mao Ning"}) turns.column("speaker").strings.push_back(speaker);
    turns.column("source_start", true).numbers = {10, 20, 30, 40};
    auto file = write_and_map("turn.regions", [&](FileWriter& out) { turns.write(out, 20); });
    auto regions = Regions::open(file.bytes(), "turn.regions");
    ASSERT_TRUE(regions.ok()) << regions.error().describe();
    EXPECT_EQ(regions->size(), 4u);
    EXPECT_EQ(regions->end(0), 5u);
    EXPECT_EQ(regions->end(1), 5u);  // empty region
    EXPECT_EQ(regions->end(3), 20u);
    EXPECT_EQ(regions->find(0), 0u);
    EXPECT_EQ(regions->find(5), 2u);
    EXPECT_EQ(regions->find(19), 3u);
    EXPECT_EQ(regions->find(20), std::nullopt);
    const auto* speaker = regions->column("speaker");
    ASSERT_NE(speaker, nullptr);
    EXPECT_EQ(speaker->string(0), "Qin Gang");
    EXPECT_EQ(speaker->string(3), "Mao Ning");
    EXPECT_EQ(speaker->values().size(), 3u);  // "", "Mao Ning", "Qin Gang"
    EXPECT_EQ(regions->column("source_start")->number(2), 30u);
    EXPECT_EQ(regions->column("nope"), nullptr);

    RegionsBuilder exchanges;
    exchanges.tiled = false;
    exchanges.starts = {2, 10};
    exchanges.ends = {8, 15};
    auto file2 = write_and_map("exchange.regions", [&](FileWriter& out) { exchanges.write(out, 20); });
    auto untiled = Regions::open(file2.bytes(), "exchange.regions");
    ASSERT_TRUE(untiled.ok());
    EXPECT_EQ(untiled->find(1), std::nullopt);
    EXPECT_EQ(untiled->find(7), 0u);
    EXPECT_EQ(untiled->find(8), std::nullopt);
    EXPECT_EQ(untiled->find(14), 1u);
    for (std::size_t cut = 0; cut < file.size(); ++cut) EXPECT_FALSE(Regions::open(file.bytes().substr(0, cut), "x").ok()) << cut;
}

// Positions are stored as u16 offsets from a base per group of 64 when every group fits in 65,536
// tokens, else as u32s; either way they must read back exactly, and so must column ids at 1, 2 or 4 bytes.
TEST(IndexRegions, NarrowAndWidePositionsAndIdWidthsReadBack) {
    std::mt19937 random(19);
    for (const std::uint32_t longest : {200u, 70000u, 4000000u}) {
        RegionsBuilder built;
        built.tiled = false;
        std::uint32_t position = 0;
        for (int i = 0; i < 1000; ++i) {
            // Mostly short regions; with a longer one now and then, which may not fit a narrow group.
            position += random() % 50 + (random() % 100 == 0 ? random() % longest : 0);
            built.starts.push_back(position);
            built.ends.push_back(position + random() % (i % 333 == 0 ? longest : 40));
            built.column("few").strings.push_back(std::to_string(random() % 3));
            built.column("many").strings.push_back(std::to_string(random() % 700));
            built.column("unique").strings.push_back(std::to_string(i));
        }
        const std::uint64_t tokens = built.ends.back() + longest;
        auto file = write_and_map("widths.regions", [&](FileWriter& out) { built.write(out, tokens); });
        auto regions = Regions::open(file.bytes(), "widths.regions");
        ASSERT_TRUE(regions.ok()) << regions.error().describe();
        ASSERT_TRUE(regions->verify());
        for (std::size_t i = 0; i < built.starts.size(); ++i) {
            ASSERT_EQ(regions->start(i), built.starts[i]) << longest << " " << i;
            ASSERT_EQ(regions->end(i), built.ends[i]) << longest << " " << i;
            for (const char* name : {"few", "many", "unique"})
                ASSERT_EQ(regions->column(name)->string(i), built.column(name).strings[i]) << name << " " << i;
        }
        if (longest == 200) {  // every group narrow and ids of one byte: 5 bytes a region, not 12
            RegionsBuilder small = built;
            small.columns.resize(1);
            auto small_file = write_and_map("small.regions", [&](FileWriter& out) { small.write(out, tokens); });
            EXPECT_LT(small_file.size(), 6000u);
        }
    }
}

// find_from gallops forward from a hint; whatever the hint, it must answer as find does, with empty
// regions, gaps between untiled regions and positions past the end.
TEST(IndexRegions, FindFromAnyHintAnswersAsFind) {
    std::mt19937 random(7);
    for (bool tiled : {true, false}) {
        RegionsBuilder built;
        built.tiled = tiled;
        std::uint32_t at = 0;
        for (int r = 0; r < 300; ++r) {
            at += random() % 4;  // 0: an empty region (tiled) or touching regions (untiled)
            built.starts.push_back(at);
            if (!tiled) built.ends.push_back(at + random() % 3);
        }
        const std::uint32_t tokens = at + 5;
        auto file = write_and_map(tiled ? "tiled.regions" : "untiled.regions", [&](FileWriter& out) { built.write(out, tokens); });
        auto regions = Regions::open(file.bytes(), "regions");
        ASSERT_TRUE(regions.ok()) << regions.error().describe();
        for (std::uint32_t position = 0; position <= tokens + 1; ++position)
            for (std::uint64_t hint : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t(random() % 300), std::uint64_t{299},
                                       std::uint64_t{300}, std::uint64_t{100000}})
                ASSERT_EQ(regions->find_from(position, hint), regions->find(position))
                    << (tiled ? "tiled" : "untiled") << " position " << position << " hint " << hint;
    }
}

TEST(IndexStoredText, ParagraphsAndEventsRoundTrip) {
    ParagraphStoreWriter paragraphs;
    std::vector<std::string> texts;
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(), ZSTD_freeCCtx);
    std::string records;
    std::uint64_t previous_source = 0;
    for (int i = 0; i < 5000; ++i) {
        texts.push_back("Paragraph " + std::to_string(i) + " says something about sanctions, 中国 and trade.");
        std::vector<text::Token> tokens;
        const auto& text = texts.back();
        for (std::size_t at = 0; at < text.size();) {
            const auto end = std::min(text.find(' ', at), text.size());
            tokens.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(end), false});
            at = end + 1;
        }
        append_paragraph_record(records, text, tokens.data(), tokens.size(),
                                {{0, 1000u + static_cast<std::uint64_t>(i) * 100}, {10, 2000u + static_cast<std::uint64_t>(i)}}, previous_source);
        if (i % 37 == 36) {  // one block per "event" of 37 paragraphs
            paragraphs.add(compress_paragraphs(context.get(), 3, records, 37));
            records.clear();
            previous_source = 0;
        }
    }
    paragraphs.add(compress_paragraphs(context.get(), 3, records, 5000 % 37));
    paragraphs.add(compress_paragraphs(context.get(), 3, "", 0));  // an event without paragraphs adds no block
    auto file = write_and_map("paragraphs.zst", [&](FileWriter& out) { paragraphs.write(out); });
    auto store = ParagraphStore::open(file.bytes(), "paragraphs.zst");
    ASSERT_TRUE(store.ok()) << store.error().describe();
    ASSERT_EQ(store->size(), 5000u);
    for (std::uint64_t i : {0ull, 1ull, 777ull, 4999ull}) {
        auto paragraph = store->get(i);
        ASSERT_TRUE(paragraph.ok());
        // The words come from the token stream; the record holds what lies between them.
        ASSERT_EQ(paragraph->gaps(), 10u);  // 9 space-separated tokens
        EXPECT_EQ(paragraph->gap(0), "");
        EXPECT_EQ(paragraph->gap(1), " ");
        EXPECT_EQ(paragraph->gap(9), "");
        StoredParagraph stored{texts[i], paragraph->anchors, {}};
        EXPECT_EQ(stored.source_offset(3), 1003u + i * 100);
        EXPECT_EQ(stored.source_offset(12), 2002u + i);
    }
    EXPECT_TRUE(store->verify().ok());
    EXPECT_LT(file.size(), 5000u * 60 / 3);  // compressed

    EventStoreWriter events;
    std::string a, b;
    a.resize(ZSTD_compressBound(10));
    a.resize(ZSTD_compress(a.data(), a.size(), R"({"id":"a"})", 10, 3));
    b.resize(ZSTD_compressBound(10));
    b.resize(ZSTD_compress(b.data(), b.size(), R"({"id":"b"})", 10, 3));
    events.add(a);
    events.add(b);
    auto file2 = write_and_map("events.zst", [&](FileWriter& out) { events.write(out); });
    auto event_store = EventStore::open(file2.bytes(), "events.zst");
    ASSERT_TRUE(event_store.ok());
    EXPECT_EQ(event_store->get(1).value(), R"({"id":"b"})");
    EXPECT_FALSE(event_store->get(2).ok());

    // A flipped byte inside a compressed block is an error, never a crash.
    std::string damaged(file.bytes());
    damaged[damaged.size() / 2] ^= 0x5a;
    auto broken = ParagraphStore::open(damaged, "damaged");
    if (broken.ok()) {
        for (std::uint64_t i = 0; i < broken->size(); i += 50) (void)broken->get(i);
        (void)broken->verify();
    }
}

// Gaps other than one space or nothing keep their bytes; anchors whose offsets go back, or past 32 bits,
// keep their values (they are stored as differences).
TEST(IndexStoredText, RecordsKeepEveryGapAndAnchor) {
    const std::string text = "Hi,  there\n(you)";
    const std::vector<text::Token> tokens = {{0, 2, false}, {5, 10, false}, {12, 15, false}};
    const std::vector<Anchor> anchors = {{0, 500}, {5, 480}, {12, 9000000000ull}, {14, 7}};
    std::string records;
    std::uint64_t previous_source = 0;
    for (int i = 0; i < 3; ++i) append_paragraph_record(records, text, tokens.data(), tokens.size(), anchors, previous_source);
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(), ZSTD_freeCCtx);
    ParagraphStoreWriter paragraphs;
    paragraphs.add(compress_paragraphs(context.get(), 3, records, 3));
    auto file = write_and_map("gaps.zst", [&](FileWriter& out) { paragraphs.write(out); });
    auto store = ParagraphStore::open(file.bytes(), "gaps.zst");
    ASSERT_TRUE(store.ok()) << store.error().describe();
    for (std::uint64_t i : {2ull, 0ull, 1ull}) {  // any order: each record's delta base is known
        auto paragraph = store->get(i);
        ASSERT_TRUE(paragraph.ok());
        std::vector<std::string_view> gaps;
        for (std::size_t g = 0; g < paragraph->gaps(); ++g) gaps.push_back(paragraph->gap(g));
        EXPECT_EQ(gaps, (std::vector<std::string_view>{"", ",  ", "\n(", ")"})) << i;
        EXPECT_EQ(paragraph->anchors, anchors) << i;
    }
    EXPECT_TRUE(store->verify().ok());
}

TEST(IndexManifest, RoundTripsAndRejectsGarbage) {
    Manifest manifest;
    manifest.generation = 3;
    manifest.next_segment = 4;
    manifest.segments.push_back({"seg-000001", 100, 2, {{"postings", 10, 0xdeadbeefcafef00dull}}, {1}});
    manifest.sources["/data/a.md"] = {0x1234, 55, {{"seg-000001", 0}}, "/data", "a"};
    manifest.sources["/old/b.md"] = {0x5678, 66, {{"seg-000001", 1}}, "", ""};  // indexed before roots and ids were recorded
    manifest.sources_file = "sources-3.json";
    auto back = Manifest::from_json(manifest.to_json(), "MANIFEST");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(back->to_json(), manifest.to_json());
    EXPECT_TRUE(back->sources.empty());  // in their own file
    ASSERT_TRUE(back->sources_from_json(manifest.sources_to_json(), "sources-3.json").ok());
    EXPECT_EQ(back->sources_to_json(), manifest.sources_to_json());
    EXPECT_EQ(back->sources.at("/data/a.md").events.at(0).segment, "seg-000001");
    EXPECT_EQ(back->sources.at("/data/a.md").root, "/data");
    EXPECT_EQ(back->sources.at("/old/b.md").root, "");
    EXPECT_EQ(back->sources.at("/data/a.md").event_id, "a");
    EXPECT_EQ(back->sources.at("/old/b.md").event_id, "");
    EXPECT_EQ(manifest.sources_to_json().find("\"root\": \"\""), std::string::npos);  // absent, not empty
    EXPECT_FALSE(Manifest::from_json("{", "MANIFEST").ok());
    EXPECT_FALSE(Manifest::from_json(R"({"format":"other"})", "MANIFEST").ok());
    auto evil = manifest;
    evil.segments[0].name = "../../etc";
    EXPECT_FALSE(Manifest::from_json(evil.to_json(), "MANIFEST").ok());
}

Manifest one_segment_manifest() {
    Manifest manifest;
    manifest.generation = 2;
    manifest.next_segment = 2;
    manifest.segments.push_back({"seg-000001", 100, 3, {{"postings", 10, 0xdeadbeefcafef00dull}}, {1}});
    manifest.sources_file = "sources-2.json";
    manifest.sources_size = 77;
    manifest.sources_checksum = 0x0123456789abcdefull;
    manifest.sources_checksummed = true;
    return manifest;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

TEST(IndexManifest, ItsChecksumCoversEveryValue) {
    const auto text = one_segment_manifest().to_json();
    auto back = Manifest::from_json(text, "MANIFEST");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_TRUE(back->sources_checksummed);
    EXPECT_EQ(back->sources_size, 77u);
    EXPECT_EQ(back->sources_checksum, 0x0123456789abcdefull);
    // Edits that keep the JSON valid: a count, a file's checksum, the sources file's size.
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"\"tokens\": 100", "\"tokens\": 101"}, {"deadbeefcafef00d", "deadbeefcafef00e"}, {"\"sources_size\": 77", "\"sources_size\": 78"}}) {
        auto edited = Manifest::from_json(replaced(text, from, to), "MANIFEST");
        ASSERT_FALSE(edited.ok()) << from;
        EXPECT_NE(edited.error().describe().find("MANIFEST: checksum mismatch (expected xxh3 "), std::string::npos) << edited.error().describe();
    }
    // An upper-case hex digit, one bit away, reads as the same number: refused as damage.
    EXPECT_FALSE(Manifest::from_json(replaced(text, "deadbeefcafef00d", "deadbeefcafeF00d"), "MANIFEST").ok());
}

TEST(IndexManifest, VersionFourIsReadUnsealedAndAnyOtherMixIsRefused) {
    const auto text = one_segment_manifest().to_json();
    auto unsealed = nlohmann::ordered_json::parse(text);
    unsealed.erase("xxh3");
    unsealed.erase("sources_size");
    unsealed.erase("sources_xxh3");
    unsealed["version"] = 4;
    auto old = Manifest::from_json(unsealed.dump(1), "MANIFEST");
    ASSERT_TRUE(old.ok()) << old.error().describe();
    EXPECT_FALSE(old->sources_checksummed);
    // Version 4 with a seal (a bit flip of "5"), version 5 without one.
    auto version_four = Manifest::from_json(replaced(text, "\"version\": 5", "\"version\": 4"), "MANIFEST");
    ASSERT_FALSE(version_four.ok());
    EXPECT_NE(version_four.error().describe().find("corrupt"), std::string::npos) << version_four.error().describe();
    unsealed["version"] = 5;
    EXPECT_FALSE(Manifest::from_json(unsealed.dump(1), "MANIFEST").ok());
}

TEST(IndexManifest, SegmentsListedTwiceAndUnknownDeletedEventsAreRefused) {
    auto twice = one_segment_manifest();
    twice.segments.push_back(twice.segments.front());
    auto read = Manifest::from_json(twice.to_json(), "MANIFEST");
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.error().describe().find("segment seg-000001 is listed twice"), std::string::npos) << read.error().describe();
    auto unknown = one_segment_manifest();
    unknown.segments.front().deleted_events = {3};
    read = Manifest::from_json(unknown.to_json(), "MANIFEST");
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.error().describe().find("deletes event 3, but has 3 events"), std::string::npos) << read.error().describe();
    auto unsorted = one_segment_manifest();
    unsorted.segments.front().deleted_events = {2, 1};
    EXPECT_FALSE(Manifest::from_json(unsorted.to_json(), "MANIFEST").ok());
}

}  // namespace
}  // namespace presser::index
