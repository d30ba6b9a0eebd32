#include "server/deadline_http_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace presser::server {
namespace {

using Clock = std::chrono::steady_clock;

enum class Wait { ready, timed_out, failed };

// Waits until `sock` is ready for `events` or `deadline` passes.
Wait wait_for(int sock, short events, Clock::time_point deadline) {
    while (true) {
        const auto now = Clock::now();
        if (now >= deadline) return Wait::timed_out;
        // Rounded up: a poll that returned a fraction of a millisecond early would read as a timeout.
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
        pollfd fd{sock, events, 0};
        const int ready = ::poll(&fd, 1, static_cast<int>(std::min<long long>(left, 1000)));
        if (ready > 0) return (fd.revents & (events | POLLHUP | POLLERR)) != 0 ? Wait::ready : Wait::failed;
        if (ready < 0 && errno != EINTR) return Wait::failed;
    }
}

void address_of(int sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const int got = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length)
                         : ::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length);
    if (got != 0) return;
    char host[NI_MAXHOST];
    char service[NI_MAXSERV];
    if (::getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof host, service, sizeof service,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return;
    ip = host;
    port = std::atoi(service);
}

// A buffered socket stream whose reads fail once the current request's deadline has passed. httplib reads
// request lines a byte at a time, hence the buffer.
class DeadlineStream final : public httplib::Stream {
public:
    DeadlineStream(int sock, std::chrono::milliseconds write_timeout) : sock_(sock), write_timeout_(write_timeout) {}

    // The next request must be read whole by `deadline`.
    void start_request(Clock::time_point deadline) { deadline_ = deadline; }
    // A read ran past the deadline: the connection is to be closed, with nothing more written to it.
    [[nodiscard]] bool expired() const { return expired_; }
    [[nodiscard]] bool has_buffered() const { return begin_ < end_; }

    bool is_readable() const override {
        if (has_buffered()) return true;
        const auto waited = wait_for(sock_, POLLIN, deadline_);
        expired_ = expired_ || waited == Wait::timed_out;
        return waited == Wait::ready;
    }
    bool is_writable() const override { return wait_for(sock_, POLLOUT, Clock::now() + write_timeout_) == Wait::ready; }

    ssize_t read(char* out, size_t size) override {
        if (!has_buffered()) {
            if (!is_readable()) return -1;
            ssize_t got;
            do got = ::recv(sock_, buffer_, sizeof buffer_, 0);
            while (got < 0 && errno == EINTR);
            if (got <= 0) return got;
            begin_ = 0;
            end_ = static_cast<std::size_t>(got);
        }
        const auto n = std::min(size, end_ - begin_);
        std::memcpy(out, buffer_ + begin_, n);
        begin_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* data, size_t size) override {
        // httplib answers a request it could not read with 400; a client too slow to send one gets nothing.
        if (expired_ || !is_writable()) return -1;
        ssize_t sent;
        do sent = ::send(sock_, data, size, MSG_NOSIGNAL);
        while (sent < 0 && errno == EINTR);
        return sent;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, false, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    int sock_;
    std::chrono::milliseconds write_timeout_;
    Clock::time_point deadline_ = Clock::now();
    mutable bool expired_ = false;
    char buffer_[4096];
    std::size_t begin_ = 0, end_ = 0;
};

thread_local int serving_socket = -1;

}  // namespace

int DeadlineHttpServer::current_socket() { return serving_socket; }

bool ClientWatch::gone() {
    if (sock_ < 0) return false;
    if (gone_.load(std::memory_order_relaxed)) return true;
    const auto now = Clock::now().time_since_epoch().count();
    auto next = next_check_ns_.load(std::memory_order_relaxed);
    if (now < next || !next_check_ns_.compare_exchange_strong(next, now + std::chrono::nanoseconds(interval_).count())) return false;
    pollfd fd{sock_, POLLIN | POLLRDHUP, 0};
    if (::poll(&fd, 1, 0) <= 0) return false;
    bool closed = (fd.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
    if (!closed && (fd.revents & POLLIN)) {
        // Readable: either the next pipelined request (the client is there) or end of stream.
        char byte;
        closed = ::recv(sock_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
    }
    if (closed) gone_.store(true);
    return closed;
}

bool DeadlineHttpServer::process_and_close_socket(socket_t sock) {
    const auto write_timeout = std::chrono::seconds(write_timeout_sec_) + std::chrono::microseconds(write_timeout_usec_);
    DeadlineStream stream(sock, std::chrono::duration_cast<std::chrono::milliseconds>(write_timeout));
    bool ok = true;
    for (std::size_t served = 0; served < keep_alive_max_count_ && svr_sock_ != INVALID_SOCKET; ++served) {
        // Keep-alive: wait for the first byte of the next request (the first one's too).
        if (!stream.has_buffered() &&
            wait_for(sock, POLLIN, Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_)) != Wait::ready)
            break;
        stream.start_request(Clock::now() + request_read_);
        bool connection_closed = false;
        serving_socket = sock;
        ok = process_request(stream, served + 1 == keep_alive_max_count_, connection_closed, nullptr);
        serving_socket = -1;
        if (!ok || connection_closed || stream.expired()) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
}

}  // namespace presser::server
