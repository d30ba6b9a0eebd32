// Notices new commits of an index directory: a thread waits on inotify for MANIFEST being renamed into
// place (IN_MOVED_TO, how commit_manifest writes it) or written (IN_CLOSE_WRITE), and wakes at least every
// `poll_ms` whatever inotify says (inotify is unavailable on some file systems, or its watch limit is
// spent), then calls `check`, which compares generations and reloads. `check` runs on the watcher's
// thread only, one call at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace presser::server {

class IndexWatcher {
public:
    IndexWatcher(std::filesystem::path directory, std::chrono::milliseconds poll, std::function<void()> check);
    ~IndexWatcher();  // stops and joins the thread
    IndexWatcher(const IndexWatcher&) = delete;
    IndexWatcher& operator=(const IndexWatcher&) = delete;

    // Wakes the thread now (as a MANIFEST event would).
    void wake();
    // "" when inotify watches the directory, else why not (polling only).
    [[nodiscard]] const std::string& inotify_problem() const { return inotify_problem_; }

private:
    void loop();
    std::filesystem::path directory_;
    std::chrono::milliseconds poll_;
    std::function<void()> check_;
    int inotify_ = -1;
    int wake_ = -1;  // eventfd: wake() and the destructor
    std::atomic<bool> stopping_ = false;
    std::string inotify_problem_;
    std::thread thread_;
};

}  // namespace presser::server
