// Slow clients cannot hold the server: a request must arrive whole within the request-read deadline of its
// first byte, so connections that drip a header line every few hundred milliseconds (slowloris) are cut
// off and a normal client is answered even when the slow ones outnumber the connection threads.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <httplib.h>
#include <thread>
#include <vector>

#include "index/index.h"
#include "index_test_support.h"
#include "server/server.h"
#include "test_paths.h"

namespace presser {
namespace {

using namespace std::chrono_literals;

int connect_to(int port) {
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(sock);
        return -1;
    }
    return sock;
}

bool send_text(int sock, std::string_view text) {
    return ::send(sock, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

class SlowClients : public ::testing::Test {
protected:
    void SetUp() override {
        scratch_ = std::make_unique<testing::ScratchDir>("slowloris");
        ASSERT_TRUE(index::build_index(scratch_->path() / "idx", {(testing::source_dir() / "samples").string()}, {}).ok());
        auto opened = index::Index::open(scratch_->path() / "idx");
        ASSERT_TRUE(opened.ok());
        index_ = std::make_unique<index::Index>(std::move(opened.value()));
        server::ServerOptions options;
        options.port = 0;
        options.threads = 2;
        options.connections = 4;
        options.request_read_ms = 1500;
        options.web_dir = scratch_->path() / "no-ui";
        auto created = server::Server::create(*index_, options);
        ASSERT_TRUE(created.ok()) << created.error().message;
        server_ = std::move(created.value());
        thread_ = std::thread([this] { server_->run(); });
        while (!server_->running()) std::this_thread::yield();
    }
    void TearDown() override {
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
    }

    std::unique_ptr<testing::ScratchDir> scratch_;
    std::unique_ptr<index::Index> index_;
    std::unique_ptr<server::Server> server_;
    std::thread thread_;
};

TEST_F(SlowClients, DrippingHeadersAreCutOffAndOthersAnswered) {
    // Three times as many slow connections as the server has connection threads, each sending a header
    // line every 200 ms for as long as the test runs: without a deadline they would hold every thread.
    std::vector<int> slow;
    for (int i = 0; i < 12; ++i) {
        const int sock = connect_to(server_->port());
        ASSERT_GE(sock, 0);
        ASSERT_TRUE(send_text(sock, "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        slow.push_back(sock);
    }
    std::atomic<bool> done{false};
    std::vector<bool> cut(slow.size(), false);
    std::vector<std::size_t> answered_bytes(slow.size(), 0);
    std::vector<std::string> answers(slow.size());
    std::thread dripper([&] {
        while (!done) {
            for (std::size_t i = 0; i < slow.size(); ++i) {
                if (cut[i]) continue;
                if (!send_text(slow[i], "X-Slow: 1\r\n")) cut[i] = true;
                pollfd fd{slow[i], POLLIN, 0};
                if (::poll(&fd, 1, 0) > 0) {
                    char buffer[512];
                    const auto got = ::recv(slow[i], buffer, sizeof buffer, MSG_DONTWAIT);
                    if (got > 0) {
                        answered_bytes[i] += static_cast<std::size_t>(got);
                        answers[i].append(buffer, static_cast<std::size_t>(got));
                    }
                    else cut[i] = true;  // closed by the server
                }
            }
            std::this_thread::sleep_for(200ms);
        }
    });

    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(60, 0);  // far beyond the few seconds the cut-offs take: only a hold-up fails
    auto probe = client.Get("/api/info");
    done = true;
    dripper.join();
    ASSERT_TRUE(probe) << "the server did not answer while slow clients held their connections";
    EXPECT_EQ(probe->status, 200);
    std::size_t closed = 0;
    for (std::size_t i = 0; i < slow.size(); ++i) {
        EXPECT_EQ(answered_bytes[i], 0u) << "a request that never ended was answered: " << answers[i].substr(0, 300);
        closed += cut[i];
        ::close(slow[i]);
    }
    EXPECT_GE(closed, 4u) << "at least the connections that held the threads were closed by the server";
}

TEST_F(SlowClients, ARequestSentInPiecesWithinTheDeadlineIsAnswered) {
    const int sock = connect_to(server_->port());
    ASSERT_GE(sock, 0);
    ASSERT_TRUE(send_text(sock, "GET /api/info HTT"));
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(send_text(sock, "P/1.1\r\nHost: 127.0.0.1\r\n"));
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(send_text(sock, "Connection: close\r\n\r\n"));
    std::string answer;
    char buffer[4096];
    ssize_t got;
    while ((got = ::recv(sock, buffer, sizeof buffer, 0)) > 0) answer.append(buffer, static_cast<std::size_t>(got));
    ::close(sock);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer.substr(0, 200);
}

TEST_F(SlowClients, KeepAliveServesSeveralRequestsOnOneConnection) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_keep_alive(true);
    for (int i = 0; i < 3; ++i) {
        auto answer = client.Get("/api/info");
        ASSERT_TRUE(answer) << i;
        EXPECT_EQ(answer->status, 200);
        std::this_thread::sleep_for(i == 0 ? 1800ms : 10ms);  // idle longer than the read deadline: keep-alive, not a request
    }
}

}  // namespace
}  // namespace presser
