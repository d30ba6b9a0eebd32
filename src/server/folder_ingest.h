// presser serve --watch DIR...: ingests the new and changed transcripts of some folders into the served
// index while it is served, with the same incremental build as `presser index build` (index::build_index:
// one writer at a time through the index's LOCK, every file whole or not at all, commits atomic), on a
// thread of its own. It wakes on inotify events in the folders (and their subfolders present at startup)
// and rescans every `rescan` whatever inotify says; a burst of events is ingested once it has been quiet
// for `settle`. After an ingest the merge policy (merge_policy.h) may merge segments. The server's reload
// watcher then serves the commits (server.h). Progress and problems are reported by status(), which
// /api/info shows as `ingest`.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/index.h"

namespace presser::server {

struct FolderIngestOptions {
    std::filesystem::path index;
    std::vector<std::filesystem::path> folders;
    index::BuildOptions build;  // its memory_budget bounds the ingest as for `index build`
    std::chrono::milliseconds rescan{2000};
    std::chrono::milliseconds settle{200};
    std::size_t max_segments = 10;  // merge_policy.h
};

class FolderIngest {
public:
    explicit FolderIngest(FolderIngestOptions options);
    ~FolderIngest();  // stops after the ingest in progress, if any
    FolderIngest(const FolderIngest&) = delete;
    FolderIngest& operator=(const FolderIngest&) = delete;

    // {state: idle|ingesting|merging, files_done, files_total, ingests, last_ingest_at, last_error,
    //  skipped: [{file, error}]} (skipped: the files of the last ingest that failed or hold no transcript).
    [[nodiscard]] nlohmann::ordered_json status() const;
    // Rescans now (tests; and after an upload lands in a watched folder).
    void wake();
    // Blocks until a scan that started after this call has finished (tests).
    void wait_for_scan();

private:
    void loop();
    void watch(const std::filesystem::path& folder);
    void ingest();
    FolderIngestOptions options_;
    int inotify_ = -1;
    int wake_ = -1;
    std::atomic<bool> stopping_ = false;
    mutable std::mutex mutex_;
    std::condition_variable scanned_;
    std::uint64_t scans_started_ = 0, scans_done_ = 0;
    nlohmann::ordered_json status_;
    std::thread thread_;
};

}  // namespace presser::server
