// An index file truncated under a running reader (mapping_faults.h): the read that falls past the file's new
// end gets zeros instead of SIGBUS, the fault names the file, and the server withholds its answer with a 503
// (an export too);
// a SIGBUS that is not about a watched file still kills.
#include <gtest/gtest.h>

#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "analysis_fixture.h"
#include "index/file_io.h"
#include "index/index.h"
#include "index/mapping_faults.h"
#include "index_test_support.h"
#include "served_index.h"

namespace presser {
namespace {

namespace fs = std::filesystem;

TEST(MappingFaults, AReadPastATruncatedFilesEndReadsZerosAndNamesTheFile) {
    testing::ScratchDir scratch("mapping-faults-file");
    const auto path = scratch.path() / "three-pages";
    {
        std::ofstream out(path, std::ios::binary);
        out << std::string(3 * 4096, 'x');
    }
    EXPECT_FALSE(index::faulted_mapping());
    {
        auto mapped = index::MappedFile::open(path);
        ASSERT_TRUE(mapped.ok());
        EXPECT_EQ(mapped->data()[2 * 4096 + 7], 'x');
        fs::resize_file(path, 4096);
        const volatile char* past_end = mapped->data() + 2 * 4096 + 7;
        EXPECT_EQ(*past_end, 0);  // SIGBUS without the handler
        EXPECT_EQ(mapped->data()[5], 'x');  // the pages the file still has are untouched
        const auto faulted = index::faulted_mapping();
        ASSERT_TRUE(faulted);
        EXPECT_EQ(*faulted, path);
    }
    EXPECT_FALSE(index::faulted_mapping());  // the mapping is gone: no index is damaged any more...
    ASSERT_TRUE(index::first_faulted_mapping());
    EXPECT_EQ(*index::first_faulted_mapping(), path);  // ...but the process read damaged data once
}

TEST(MappingFaultsDeathTest, ASigbusElsewhereStillKills) {
    testing::ScratchDir scratch("mapping-faults-death");
    const auto path = scratch.path() / "one-page";
    {
        std::ofstream out(path, std::ios::binary);
        out << std::string(4096, 'x');
    }
    auto mapped = index::MappedFile::open(path);  // installs the handler
    ASSERT_TRUE(mapped.ok());
    EXPECT_DEATH(raise(SIGBUS), "");
}

TEST(MappingFaults, TheServerWithholdsAnswersOnceAnIndexFileWasTruncated) {
    testing::ScratchDir scratch("mapping-faults-server");
    const auto directory = testing::build_analysis_corpus(scratch.path(), false);
    ASSERT_FALSE(directory.empty());
    auto opened = index::Index::open(directory);
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    server::ServerOptions options;
    options.threads = 2;
    options.web_dir = scratch.path() / "no-ui";
    {
        testing::ServedIndex served(opened.value(), options);
        httplib::Client client("127.0.0.1", served.port());
        auto before = client.Get("/api/query?cql=%5B%5D&limit=5");
        ASSERT_TRUE(before);
        EXPECT_EQ(before->status, 200) << before->body;

        for (const auto& entry : fs::recursive_directory_iterator(directory))
            if (entry.is_regular_file() && entry.path().parent_path().filename().string().starts_with("seg-"))
                fs::resize_file(entry.path(), 0);
        auto after = client.Get("/api/query?cql=%5B%5D&limit=6");
        ASSERT_TRUE(after);
        EXPECT_EQ(after->status, 503) << after->body;
        EXPECT_NE(after->body.find("was truncated or replaced while the server read it"), std::string::npos) << after->body;
        EXPECT_NE(after->body.find("seg-"), std::string::npos) << after->body;
        auto exported = client.Get("/api/export?cql=%5B%5D");  // refused before its stream starts
        ASSERT_TRUE(exported);
        EXPECT_EQ(exported->status, 503) << exported->body;
    }
}

}  // namespace
}  // namespace presser
