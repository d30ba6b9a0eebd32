// cpp-httplib set up for the API: worker pool, timeouts, the auth token, ETag/304, JSON errors, the UI's
// static files; gzip (and brotli) come from the Debian build of httplib, which compresses JSON and text
// answers whenever the client accepts them.
#include <sys/socket.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <thread>

#include "index/mapping_faults.h"
#include "query/concordance.h"
#include "search/searcher.h"
#include "server/api.h"
#include "server/compute_lanes.h"
#include "server/deadline_http_server.h"
#include "server/folder_ingest.h"
#include "server/gzip.h"
#include "server/index_watcher.h"
#include "server/response_cache.h"
#include "server/served_index.h"
#include "server/upload_store.h"
#include "server/utc_now.h"

namespace presser::server {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr std::size_t kGzipMinimum = 1024;  // smaller answers gain nothing worth the CPU
constexpr std::uint64_t kBodyLimit = 64 * 1024;  // request bodies, but for uploads

void write_error(httplib::Response& response, int status, const std::string& message, std::optional<std::uint32_t> column = {}) {
    Json error = {{"status", status}, {"message", message}};
    if (column) error["column"] = *column;
    response.status = status;
    response.set_content(to_text(Json{{"error", error}}), kJson);
}

void write_answer(httplib::Response& response, const CachedAnswer& answer, bool gzip_accepted) {
    response.set_header("Vary", "Accept-Encoding");
    if (gzip_accepted && !answer.gzipped.empty()) {
        response.set_header("Content-Encoding", "gzip");
        response.set_content(answer.gzipped, kJson);
    } else {
        response.set_content(answer.body, kJson);
    }
}

constexpr std::string_view kNotBuilt = R"(<!doctype html>
<html><head><meta charset="utf-8"><title>presser</title></head>
<body><h1>presser</h1><p>The web UI is not built. Run <code>npm install &amp;&amp; npm run build</code> in
<code>web/</code>, or start <code>presser serve</code> with <code>--web DIR</code>. The JSON API answers under
<a href="/api/info"><code>/api/</code></a>; its description is <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>
)";

}  // namespace


std::string check_options(const ServerOptions& options, const HostResolver& resolve) {
    auto addresses = resolve(options.host);
    if (!addresses) return addresses.error().message;
    if (!all_loopback(*addresses) && options.token.empty()) {
        std::string listed;
        for (const auto& address : *addresses) listed += (listed.empty() ? "" : ", ") + address;
        return "refusing to serve on " + options.host + " (" + listed +
               ") without --token: anyone who can reach it could read the index (use --host 127.0.0.1, or set --token)";
    }
    if (options.port < 0 || options.port > 65535) return "--port must be from 0 to 65535";
    return "";
}

double Call::elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

void Call::timed_out() const {
    throw ApiError{503, "timed out after " + std::to_string(api.options.timeout_ms) + " ms"};
}

struct Server::Impl {
    ServerOptions options;
    std::filesystem::path directory;
    std::size_t pool_limit;
    // The generation answered now; each request loads it once, at its start (served_index.h).
    std::atomic<std::shared_ptr<const ServedIndex>> current;
    std::uint64_t swaps = 0;  // on the watcher's thread only: ServedIndex::serial
    SourceReader source_reader;
    // At most `threads` requests compute at once in the fast lane, whatever they do (the event reader and
    // the lists need no Searcher, but left unbounded they share the cores with every waiting connection,
    // and a request holding a Searcher then runs tens of times slower while its queue grows). First come
    // first served. Long CQL evaluations move to the slow lane (compute_lanes.h).
    ComputeLanes compute;
    ResponseCache cache;
    std::mutex status_mutex;
    std::string reloaded_at, last_reload_error, last_reload_error_at;
    std::uint64_t reloads = 0;
    std::function<Json()> live_status;
    DeadlineHttpServer http;
    int listening_socket = -1;
    std::vector<std::string> routes;
    std::string index_html;  // of the UI, for paths only the browser knows
    int port = 0;
    std::unique_ptr<FolderIngest> ingest;
    // POST /api/ingest: "" when uploads are taken, else why not (its 403/409/503 says so).
    std::string uploads_refused;
    std::unique_ptr<IndexWatcher> watcher;  // last: stopped first

