// Internal to src/server: what the route files share. A route handler reads its parameters (json_params.h),
// calls the library and returns JSON; problems are thrown as ApiError and answered as the contract's error
// body by the router (http_server.cpp), so handlers stay straight-line.
#pragma once

#include <httplib.h>

#include <chrono>
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "server/corpus_tables.h"
#include "server/recorded_sources.h"
#include "server/source_reader.h"
#include "server/server.h"

namespace presser::query {
class Concordancer;
}
namespace presser::search {
class Searcher;
}

namespace presser::server {

using Json = nlohmann::ordered_json;

// JSON text; invalid UTF-8 (only possible in echoed parameters) becomes U+FFFD instead of an exception.
inline std::string to_text(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

struct ApiError {
    ApiError(int status_, std::string message_, std::optional<std::uint32_t> column_ = std::nullopt)
        : status(status_), message(std::move(message_)), column(column_) {}
    int status;
    std::string message;
    std::optional<std::uint32_t> column;  // query syntax errors: 1-based
};

// Objects that are not thread-safe, lent to one request at a time; at most `limit` exist.
template <class T>
class Pool {
public:
    Pool(std::size_t limit, std::function<std::unique_ptr<T>()> make) : limit_(limit), make_(std::move(make)) {}

    class Lease {
    public:
        Lease(Pool* pool, std::unique_ptr<T> object) : pool_(pool), object_(std::move(object)) {}
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (object_) pool_->give_back(std::move(object_));
        }
        T& operator*() const { return *object_; }
        T* operator->() const { return object_.get(); }

    private:
        Pool* pool_;
        std::unique_ptr<T> object_;
    };

    // Waits for a free object until `deadline`, first come first served (so that under overload every
    // request waits about as long, instead of some starving); ApiError 503 after it. Each waiter sleeps on
    // its own condition variable and only the first in line is woken, so a returned object wakes one
    // thread, not every waiting connection.
    Lease take(std::chrono::steady_clock::time_point deadline, std::uint64_t timeout_ms) {
        std::unique_lock lock(mutex_);
        Waiter me;
        waiting_.push_back(&me);
        const bool served = me.ready.wait_until(lock, deadline, [&] {
            return waiting_.front() == &me && (!free_.empty() || created_ < limit_);
        });
        waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
        if (!served) {
            wake_first();  // it may have been waiting behind this one
            throw ApiError{503, "timed out after " + std::to_string(timeout_ms) + " ms waiting for a free worker"};
        }
        if (!free_.empty()) {
            auto object = std::move(free_.back());
            free_.pop_back();
            wake_first();  // another object may be free too
            return Lease(this, std::move(object));
        }
        ++created_;
        wake_first();
        lock.unlock();
        return Lease(this, make_());
    }

private:
    struct Waiter {
        std::condition_variable ready;
    };
    // With the lock held (a waiter leaves the queue only under it, so the pointer is valid).
    void wake_first() {
        if (!waiting_.empty()) waiting_.front()->ready.notify_one();
    }
    void give_back(std::unique_ptr<T> object) {
        std::lock_guard lock(mutex_);
        free_.push_back(std::move(object));
        wake_first();
    }
    std::mutex mutex_;
    std::vector<std::unique_ptr<T>> free_;
    std::deque<Waiter*> waiting_;  // in arrival order
    std::size_t created_ = 0;
    std::size_t limit_;
    std::function<std::unique_ptr<T>()> make_;
};

struct ServedIndex;

// Everything a handler may use, from the generation of the index current when the request started
// (served_index.h): the pools lock, the rest is immutable.
struct ApiContext {
    // Keeps the generation alive while the request runs; a handler that answers later (a chunked export)
    // captures it so that the segments it streams from stay mapped to its last byte.
    std::shared_ptr<const ServedIndex> served;
    const index::Index& index;
    const CorpusTables& tables;
    const ServerOptions& options;
    Pool<search::Searcher>& searchers;
    Pool<query::Concordancer>& concordancers;
    const Result<RecordedSources>& sources;  // read at startup; an error is answered by /api/source only
    SourceReader& source_reader;
    // Reloads and background ingests, for /api/info: generation, reloaded_at, last_reload_error...
    const std::function<Json()>& live_status;
};

// One request being answered.
struct Call {
    const httplib::Request& request;
    httplib::Response& response;
    ApiContext& api;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point deadline;
    std::optional<std::string> written_body;  // JSON text a route wrote itself (json_writer.h)
    // For the request's evaluation loops (QueryOptions::checkpoint): moves a long request to the slow lane.
    std::function<std::optional<Error>()> checkpoint;
    bool cacheable = true;  // false: an answer that changes within a generation (no cache entry, no ETag)
    [[nodiscard]] double elapsed_ms() const;
    [[noreturn]] void timed_out() const;  // throws the 503
};

// A JSON route: returns the body; or writes the body's JSON text into call.written_body and returns null;
// or fills call.response itself (export, source) and returns null.
using JsonRoute = std::function<Json(Call&)>;
struct Route {
    std::string pattern;  // OpenAPI form: /api/events/{id}
    std::string regex;    // httplib form
    JsonRoute handler;
};

std::vector<Route> info_routes();
std::vector<Route> search_routes();
std::vector<Route> query_routes();   // query, groups, timeline
std::vector<Route> event_routes();   // events list and reader
std::vector<Route> people_routes();  // speakers, outlets
std::vector<Route> export_routes();
std::vector<Route> source_routes();
std::vector<Route> analysis_routes();  // subcorpora, freq, keyness, colloc, ngrams
std::vector<Route> qa_routes();        // question-and-answer aggregates
std::vector<Route> talking_point_routes();  // talking points and "where else was this said"
std::vector<Route> suggestion_routes();    // suggestions for the filter inputs

class FolderIngest;
// POST /api/ingest (api_ingest.cpp), on a server that accepts uploads.
struct UploadRoute {
    std::filesystem::path folder;                   // upload_store.h: INDEX/uploads
    FolderIngest* ingest;                           // ingests the folder (with any --watch folders)
    std::function<std::uint64_t()> serve_committed;  // serves the newest commit; returns its generation
    std::uint64_t max_bytes;                        // larger uploads: 413
};
// The answer's JSON (wait=true: after the upload's ingest, and served), or ApiError.
[[nodiscard]] Json answer_upload(const httplib::Request& request, const UploadRoute& route);

}  // namespace presser::server
