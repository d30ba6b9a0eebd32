// A bounded word -> string memo: words repeat, so lower() and lemma() remember their answers. When it
// grows past its limit it starts again empty (cheaper than LRU bookkeeping, and vocabularies plateau).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace presser::text {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

class StringCache {
public:
    explicit StringCache(std::size_t limit = 1 << 20) : limit_(limit) {}

    template <typename Compute>
    const std::string& get(std::string_view key, Compute&& compute) {
        if (auto found = map_.find(key); found != map_.end()) return found->second;
        if (map_.size() >= limit_) map_.clear();
        return map_.emplace(std::string(key), compute(key)).first->second;
    }

private:
    std::size_t limit_;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> map_;
};

}  // namespace presser::text
