// presser's HTTP JSON API (docs/api.md): read-only routes over one opened index (and, with a token, uploads
// of transcripts into it), answered by the same
// library calls as the CLI (Searcher, CorpusQuery, Concordancer), plus the built web UI as static files.
//
//   auto index = presser::index::Index::open("idx");
//   auto server = presser::server::Server::create(index.value(), {.port = 0});   // 0: any free port
//   std::thread t([&] { server.value()->run(); });  ... server.value()->port() ...
//   server.value()->stop(); t.join();
//
// Contract:
//  * The Index given to create() is shared by every request and must outlive the Server. With
//    `reload`, a thread watches its directory (inotify on MANIFEST, and a poll every `reload_poll_ms`)
//    and serves every new commit without a restart: it opens the new generation, tabulates it off the
//    request path and swaps it in. A request reads the generation current when it started until its end
//    (an export stream too), so no answer mixes two commits; a failed open keeps the old generation and
//    is reported at /api/info (served_index.h, docs/api.md "Reloading").
//  * With `watch_folders`, a thread ingests their new and changed transcripts (as `index build`) and merges
//    segments as the merge policy says; /api/info shows its progress as `ingest`.
//  * With `token` and `reload`, POST /api/ingest takes transcript uploads (at most `upload_max_bytes`),
//    stores those that parse in INDEX/uploads and ingests that folder as it would a watched one.
//  * Speakers, outlets, events and token counts per period are tabulated once per generation.
//  * At most `threads` requests compute at once (each holds one Searcher or Concordancer, which are not
//    thread-safe); up to `connections` connections are served at once (cpp-httplib runs one per thread).
//  * A CQL evaluation still computing after `slow_after_ms` frees its slot and waits for one of
//    `slow_threads` (compute_lanes.h): long requests cannot starve short ones. More than 2 × slow_threads
//    long requests at once: the extra ones answer 503.
//  * A request must arrive whole (line, headers, body) within `request_read_ms` of its first byte, or its
//    connection is closed: slow clients cannot hold the connection threads (slowloris).
//  * A request past `timeout_ms` answers 503; export streams are exempt and stop when the client leaves.
//  * JSON answers are kept by URL and generation up to `cache_bytes` (header X-Presser-Cache: hit|miss); a
//    cached answer repeats the took_ms of its first computation. ETags name the generation.
//  * Binding to a host that resolves to any address other than loopback without a token is refused
//    (create() returns the error), as is a host that does not resolve.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "index/index.h"
#include "model/error.h"
#include "server/host_addresses.h"

namespace presser::server {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                  // 0: any free port (see Server::port)
    unsigned threads = 0;             // requests computing at once; 0 = two per core
    unsigned connections = 0;         // connections served at once; 0 = max(256, 32 * threads)
    std::uint64_t timeout_ms = 10000;     // 0: no limit
    unsigned slow_threads = 0;        // long CQL requests computing at once; 0 = half of `threads`, at least 1
    std::uint64_t slow_after_ms = 250;  // a CQL evaluation computing longer than this moves to the slow lane
    std::uint64_t request_read_ms = 10000;  // a request must arrive whole within this of its first byte
    std::uint64_t cache_bytes = 64u << 20;  // JSON answers kept by URL and generation; 0: none
    bool reload = false;                    // serve each new commit of the index directory (presser serve: on)
    std::uint64_t reload_poll_ms = 1000;    // with reload: check the generation at least this often (0: inotify only)
    std::string token;                // when set, every /api request needs "Authorization: Bearer TOKEN" or ?token=
    std::filesystem::path web_dir;    // the built UI; "/" explains how to build it when absent
    // presser serve --watch: folders whose new and changed transcripts are ingested while serving
    // (folder_ingest.h); needs `reload` to serve what they add.
    std::vector<std::filesystem::path> watch_folders;
    std::uint64_t watch_rescan_ms = 2000;        // rescan at least this often besides inotify
    std::uint64_t ingest_memory_bytes = 2ull << 30;  // as `index build --memory`
    std::size_t max_segments = 20;               // merge policy bound (src/index/merge_policy.h)
    // With `token` and `reload`: POST /api/ingest stores uploads of at most this many bytes in INDEX/uploads
    // and ingests them as `watch_folders` are (upload_store.h). Every other request body stays under 64 KB.
    std::uint64_t upload_max_bytes = 32u << 20;
};

// "" when the options can be served, else why not. `resolve` gives the host's addresses (tests inject it).
[[nodiscard]] std::string check_options(const ServerOptions& options, const HostResolver& resolve = resolve_host);

class Server {
public:
    // Tabulates the index and binds the port.
    [[nodiscard]] static Result<std::unique_ptr<Server>> create(const index::Index& index, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    [[nodiscard]] int port() const;
    [[nodiscard]] bool running() const;  // listening (tests wait for it)
    // Serves until stop(); false when the listening socket failed.
    bool run();
    // Thread-safe; run() returns once the requests in flight are answered.
    void stop();
    // Route patterns answered (GET), as registered: "/api/info", "/api/events/{id}" ...
    [[nodiscard]] const std::vector<std::string>& routes() const;
    // The generation of the index answered now.
    [[nodiscard]] std::uint64_t generation() const;
    // Looks for a new commit now (on the watcher's thread with `reload`, else on this one) instead of
    // waiting for inotify or the poll.
    void check_for_commit();
    // With watch_folders: scans them now and returns once that scan's ingest (and merges) committed.
    void ingest_now();
    // The OpenAPI document served at /api/openapi.json.
    [[nodiscard]] static std::string_view openapi();

    struct Impl;

private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace presser::server
