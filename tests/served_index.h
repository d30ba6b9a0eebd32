// `presser serve` in this process, on a free 127.0.0.1 port, for the API tests: started when constructed,
// stopped and joined when destroyed.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "index/index.h"
#include "server/server.h"

namespace presser::testing {

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
