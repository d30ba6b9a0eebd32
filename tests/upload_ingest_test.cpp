// POST /api/ingest (issue 22 §1): a transcript uploaded to a server started with --token is stored in
// INDEX/uploads and ingested as a watched folder is; a bad upload is refused with the parser's error and
// leaves the index as it was (server/upload_store.h, docs/api.md).
#include <gtest/gtest.h>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "analysis_fixture.h"
#include "index/index.h"
#include "index_test_support.h"
#include "served_index.h"
#include "server/server.h"
#include "server/upload_store.h"

namespace presser {
namespace {

using nlohmann::json;

constexpr const char* kToken = "s3cret";

class UploadIngest : public ::testing::Test {
protected:
    void SetUp() override {
        testing::write_text(in_ / "2024-05-01-briefing.txt", "MS. OKAFOR: The harbour opens.\n\nQ  When?\n\nMS. OKAFOR: Today.\n");
        ASSERT_TRUE(index::build_index(idx_, {in_.string()}, {}).ok());
        auto opened = index::Index::open(idx_);
        ASSERT_TRUE(opened.ok());
        index_ = std::make_unique<index::Index>(std::move(opened.value()));
    }
    std::unique_ptr<testing::ServedIndex> serve(const std::string& token, bool reload = true, std::uint64_t upload_max = 4096) {
        server::ServerOptions options;
        options.reload = reload;
        options.reload_poll_ms = 0;
        options.token = token;
        options.watch_rescan_ms = 3'600'000;  // uploads wake the ingest themselves
        options.upload_max_bytes = upload_max;
        return std::make_unique<testing::ServedIndex>(*index_, options);
    }
    static httplib::Headers bearer() { return {{"Authorization", std::string("Bearer ") + kToken}}; }
    [[nodiscard]] std::uint64_t committed() const { return index::read_manifest(idx_, false)->generation; }

    testing::ScratchDir scratch_{"upload-ingest"};
    std::filesystem::path in_ = scratch_.path() / "in", idx_ = scratch_.path() / "idx";
    std::unique_ptr<index::Index> index_;
};

TEST_F(UploadIngest, AnUploadIsStoredIngestedAndServedAndReplacedByItsName) {
    auto live = serve(kToken);
    httplib::Client client("127.0.0.1", live->port());
    // Sent as curl --data-binary sends it (a form's Content-Type): the body is the file, not parameters.
    auto answer = client.Post("/api/ingest?name=2024-05-02-briefing.txt&wait=true", bearer(),
                              "MS. OKAFOR: The lighthouse reopens.\n\nQ  Which lighthouse?\n\nMS. OKAFOR: The old one.\n",
                              "application/x-www-form-urlencoded");
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    auto body = json::parse(answer->body);
    EXPECT_EQ(body["file"], "uploads/2024-05-02-briefing.txt");
    EXPECT_EQ(body["events"], 1);
    EXPECT_EQ(body["replaced"], false);
    EXPECT_EQ(body["state"], "ingested");
    EXPECT_EQ(body["generation"], committed());
    EXPECT_TRUE(std::filesystem::is_regular_file(server::upload_folder(idx_) / "2024-05-02-briefing.txt"));
    auto search = [&](const std::string& q) {  // turns holding q
        return json::parse(client.Get("/api/search?q=" + q, bearer())->body)["total"].get<int>();
    };
    EXPECT_EQ(search("lighthouse"), 2);
    EXPECT_EQ(json::parse(client.Get("/api/info", bearer())->body)["events"], 2);

    // The same name again replaces that upload's events; a multipart form names the file itself.
    httplib::MultipartFormDataItems form{{"file", "MS. OKAFOR: The ferry is late.\n\nQ  Why?\n\nMS. OKAFOR: Fog.\n",
                                          "2024-05-02-briefing.txt", "text/plain"}};
    answer = client.Post("/api/ingest?wait=true", bearer(), form);
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    EXPECT_EQ(json::parse(answer->body)["replaced"], true);
    EXPECT_EQ(search("lighthouse"), 0);
    EXPECT_EQ(search("ferry"), 1);
    EXPECT_EQ(json::parse(client.Get("/api/info", bearer())->body)["events"], 2);
    EXPECT_TRUE(index::check_index(idx_).ok());
}

TEST_F(UploadIngest, ABadUploadIsRefusedWithItsReasonAndChangesNothing) {
    auto live = serve(kToken);
    httplib::Client client("127.0.0.1", live->port());
    const auto before = committed();
    auto post = [&](const std::string& target, const std::string& body) { return client.Post(target, bearer(), body, "text/plain"); };

    std::string broken = "MS. OKAFOR: The canal is closed.\n\nQ  Why?\n\nMS. OKAFOR: Repairs.\n";
    broken[broken.find("Repairs")] = '\0';
    auto answer = post("/api/ingest?name=canal.txt&wait=true", broken);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400);
    const auto message = json::parse(answer->body)["error"]["message"].get<std::string>();
    EXPECT_NE(message.find("byte"), std::string::npos) << message;
    EXPECT_NE(message.find("canal.txt"), std::string::npos) << message;