    Impl(const index::Index& idx, ServerOptions opts, unsigned threads, unsigned slow_threads)
        : options(std::move(opts)),
          directory(idx.directory()),
          // As many as can be held at once: the fast lane's requests and the slow lane's (running or waiting).
          pool_limit(threads + 2 * slow_threads),
          // The caller's Index must outlive the Server (server.h); generations opened later are owned.
          current(std::make_shared<const ServedIndex>(std::shared_ptr<const index::Index>(&idx, [](const index::Index*) {}), pool_limit)),
          compute(threads, slow_threads, std::chrono::milliseconds(options.slow_after_ms)),
          cache(options.cache_bytes) {
        live_status = [this] { return status(); };
    }

    ~Impl() {
        ingest.reset();
        watcher.reset();
    }

    [[nodiscard]] Json status() {
        std::lock_guard lock(status_mutex);
        Json out = {{"watching", watcher != nullptr},
                    {"reloads", reloads},
                    {"reloaded_at", reloaded_at.empty() ? Json(nullptr) : Json(reloaded_at)},
                    {"last_reload_error", last_reload_error.empty() ? Json(nullptr) : Json(last_reload_error)}};
        if (!last_reload_error.empty()) out["last_reload_error_at"] = last_reload_error_at;
        if (watcher && !watcher->inotify_problem().empty()) out["inotify"] = watcher->inotify_problem();
        if (ingest) out["ingest"] = ingest->status();
        return out;
    }

    // On the watcher's thread: serves the committed generation when it is not the one served. A failed
    // open keeps the old generation and is reported at /api/info until a later reload succeeds.
    void reload() {
        auto committed = committed_generation(directory);
        if (committed && *committed == current.load()->generation) return;
        auto fail = [this](const std::string& message) {
            std::lock_guard lock(status_mutex);
            if (message != last_reload_error) std::fprintf(stderr, "presser serve: reload failed: %s\n", message.c_str());
            last_reload_error = message;
            last_reload_error_at = utc_now();
        };
        if (!committed) return fail(committed.error().describe());
        auto opened = open_served_index(directory, pool_limit, swaps + 1);
        if (!opened) return fail(opened.error().describe());
        swap(std::move(opened.value()));
    }

    void swap(std::shared_ptr<const ServedIndex> next) {
        {
            // First: whoever sees the new generation sees this reload reported.
            std::lock_guard lock(status_mutex);
            ++reloads;
            reloaded_at = utc_now();
            last_reload_error.clear();
            last_reload_error_at.clear();
        }
        swaps = next->serial;
        current.store(std::move(next));
        cache.clear();  // the keys name the generation's serial: this only gives the memory back
    }

