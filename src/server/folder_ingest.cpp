#include "server/folder_ingest.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "index/merge_policy.h"
#include "server/utc_now.h"

namespace presser::server {

FolderIngest::FolderIngest(FolderIngestOptions options) : options_(std::move(options)) {
    status_ = {{"state", "idle"}, {"folders", nlohmann::ordered_json::array()}, {"files_done", 0}, {"files_total", 0},
               {"ingests", 0},    {"last_ingest_at", nullptr},              {"last_error", nullptr}, {"skipped", nlohmann::ordered_json::array()}};
    for (const auto& folder : options_.folders) status_["folders"].push_back(folder.string());
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    inotify_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify_ < 0) status_["inotify"] = std::string("inotify_init1: ") + std::strerror(errno);
    for (const auto& folder : options_.folders) watch(folder);
    thread_ = std::thread([this] { loop(); });
}

FolderIngest::~FolderIngest() {
    stopping_ = true;
    wake();
    thread_.join();
    if (inotify_ >= 0) ::close(inotify_);
    if (wake_ >= 0) ::close(wake_);
}

void FolderIngest::watch(const std::filesystem::path& folder) {
    if (inotify_ < 0) return;
    constexpr auto kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE;
    auto add = [&](const std::filesystem::path& path) {
        if (::inotify_add_watch(inotify_, path.c_str(), kEvents) < 0)
            status_["inotify"] = "inotify_add_watch " + path.string() + ": " + std::strerror(errno) + " (rescanning every " +
                                 std::to_string(options_.rescan.count()) + " ms instead)";
    };
    add(folder);
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
        if (it->is_directory(error)) add(it->path());
}

void FolderIngest::wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_, &one, sizeof one);
}

void FolderIngest::wait_for_scan() {
    std::unique_lock lock(mutex_);
    const auto target = scans_started_ + 1;
    lock.unlock();
    wake();
    lock.lock();
    scanned_.wait(lock, [&] { return scans_done_ >= target || stopping_; });
}

nlohmann::ordered_json FolderIngest::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void FolderIngest::loop() {
    alignas(inotify_event) char buffer[4096];
    bool first = true;
    while (!stopping_) {
        if (!first) {
            pollfd fds[2] = {{wake_, POLLIN, 0}, {inotify_, POLLIN, 0}};
            const int ready = ::poll(fds, inotify_ >= 0 ? 2 : 1, static_cast<int>(options_.rescan.count()));
            if (stopping_) break;
            if (ready > 0 && (fds[1].revents & POLLIN)) {
                // Let a burst (a copy of many files, an editor's save) settle, then ingest once.
                do {
                    while (::read(inotify_, buffer, sizeof buffer) > 0) {
                    }
                    pollfd again{inotify_, POLLIN, 0};
                    if (::poll(&again, 1, static_cast<int>(options_.settle.count())) <= 0) break;
                } while (!stopping_);
            }
            std::uint64_t count = 0;
            [[maybe_unused]] auto drained = ::read(wake_, &count, sizeof count);
        }
        first = false;
        {
            std::lock_guard lock(mutex_);
            ++scans_started_;
        }
        ingest();
        {
            std::lock_guard lock(mutex_);
            ++scans_done_;
        }
        scanned_.notify_all();
    }
    std::lock_guard lock(mutex_);
    scanned_.notify_all();
}

void FolderIngest::ingest() {
    std::vector<std::string> sources;
    for (const auto& folder : options_.folders) sources.push_back(folder.string());
    auto build = options_.build;
    build.progress = [this](const index::BuildProgress& progress) {
        std::lock_guard lock(mutex_);
        status_["files_done"] = progress.files_done;
        status_["files_total"] = progress.files_total;
    };
    {
        std::lock_guard lock(mutex_);
        status_["state"] = "ingesting";
    }
    auto report = index::build_index(options_.index, sources, build);
    std::lock_guard lock(mutex_);
    status_["state"] = "idle";
    if (!report) {
        status_["last_error"] = report.error().describe();
        std::fprintf(stderr, "presser serve --watch: %s\n", report.error().describe().c_str());
        return;
    }
    auto skipped = nlohmann::ordered_json::array();
    for (const auto& failure : report->failures) {
        skipped.push_back({{"file", failure.file}, {"error", failure.describe()}});
        std::fprintf(stderr, "presser serve --watch: not ingested: %s\n", failure.describe().c_str());
    }
    for (const auto& reason : report->skipped)
        if (reason.find(": not a transcript") != std::string::npos) skipped.push_back({{"file", reason.substr(0, reason.find(": not a transcript"))}, {"error", reason}});
    status_["skipped"] = std::move(skipped);
    status_["last_error"] = nullptr;
    if (report->events_added || report->events_deleted) {
        status_["ingests"] = status_["ingests"].get<std::uint64_t>() + 1;
        status_["last_ingest_at"] = utc_now();
        status_["events_added"] = report->events_added;
        status_["events_deleted"] = report->events_deleted;
    }
    if (!report->events_added && !report->events_deleted) return;
    status_["state"] = "merging";
    mutex_.unlock();
    auto merged = index::apply_merge_policy(options_.index, options_.max_segments, options_.build);
    mutex_.lock();
    status_["state"] = "idle";
    if (!merged) status_["last_error"] = "merge: " + merged.error().describe();
    else if (merged->segments_before != merged->segments_after)
        status_["last_merge"] = {{"segments_before", merged->segments_before}, {"segments_after", merged->segments_after}, {"at", utc_now()}};
}

}  // namespace presser::server
