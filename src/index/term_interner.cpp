#include "index/term_interner.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>

namespace presser::index {
namespace {
constexpr std::size_t kChunk = 1 << 16;
}

TermInterner::TermInterner(std::size_t expected) : slots_(std::bit_ceil(std::max<std::size_t>(16, expected * 2))) {}

std::uint64_t TermInterner::hash_of(std::string_view term) { return XXH3_64bits(term.data(), term.size()); }

std::optional<std::uint32_t> TermInterner::find(std::string_view term) const {
    const std::uint64_t hash = hash_of(term);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.id == UINT32_MAX) return std::nullopt;
        if (slot.hash == hash && terms_[slot.id] == term) return slot.id;
    }
}

std::string_view TermInterner::store(std::string_view term) {
    if (chunks_.empty() || chunk_used_ + term.size() > chunk_size_) {
        chunk_size_ = std::max(kChunk, term.size());
        chunks_.push_back(std::make_unique<char[]>(chunk_size_));
        chunk_used_ = 0;
    }
    char* at = chunks_.back().get() + chunk_used_;
    if (!term.empty()) std::memcpy(at, term.data(), term.size());
    chunk_used_ += term.size();
    bytes_ += term.size();
    return {at, term.size()};
}

std::pair<std::uint32_t, bool> TermInterner::intern(std::string_view term) {
    const std::uint64_t hash = hash_of(term);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.id == UINT32_MAX) {
            slot.hash = hash;
            slot.id = static_cast<std::uint32_t>(terms_.size());
            terms_.push_back(store(term));
            const std::uint32_t id = slot.id;
            if (terms_.size() * 2 > slots_.size()) grow();
            return {id, true};
        }
        if (slot.hash == hash && terms_[slot.id] == term) return {slot.id, false};
    }
}

void TermInterner::grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    const std::size_t mask = bigger.size() - 1;
    for (const auto& slot : slots_) {
        if (slot.id == UINT32_MAX) continue;
        std::size_t i = slot.hash & mask;
        while (bigger[i].id != UINT32_MAX) i = (i + 1) & mask;
        bigger[i] = slot;
    }
    slots_.swap(bigger);
}

std::size_t TermInterner::memory() const {
    return slots_.size() * sizeof(Slot) + terms_.capacity() * sizeof(std::string_view) + bytes_ + chunks_.size() * 16;
}

void TermInterner::sorted_order(std::vector<std::uint32_t>& by_rank, std::vector<std::uint32_t>& rank_of) const {
    by_rank.resize(terms_.size());
    std::iota(by_rank.begin(), by_rank.end(), 0u);
    std::sort(by_rank.begin(), by_rank.end(), [&](std::uint32_t a, std::uint32_t b) { return terms_[a] < terms_[b]; });
    rank_of.assign(terms_.size(), 0);
    for (std::uint32_t rank = 0; rank < by_rank.size(); ++rank) rank_of[by_rank[rank]] = rank;
}

}  // namespace presser::index