    [[nodiscard]] static std::string etag(const ServedIndex& served, const httplib::Request& request) {
        const std::string key = served.identity + "\n" + request.target;
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(key.data(), key.size())));
        return "W/\"" + std::string(hex) + "\"";
    }

    [[nodiscard]] bool authorized(const httplib::Request& request) const {
        if (options.token.empty()) return true;
        if (request.get_header_value("Authorization") == "Bearer " + options.token) return true;
        return request.has_param("token") && request.get_param_value("token") == options.token;
    }

    // Decided from the headers, before the body is read. A chunked body's size is unknown until read:
    // cpp-httplib's payload limit (the larger of the two) then applies.
    [[nodiscard]] static bool body_too_large(const httplib::Request& request, std::uint64_t limit) {
        const auto length = request.get_header_value("Content-Length");
        return !length.empty() && std::strtoull(length.c_str(), nullptr, 10) > limit;
    }

    void upload(const httplib::Request& request, httplib::Response& response) {
        if (!uploads_refused.empty()) {
            const int status = options.token.empty() ? 403 : options.reload ? 503 : 409;
            return write_error(response, status, uploads_refused);
        }
        try {
            UploadRoute route{upload_folder(directory), ingest.get(), [this] { return serve_committed(); }, options.upload_max_bytes};
            auto answer = answer_upload(request, route);
            response.status = answer["state"] == "ingested" ? 200 : 202;
            response.set_content(to_text(answer), kJson);
        } catch (const ApiError& error) {
            write_error(response, error.status, error.message, error.column);
        } catch (const std::exception& error) {
            write_error(response, 500, std::string("internal error: ") + error.what());
        }
    }

    // Asks the watcher to serve the newest commit and waits (up to 30 s) until it does: an upload answered
    // with wait=true is searchable when its answer arrives.
    std::uint64_t serve_committed() {
        auto committed = committed_generation(directory);
        if (!committed) throw ApiError{500, "the upload was ingested but the index cannot be read: " + committed.error().describe()};
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (current.load()->generation < *committed) {
            if (std::chrono::steady_clock::now() > give_up)
                throw ApiError{503, "the upload was ingested (generation " + std::to_string(*committed) + ") but is not served yet; see /api/info"};
            if (watcher) watcher->wake();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return current.load()->generation;
    }

    void add(const Route& route) {
        routes.push_back(route.pattern);
        http.Get(route.regex, [this, handler = route.handler](const httplib::Request& request, httplib::Response& response) {
            const bool gzip_accepted = accepts_gzip(request.get_header_value("Accept-Encoding"));
            auto served = current.load();
            const std::string cache_key = std::to_string(served->serial) + " " + request.target;
            response.set_header("ETag", etag(*served, request));
            if (auto cached = cache.find(cache_key)) {
                response.set_header("X-Presser-Cache", "hit");
                write_answer(response, *cached, gzip_accepted);
                return;
            }
            ApiContext context{served, *served->index, served->tables, options, served->searchers, served->concordancers,
                               served->sources, source_reader, live_status};
            const auto now = std::chrono::steady_clock::now();
            // --timeout-ms 0: no limit (a deadline far enough never to come).
            const auto limit = options.timeout_ms ? std::chrono::milliseconds(options.timeout_ms) : std::chrono::hours(24 * 365);
            Call call{request, response, context, now, now + limit, std::nullopt, {}, true};
            try {
                const auto ticket = compute.enter(call.deadline, options.timeout_ms);
                ClientWatch client(DeadlineHttpServer::current_socket());
                call.checkpoint = [&ticket, &client]() -> std::optional<Error> {
                    if (client.gone()) return stopped_error(ErrorCode::cancelled);
                    return ticket->checkpoint();
                };
                auto body = handler(call);
                if (auto faulted = index::faulted_mapping())
                    throw ApiError{503, faulted->string() + ": the index file was truncated or replaced while the server read it, "
                                        "so the answer is withheld: restart the server (rebuild the index if the file is damaged)"};
                if (body.is_null() && !call.written_body) return;  // the handler answered (a stream, plain text)
                auto answer = std::make_shared<CachedAnswer>();
                answer->body = call.written_body ? std::move(*call.written_body) : to_text(body);
                if (answer->body.size() >= kGzipMinimum && (gzip_accepted || cache.enabled())) answer->gzipped = gzip(answer->body);
                if (cache.enabled()) response.set_header("X-Presser-Cache", "miss");
                write_answer(response, *answer, gzip_accepted);
                if (call.cacheable) cache.insert(cache_key, std::move(answer));
            } catch (const ApiError& error) {
                write_error(response, error.status, error.message, error.column);
            } catch (const std::exception& error) {
                write_error(response, 500, std::string("internal error: ") + error.what());
            }
            if ((response.status != -1 && response.status != 200) || !call.cacheable) response.headers.erase("ETag");
        });
    }

    void configure(unsigned connections) {
        http.new_task_queue = [connections] { return new httplib::ThreadPool(connections); };
        // Headers and body go out in separate writes; with Nagle's algorithm the body would wait for the
        // client's delayed ACK (40 ms on Linux).
        http.set_tcp_nodelay(true);
        http.set_request_read_deadline(std::chrono::milliseconds(options.request_read_ms));
        http.set_write_timeout(60, 0);
        http.set_keep_alive_max_count(1000);
        http.set_keep_alive_timeout(5);
        http.set_payload_max_length(uploads_refused.empty() ? std::max<std::uint64_t>(kBodyLimit, options.upload_max_bytes) : kBodyLimit);
        http.set_socket_options([this](socket_t socket) {
            httplib::default_socket_options(socket);
            listening_socket = socket;
        });
        http.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
            // The payload limit is raised for uploads; every other request keeps 64 KB. This runs before the
            // body is read, so an oversized body is refused without reading it.
            if (request.method == "POST" && request.path == "/api/ingest") {
                if (uploads_refused.empty() && body_too_large(request, options.upload_max_bytes)) {
                    write_error(response, 413, "uploads are limited to " + std::to_string(options.upload_max_bytes) + " bytes (serve --max-upload-mb)");
                    return httplib::Server::HandlerResponse::Handled;
                }
            } else if (body_too_large(request, kBodyLimit)) {
                write_error(response, 413, "request bodies are limited to " + std::to_string(kBodyLimit / 1024) +
                                               " KB (only POST /api/ingest takes larger ones)");
                return httplib::Server::HandlerResponse::Handled;
            }
            if (!request.path.starts_with("/api/")) return httplib::Server::HandlerResponse::Unhandled;
            if (!authorized(request)) {
                response.set_header("WWW-Authenticate", "Bearer");
                write_error(response, 401, "missing or wrong token: send 'Authorization: Bearer TOKEN' or ?token=TOKEN");
                return httplib::Server::HandlerResponse::Handled;
            }
            // An answer depends only on the URL and the generation served (its identity is in the ETag).
            if (request.method == "GET" && request.has_header("If-None-Match")) {
                const auto tag = etag(*current.load(), request);
                if (request.get_header_value("If-None-Match") == tag) {
                    response.status = 304;
                    response.set_header("ETag", tag);
                    return httplib::Server::HandlerResponse::Handled;
                }
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        http.set_post_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
            if (!request.path.starts_with("/api/") || response.status != 200) return;
            response.set_header("Cache-Control", "no-cache");
        });
        http.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
            if (!response.body.empty() || response.status == 304) return;
            // The UI routes in the browser (/events/…): any other GET path gets its index.html.
            if (response.status == 404 && request.method == "GET" && !request.path.starts_with("/api/") && !index_html.empty()) {
                response.status = 200;
                response.set_content(index_html, "text/html; charset=utf-8");
                return;
            }
            if (response.status == 404)
                write_error(response, 404, "no route " + request.method + " " + request.path + " (see /api/openapi.json)");
            else if (response.status == 414)
                write_error(response, 414, "the request's URI is longer than " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) +
                                               " bytes: shorten the query or its filters");
            else write_error(response, response.status, "HTTP status " + std::to_string(response.status));
        });
        http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
            std::string what = "unknown";
            try {
                if (error) std::rethrow_exception(error);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            write_error(response, 500, "internal error: " + what);
        });

        for (const auto& family : {info_routes(), search_routes(), query_routes(), event_routes(), people_routes(),
                                   export_routes(), source_routes(), analysis_routes(), qa_routes(), talking_point_routes(),
                                   suggestion_routes()})
            for (const auto& route : family) add(route);
        add({"/api/openapi.json", "/api/openapi.json", [](Call&) -> Json { return Json::parse(Server::openapi()); }});
        http.Post("/api/ingest", [this](const httplib::Request& request, httplib::Response& response) { upload(request, response); });
        std::error_code error;
        if (!options.web_dir.empty() && std::filesystem::is_directory(options.web_dir, error)) {
            http.set_mount_point("/", options.web_dir.string());
            std::ifstream in(options.web_dir / "index.html", std::ios::binary);
            index_html.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        } else {
            http.Get("/", [](const httplib::Request&, httplib::Response& response) {
                response.set_content(std::string(kNotBuilt), "text/html; charset=utf-8");
            });
        }
    }
};

