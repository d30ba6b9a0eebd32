// docs/index-format.md in line with the code: its "Format versions" table names the versions the code
// writes and reads, and its segment table names every file a segment has. Changing a format version (or
// adding a file) without the document fails here.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "index/manifest.h"
#include "index/segment_files.h"
#include "test_paths.h"

namespace presser::index {
namespace {

std::string section(const std::string& doc, const std::string& heading) {
    const auto at = doc.find("\n## " + heading + "\n");
    if (at == std::string::npos) return {};
    const auto end = doc.find("\n## ", at + 1);
    return doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

TEST(IndexFormatDoc, TheVersionTableNamesTheVersionsTheCodeWritesAndReads) {
    const auto doc = testing::read_file(testing::source_dir() / "docs" / "index-format.md");
    const auto versions = section(doc, "Format versions");
    ASSERT_FALSE(versions.empty()) << "docs/index-format.md has no '## Format versions' section";
    std::smatch row;
    ASSERT_TRUE(std::regex_search(versions, row, std::regex(R"(\n\| `MANIFEST` \| (\d+) \| (\d+) \|)")))
        << "no '| `MANIFEST` | written | read from |' row in the table";
    EXPECT_EQ(std::stoi(row[1].str()), kFormatVersion) << "kFormatVersion changed: update the table of docs/index-format.md";
    EXPECT_EQ(std::stoi(row[2].str()), kOldestReadableFormatVersion)
        << "kOldestReadableFormatVersion changed: update the table of docs/index-format.md";
}

TEST(IndexFormatDoc, TheSegmentTableNamesEveryFileOfASegment) {
    const auto doc = testing::read_file(testing::source_dir() / "docs" / "index-format.md");
    const auto segment = section(doc, "A segment");
    ASSERT_FALSE(segment.empty());
    for (const auto name : {kPostingsFile, kStreamFile, kMapsFile, kParagraphsFile, kEventsFile, kTurnFrequenciesFile, kTurnBlocksFile})
        EXPECT_NE(segment.find("| `" + std::string(name) + "` |"), std::string::npos) << name << " is not in the segment table";
    for (const auto structure : kStructures)
        EXPECT_NE(segment.find("`" + regions_file(structure) + "`"), std::string::npos) << regions_file(structure);
    for (const auto attribute : kAttributes)
        EXPECT_NE(segment.find("`" + lexicon_file(attribute) + "`"), std::string::npos) << lexicon_file(attribute);
}

}  // namespace
}  // namespace presser::index
