// cpp-httplib's server with a deadline on reading each request, so that slow clients cannot hold its
// connection threads (slowloris: a header line every few seconds keeps a plain read timeout from firing).
//
// Contract:
//  * A request must arrive whole (request line, headers and body) within `request_read_ms` of its first
//    byte; a connection past it is closed without an answer. The wait for a connection's next request is
//    keep-alive (set_keep_alive_timeout), as in httplib.
//  * A handler may ask, from its own thread, for the socket of the request it serves (current_socket) and
//    watch it with a ClientWatch from any thread: a job whose client has gone stops instead of computing
//    for no one.
//  * Everything else (routing, handlers, writing, keep-alive counts, stop()) is httplib's own behaviour.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include <httplib.h>

namespace presser::server {

class DeadlineHttpServer : public httplib::Server {
public:
    explicit DeadlineHttpServer(std::chrono::milliseconds request_read = std::chrono::seconds(10))
        : request_read_(request_read) {}
    void set_request_read_deadline(std::chrono::milliseconds limit) { request_read_ = limit; }
    // The socket of the request this thread is serving; -1 outside a request.
    [[nodiscard]] static int current_socket();

private:
    // httplib's per-connection loop, replaced (a private virtual may be overridden) by one that reads
    // through a stream with a deadline per request.
    bool process_and_close_socket(socket_t sock) override;

    std::chrono::milliseconds request_read_;
};

// Whether the peer of a socket has closed the connection (or half-closed it, as a browser's aborted fetch
// does), asked at most once per `interval` however often gone() is called, from any thread.
class ClientWatch {
public:
    explicit ClientWatch(int sock, std::chrono::milliseconds interval = std::chrono::milliseconds(20)) : sock_(sock), interval_(interval) {}
    [[nodiscard]] bool gone();

private:
    int sock_;
    std::chrono::milliseconds interval_;
    std::atomic<std::int64_t> next_check_ns_{0};
    std::atomic<bool> gone_{false};
};

}  // namespace presser::server
