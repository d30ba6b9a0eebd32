// cpp-httplib's server with a deadline on reading each request, so that slow clients cannot hold its
// connection threads (slowloris: a header line every few seconds keeps a plain read timeout from firing).
//
// Contract:
//  * A request must arrive whole (request line, headers and body) within `request_read_ms` of its first
//    byte; a connection past it is closed without an answer. The wait for a connection's next request is
//    keep-alive (set_keep_alive_timeout), as in httplib.
//  * Everything else (routing, handlers, writing, keep-alive counts, stop()) is httplib's own behaviour.
#pragma once

#include <chrono>
#include <cstdint>

#include <httplib.h>

namespace presser::server {

class DeadlineHttpServer : public httplib::Server {
public:
    explicit DeadlineHttpServer(std::chrono::milliseconds request_read = std::chrono::seconds(10))
        : request_read_(request_read) {}
    void set_request_read_deadline(std::chrono::milliseconds limit) { request_read_ = limit; }

private:
    // httplib's per-connection loop, replaced (a private virtual may be overridden) by one that reads
    // through a stream with a deadline per request.
    bool process_and_close_socket(socket_t sock) override;

    std::chrono::milliseconds request_read_;
};

}  // namespace presser::server