namespace {

// "" when POST /api/ingest can be served, else why not; creates the upload folder.
std::string uploads_refused(const ServerOptions& options, const std::filesystem::path& directory) {
    if (options.token.empty())
        return "uploads are taken only by a server started with --token (an upload changes the index)";
    if (!options.reload) return "uploads need the server to serve new commits: start it without --no-reload";
    std::error_code error;
    std::filesystem::create_directories(upload_folder(directory), error);
    if (error) return "uploads cannot be stored: " + upload_folder(directory).string() + ": " + error.message();
    return "";
}

}  // namespace

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { stop(); }

Result<std::unique_ptr<Server>> Server::create(const index::Index& index, ServerOptions options) {
    if (auto problem = check_options(options); !problem.empty()) return plain_error(problem);
    // Two computing requests per core by default: with one, a core idles each time a request hands its slot
    // to the next waiter (measured: 1,790 against 1,976-2,016 searches/s on 2 cores, same p99).
    const unsigned threads = options.threads ? options.threads : 2 * std::max(1u, std::thread::hardware_concurrency());
    const unsigned connections = options.connections ? options.connections : std::max(256u, 32 * threads);
    const unsigned slow_threads = options.slow_threads ? options.slow_threads : std::max(1u, threads / 2);
    auto impl = std::make_unique<Impl>(index, std::move(options), threads, slow_threads);
    impl->uploads_refused = uploads_refused(impl->options, impl->directory);
    impl->configure(connections);
    auto& o = impl->options;
    if (o.port == 0) {
        impl->port = impl->http.bind_to_any_port(o.host);
        if (impl->port < 0) return plain_error("cannot bind " + o.host + " to any port");
    } else {
        if (!impl->http.bind_to_port(o.host, o.port))
            return plain_error("cannot bind " + o.host + ":" + std::to_string(o.port) + " (in use?)");
        impl->port = o.port;
    }
    // httplib listens with a backlog of 5: when dozens of clients connect at once (a browser opens six,
    // a load test sixty-four), the connections past it were dropped and retried by the client's TCP after
    // one to three seconds. Listening again on the bound socket only raises the backlog.
    if (impl->listening_socket >= 0) ::listen(impl->listening_socket, SOMAXCONN);
    if (impl->options.reload) {
        auto* raw = impl.get();
        impl->watcher = std::make_unique<IndexWatcher>(impl->directory, std::chrono::milliseconds(impl->options.reload_poll_ms), [raw] { raw->reload(); });
    }
    if (!impl->options.watch_folders.empty() || impl->uploads_refused.empty()) {
        FolderIngestOptions ingest;
        ingest.index = impl->directory;
        ingest.folders = impl->options.watch_folders;
        if (impl->uploads_refused.empty()) ingest.folders.push_back(upload_folder(impl->directory));
        ingest.build.memory_budget = impl->options.ingest_memory_bytes;
        ingest.rescan = std::chrono::milliseconds(impl->options.watch_rescan_ms);
        ingest.max_segments = impl->options.max_segments;
        impl->ingest = std::make_unique<FolderIngest>(std::move(ingest));
    }
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }
bool Server::running() const { return impl_->http.is_running(); }
bool Server::run() { return impl_->http.listen_after_bind(); }
void Server::stop() {
    if (impl_) impl_->http.stop();
}
const std::vector<std::string>& Server::routes() const { return impl_->routes; }
std::uint64_t Server::generation() const { return impl_->current.load()->generation; }
void Server::ingest_now() {
    if (impl_->ingest) impl_->ingest->wait_for_scan();
}
void Server::check_for_commit() {
    if (impl_->watcher) impl_->watcher->wake();
    else impl_->reload();
}

}  // namespace presser::server
