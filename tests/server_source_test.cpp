// /api/source serves only the file recorded for the event, below its recorded root, with no symbolic link
// followed and its recorded content hash checked: files edited, replaced by links, by FIFOs or removed after
// indexing are refused with a status that says so. Each test builds its own index over a copy of samples/.
#include <gtest/gtest.h>

#include <httplib.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index/manifest.h"
#include "index_test_support.h"
#include "server/server.h"
#include "test_paths.h"

namespace presser {
namespace {

namespace fs = std::filesystem;

const std::string kEvent = "2024-05-14-harbour-authority-briefing";
// Its id: the path relative to the folder indexed.
const std::string kEventId = "briefings/" + kEvent;

class ServerSource : public ::testing::Test {
protected:
    void SetUp() override {
        // The transcript sits in a sub-folder of the folder indexed, so that a folder on its way can be swapped too.
        folder_ = scratch_.path() / "transcripts" / "briefings";
        fs::create_directories(folder_);
        for (const auto& entry : fs::directory_iterator(testing::source_dir() / "samples"))
            if (entry.path().filename() != "README.md") fs::copy_file(entry.path(), folder_ / entry.path().filename());
        file_ = folder_ / (kEvent + ".txt");
        original_ = testing::read_file(file_);
        auto built = index::build_index(scratch_.path() / "idx", {(scratch_.path() / "transcripts").string()}, {});
        ASSERT_TRUE(built.ok()) << built.error().describe();
        start();
    }
    void TearDown() override { stop(); }

    void start() {
        auto opened = index::Index::open(scratch_.path() / "idx");
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
        index_ = std::make_unique<index::Index>(std::move(opened.value()));
        server::ServerOptions options;
        options.port = 0;
        options.threads = 1;
        options.cache_bytes = 0;
        options.web_dir = scratch_.path() / "no-ui";
        auto created = server::Server::create(*index_, options);
        ASSERT_TRUE(created.ok()) << created.error().message;
        server_ = std::move(created.value());
        thread_ = std::thread([this] { server_->run(); });
        while (!server_->running()) std::this_thread::yield();
    }
    void stop() {
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
        server_.reset();
    }

    // Status and body of /api/source for the event's bytes 10-40.
    std::pair<int, std::string> source() {
        httplib::Client client("127.0.0.1", server_->port());
        auto result = client.Get(("/api/source?event=" + kEventId + "&begin=10&end=40").c_str());
        EXPECT_TRUE(result);
        if (!result) return {0, ""};
        if (result->status == 200) return {200, result->body};
        const auto error = nlohmann::json::parse(result->body, nullptr, false);
        EXPECT_EQ(error["error"]["status"], result->status) << result->body;
        return {result->status, error["error"]["message"].get<std::string>()};
    }

    testing::ScratchDir scratch_{"server-source"};
    fs::path folder_, file_;
    std::string original_;
    std::unique_ptr<index::Index> index_;
    std::unique_ptr<server::Server> server_;
    std::thread thread_;
};

TEST_F(ServerSource, ServesTheRecordedBytes) {
    EXPECT_EQ(source(), std::make_pair(200, original_.substr(10, 30)));
}

TEST_F(ServerSource, AFileEditedAfterIndexingIsRefused) {
    ASSERT_EQ(source().first, 200);  // verified once: the edit below must still be seen
    std::string edited = original_;
    edited[original_.size() / 2] = edited[original_.size() / 2] == 'x' ? 'y' : 'x';  // same size, other content
    std::ofstream(file_, std::ios::binary | std::ios::trunc) << edited;
    const auto [status, message] = source();
    EXPECT_EQ(status, 409);
    EXPECT_NE(message.find("changed since"), std::string::npos) << message;
    EXPECT_NE(message.find(file_.string()), std::string::npos) << message;
    std::ofstream(file_, std::ios::binary | std::ios::trunc) << original_ << "more";
    EXPECT_EQ(source().first, 409);
    std::ofstream(file_, std::ios::binary | std::ios::trunc) << original_;
    EXPECT_EQ(source().first, 200);
}

TEST_F(ServerSource, ASymlinkSwappedInIsNotFollowed) {
    // The same bytes outside the indexed folder: even an identical file is not read through a link.
    const auto outside = scratch_.path() / "outside";
    fs::create_directories(outside);
    fs::copy_file(file_, outside / file_.filename());
    fs::remove(file_);
    fs::create_symlink(outside / file_.filename(), file_);
    auto [status, message] = source();
    EXPECT_EQ(status, 403);
    EXPECT_NE(message.find("symbolic link"), std::string::npos) << message;

    // A folder on the way replaced by a link to a copy of it.
    fs::remove(file_);
    fs::copy_file(outside / file_.filename(), file_);
    ASSERT_EQ(source().first, 200);
    fs::rename(folder_, scratch_.path() / "moved");
    fs::create_directory_symlink(scratch_.path() / "moved", folder_);
    std::tie(status, message) = source();
    EXPECT_EQ(status, 403);
    EXPECT_NE(message.find("briefings' is a symbolic link"), std::string::npos) << message;
}

TEST_F(ServerSource, MissingOrSpecialFilesAreRefused) {
    fs::remove(file_);
    auto [status, message] = source();
    EXPECT_EQ(status, 404);
    EXPECT_NE(message.find("not on disk"), std::string::npos) << message;
    ASSERT_EQ(::mkfifo(file_.c_str(), 0600), 0);
    std::tie(status, message) = source();  // must not hang on the FIFO
    EXPECT_EQ(status, 409);
    EXPECT_NE(message.find("regular file"), std::string::npos) << message;
}

TEST_F(ServerSource, IndexesWithoutRecordedRootsAreStillServed) {
    // Before roots were recorded, sources-N.json held path, size, hash and events only.
    // The table is rewritten through the index's own commit, so that the MANIFEST's checksum of it holds.
    stop();
    auto manifest = index::read_manifest(scratch_.path() / "idx");
    ASSERT_TRUE(manifest.ok()) << manifest.error().describe();
    ASSERT_FALSE(manifest->sources.empty());
    for (auto& [path, source] : manifest->sources) {
        ASSERT_FALSE(source.root.empty()) << path;
        source.root.clear();
    }
    ASSERT_TRUE(index::commit_manifest(scratch_.path() / "idx", manifest.value()).ok());
    const auto committed = index::read_manifest(scratch_.path() / "idx", false);
    ASSERT_TRUE(committed.ok());
    EXPECT_EQ(testing::read_file(scratch_.path() / "idx" / committed->sources_file).find("\"root\""), std::string::npos);
    start();
    EXPECT_EQ(source(), std::make_pair(200, original_.substr(10, 30)));
    fs::remove(file_);
    fs::create_symlink(testing::source_dir() / "samples" / file_.filename(), file_);
    EXPECT_EQ(source().first, 403);
}

}  // namespace
}  // namespace presser
