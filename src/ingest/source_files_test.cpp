#include "ingest/source_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>

namespace presser::ingest {
namespace {

namespace fs = std::filesystem;

class SourceFolder : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("presser-source-files-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
        fs::create_directories(root_ / "sub");
    }
    void TearDown() override {
        std::error_code ignored;
        fs::permissions(root_ / "locked", fs::perms::owner_all, ignored);
        fs::remove_all(root_, ignored);
    }
    [[nodiscard]] bool warned(const fs::path& path, const std::string& why) const {
        return std::any_of(files_.warnings.begin(), files_.warnings.end(),
                           [&](const std::string& w) { return w.starts_with(path.string() + ": ") && w.find(why) != std::string::npos; });
    }
    fs::path root_;
    SourceFiles files_;
};

TEST_F(SourceFolder, EntriesThatAreNoFilesAreReportedNotDropped) {
    std::ofstream(root_ / "a.txt") << "Q: why?\n\nA: because.\n";
    std::ofstream(root_ / "sub" / "b.txt") << "Q: why?\n\nA: because.\n";
    std::ofstream(root_ / "data.csv") << "a,b\n";  // left to the table importer, which tells data from transcripts
    std::ofstream(root_ / "photo.png") << "png";
    std::ofstream(root_ / "presser-columns.tsv") << "text\t2\n";
    ASSERT_EQ(::mkfifo((root_ / "sub" / "pipe.txt").c_str(), 0600), 0);
    fs::create_symlink(root_ / "gone.txt", root_ / "dangling.txt");
    fs::create_directory_symlink(root_ / "sub", root_ / "loop");
    fs::create_symlink(root_ / "a.txt", root_ / "sub" / "link-to-a.txt");

    files_ = collect_source_files({root_.string()});
    EXPECT_EQ(files_.transcripts, (std::vector<fs::path>{root_ / "a.txt", root_ / "data.csv", root_ / "sub" / "b.txt",
                                                         root_ / "sub" / "link-to-a.txt"}));
    EXPECT_EQ(files_.skipped, (std::vector<fs::path>{root_ / "photo.png", root_ / "presser-columns.tsv"}));
    EXPECT_TRUE(files_.errors.empty());
    EXPECT_EQ(files_.warnings.size(), 3u) << ::testing::PrintToString(files_.warnings);
    EXPECT_TRUE(warned(root_ / "sub" / "pipe.txt", "FIFO")) << ::testing::PrintToString(files_.warnings);
    EXPECT_TRUE(warned(root_ / "dangling.txt", "dangling symbolic link")) << ::testing::PrintToString(files_.warnings);
    EXPECT_TRUE(warned(root_ / "loop", "link to a folder, not followed")) << ::testing::PrintToString(files_.warnings);
    for (const auto& file : files_.transcripts) EXPECT_EQ(files_.roots.at(file), root_) << file;
}

TEST_F(SourceFolder, UnreadableFolderIsReported) {
    fs::create_directories(root_ / "locked");
    std::ofstream(root_ / "locked" / "c.txt") << "text";
    fs::permissions(root_ / "locked", fs::perms::none);
    if (::access((root_ / "locked").c_str(), R_OK) == 0) GTEST_SKIP() << "running as root: permissions do not stop reading here";
    files_ = collect_source_files({root_.string()});
    EXPECT_TRUE(files_.transcripts.empty());
    EXPECT_TRUE(warned(root_ / "locked", "cannot read the folder")) << ::testing::PrintToString(files_.warnings);
}

TEST_F(SourceFolder, NamedFilesAndSpecialFilesNamedDirectly) {
    std::ofstream(root_ / "a.txt") << "text";
    ASSERT_EQ(::mkfifo((root_ / "pipe").c_str(), 0600), 0);
    files_ = collect_source_files({(root_ / "a.txt").string(), (root_ / "pipe").string(), (root_ / "none").string()});
    EXPECT_EQ(files_.transcripts, std::vector<fs::path>{root_ / "a.txt"});
    EXPECT_EQ(files_.roots.at(root_ / "a.txt"), root_);
    ASSERT_EQ(files_.errors.size(), 2u);
    EXPECT_EQ(files_.errors[0], (root_ / "pipe").string() + ": a named pipe (FIFO), not a regular file: skipped");
    EXPECT_EQ(files_.errors[1], (root_ / "none").string() + ": no such file or directory");
}

}  // namespace
}  // namespace presser::ingest
