#include "server/response_cache.h"

namespace presser::server {

std::uint64_t ResponseCache::cost(const Entry& entry) {
    return 2 * entry.url.size() + entry.answer->body.size() + entry.answer->gzipped.size() + 128;
}

std::shared_ptr<const CachedAnswer> ResponseCache::find(const std::string& url) {
    if (!enabled()) return nullptr;
    std::lock_guard lock(mutex_);
    const auto found = by_url_.find(url);
    if (found == by_url_.end()) return nullptr;
    order_.splice(order_.begin(), order_, found->second);
    return found->second->answer;
}

void ResponseCache::insert(const std::string& url, std::shared_ptr<const CachedAnswer> answer) {
    if (!enabled()) return;
    Entry entry{url, std::move(answer)};
    const auto size = cost(entry);
    if (size > budget_ / 4) return;  // one huge answer must not flush everything else
    std::lock_guard lock(mutex_);
    if (const auto found = by_url_.find(url); found != by_url_.end()) {
        used_ -= cost(*found->second);
        order_.erase(found->second);
        by_url_.erase(found);
    }
    order_.push_front(std::move(entry));
    by_url_[url] = order_.begin();
    used_ += size;
    while (used_ > budget_ && !order_.empty()) {
        used_ -= cost(order_.back());
        by_url_.erase(order_.back().url);
        order_.pop_back();
    }
}

void ResponseCache::clear() {
    std::lock_guard lock(mutex_);
    order_.clear();
    by_url_.clear();
    used_ = 0;
}

}  // namespace presser::server