    answer = post("/api/ingest?name=settings.json&wait=true", R"({"theme": "dark", "size": 3})");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400) << answer->body;
    EXPECT_NE(answer->body.find("not a transcript"), std::string::npos) << answer->body;

    for (const std::string name : {"", "..%2Fescape.txt", "sub%2Ffile.txt", ".hidden.txt", "README.txt", "noextension"}) {
        answer = post("/api/ingest?name=" + name, "MS. OKAFOR: Hello.\n");
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 400) << name << ": " << answer->body;
    }
    answer = post("/api/ingest?name=empty.txt", "");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400);
    answer = post("/api/ingest?name=big.txt", "MS. OKAFOR: " + std::string(5000, 'a') + "\n");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 413);
    answer = post("/api/ingest?name=x.txt&colour=red", "MS. OKAFOR: Hello.\n");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400);

    live->server().ingest_now();
    EXPECT_EQ(committed(), before);
    std::vector<std::string> stored;
    for (const auto& entry : std::filesystem::directory_iterator(server::upload_folder(idx_))) stored.push_back(entry.path().filename());
    EXPECT_TRUE(stored.empty()) << stored.front();
}

TEST_F(UploadIngest, UploadsNeedATokenAndOtherRoutesKeepTheirBodyLimit) {
    {
        auto open = serve("");
        httplib::Client client("127.0.0.1", open->port());
        auto answer = client.Post("/api/ingest?name=a.txt", "MS. OKAFOR: Hello.\n", "text/plain");
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 403);
        EXPECT_NE(answer->body.find("--token"), std::string::npos) << answer->body;
        EXPECT_FALSE(std::filesystem::exists(server::upload_folder(idx_)));
    }
    auto live = serve(kToken, true, 1 << 20);
    httplib::Client client("127.0.0.1", live->port());
    auto answer = client.Post("/api/ingest?name=a.txt", "MS. OKAFOR: Hello.\n", "text/plain");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 401);
    // Uploads raise the payload limit (here to 1 MB) for their route only.
    const std::string large = "MS. OKAFOR: " + std::string(100 * 1024, 'a') + ".\n";
    answer = client.Post("/api/search?q=harbour", bearer(), large, "text/plain");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 413) << answer->body;
    answer = client.Post("/api/ingest?name=long.txt", bearer(), large, "text/plain");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 202) << answer->body;
    {
        auto frozen = serve(kToken, false);
        httplib::Client other("127.0.0.1", frozen->port());
        answer = other.Post("/api/ingest?name=a.txt", bearer(), "MS. OKAFOR: Hello.\n", "text/plain");
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 409) << answer->body;
    }
}

TEST(UploadName, OnlyPlainTranscriptFileNamesAreTaken) {
    EXPECT_EQ(server::check_upload_name("2024-05-02-briefing.md"), "");
    EXPECT_EQ(server::check_upload_name("记者会.html"), "");
    for (const std::string_view bad : {"", "a/b.txt", "a\\b.txt", "..", ".x.txt", "readme.md", "LICENSE.txt", "presser-speakers.tsv", "noext"})
        EXPECT_NE(server::check_upload_name(bad), "") << bad;
    EXPECT_NE(server::check_upload_name(std::string(201, 'a') + ".txt"), "");
    EXPECT_NE(server::check_upload_name(std::string("a\x1b[31m.txt")), "");
}

}  // namespace
}  // namespace presser
