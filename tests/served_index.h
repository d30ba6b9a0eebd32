// `presser serve` in this process, on a free 127.0.0.1 port, for the API tests: started when constructed,
// stopped and joined when destroyed.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "index/index.h"
#include "server/server.h"

namespace presser::testing {

// `text` percent-encoded for a URL's query or path (RFC 3986 unreserved characters kept).
inline std::string encode(std::string_view text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
    return out;
}

class ServedIndex {
public:
    // `options.port` is set to 0 (a free port).
    ServedIndex(const index::Index& index, server::ServerOptions options) {
        options.port = 0;
        auto created = server::Server::create(index, options);
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        if (!created.ok()) return;
        server_ = std::move(created.value());
        thread_ = std::thread([this] { server_->run(); });
        while (!server_->running()) std::this_thread::yield();
    }
    ~ServedIndex() {
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
    }
    ServedIndex(const ServedIndex&) = delete;
    ServedIndex& operator=(const ServedIndex&) = delete;

    [[nodiscard]] server::Server& server() const { return *server_; }
    [[nodiscard]] int port() const { return server_->port(); }

private:
    std::unique_ptr<server::Server> server_;
    std::thread thread_;
};

}  // namespace presser::testing
