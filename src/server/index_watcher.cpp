#include "server/index_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace presser::server {

IndexWatcher::IndexWatcher(std::filesystem::path directory, std::chrono::milliseconds poll, std::function<void()> check)
    : directory_(std::move(directory)), poll_(poll), check_(std::move(check)) {
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    inotify_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify_ < 0) {
        inotify_problem_ = std::string("inotify_init1: ") + std::strerror(errno);
    } else if (::inotify_add_watch(inotify_, directory_.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
        inotify_problem_ = "inotify_add_watch " + directory_.string() + ": " + std::strerror(errno);
        ::close(inotify_);
        inotify_ = -1;
    }
    thread_ = std::thread([this] { loop(); });
}

IndexWatcher::~IndexWatcher() {
    stopping_ = true;
    wake();
    thread_.join();
    if (inotify_ >= 0) ::close(inotify_);
    if (wake_ >= 0) ::close(wake_);
}

void IndexWatcher::wake() {
    if (wake_ < 0) return;
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_, &one, sizeof one);
}

void IndexWatcher::loop() {
    alignas(inotify_event) char buffer[4096];
    while (!stopping_) {
        pollfd fds[2] = {{wake_, POLLIN, 0}, {inotify_, POLLIN, 0}};
        const int ready = ::poll(fds, inotify_ >= 0 ? 2 : 1, static_cast<int>(poll_.count() > 0 ? poll_.count() : -1));
        if (stopping_) return;
        if (ready > 0 && (fds[0].revents & POLLIN)) {
            std::uint64_t count = 0;
            [[maybe_unused]] auto read = ::read(wake_, &count, sizeof count);
        }
        // Drained whatever it says: any event in the directory is worth a generation check (cheap), and
        // a burst of them (a build writing segment files) ends in one MANIFEST rename.
        if (inotify_ >= 0 && ready > 0 && (fds[1].revents & POLLIN))
            while (::read(inotify_, buffer, sizeof buffer) > 0) {
            }
        check_();
    }
}

}  // namespace presser::server
