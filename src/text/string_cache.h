// A bounded word -> string memo: words repeat, so lower() and lemma() remember their answers. Open
// addressing over one flat table, keys and values in one arena: a lookup touches two cache lines, where
// std::unordered_map chases nodes (it was the largest cost of lemmatising a token). When it grows past its
// limit it starts again empty (cheaper than LRU bookkeeping, and vocabularies plateau).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace presser::text {

class StringCache {
public:
    explicit StringCache(std::size_t limit = 1 << 20) : limit_(limit) { slots_.resize(1024); }

    // The cached value for `key`, computing and storing it on a miss. The view is valid until the next call.
    template <typename Compute>
    std::string_view get(std::string_view key, Compute&& compute) {
        const std::uint64_t hash = std::hash<std::string_view>{}(key) | 1;  // 0 marks an empty slot
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.hash == 0) break;
            if (slot.hash == hash && slot.key_length == key.size() &&
                std::string_view(arena_).substr(slot.key_offset, slot.key_length) == key)
                return std::string_view(arena_).substr(slot.key_offset + slot.key_length, slot.value_length);
        }
        std::string value = compute(key);
        if (size_ >= limit_) clear();
        if ((size_ + 1) * 2 > slots_.size()) grow();
        mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        while (slots_[i].hash != 0) i = (i + 1) & mask;
        Slot& slot = slots_[i];
        slot.hash = hash;
        slot.key_offset = arena_.size();
        slot.key_length = static_cast<std::uint32_t>(key.size());
        slot.value_length = static_cast<std::uint32_t>(value.size());
        arena_.append(key);
        arena_.append(value);
        ++size_;
        return std::string_view(arena_).substr(slot.key_offset + slot.key_length, slot.value_length);
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::size_t key_offset = 0;
        std::uint32_t key_length = 0;
        std::uint32_t value_length = 0;
    };

    void clear() {
        slots_.assign(1024, Slot{});
        arena_.clear();
        size_ = 0;
    }

    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.hash == 0) continue;
            std::size_t i = slot.hash & mask;
            while (slots_[i].hash != 0) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }

    std::size_t limit_;
    std::size_t size_ = 0;
    std::vector<Slot> slots_;
    std::string arena_;
};

}  // namespace presser::text
