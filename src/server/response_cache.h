// Answers kept by key: the URL and the generation of the index served (a JSON answer depends only on
// those, the same reasoning as the ETag); a repeated first page costs a lookup instead of a search. Least
// recently used entries go first once the byte budget is spent. Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace presser::server {

struct CachedAnswer {
    std::string body;  // JSON
    std::string gzipped;
};

class ResponseCache {
public:
    explicit ResponseCache(std::uint64_t budget_bytes) : budget_(budget_bytes) {}
    [[nodiscard]] std::shared_ptr<const CachedAnswer> find(const std::string& url);
    void insert(const std::string& url, std::shared_ptr<const CachedAnswer> answer);
    void clear();
    [[nodiscard]] bool enabled() const { return budget_ > 0; }

private:
    struct Entry {
        std::string url;
        std::shared_ptr<const CachedAnswer> answer;
    };
    [[nodiscard]] static std::uint64_t cost(const Entry& entry);
    std::mutex mutex_;
    std::list<Entry> order_;  // most recent first
    std::unordered_map<std::string, std::list<Entry>::iterator> by_url_;
    std::uint64_t budget_ = 0, used_ = 0;
};

}  // namespace presser::server
