#include "query/hit_sample.h"

#include <algorithm>
#include <deque>
#include <string>

#include "query/region_bits.h"

namespace presser::query {

namespace {

// SplitMix64's finaliser: a bijection of 64-bit numbers whose output bits each depend on every input bit.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

struct Ranked {
    std::uint64_t rank = 0;
    IndexHit hit;
    bool operator<(const Ranked& other) const { return rank != other.rank ? rank < other.rank : hit < other.hit; }
};

// The `keep` hits of lowest rank among those offered: a max-heap whose top is the highest rank kept.
class LowestRanks {
public:
    LowestRanks(std::uint64_t seed, std::uint64_t keep) : seed_(mix(seed)), keep_(keep) {}

    void offer(const IndexHit& hit) {
        const Ranked ranked{mix(mix(seed_ ^ (std::uint64_t{hit.segment} << 32 | hit.start)) ^ hit.end), hit};
        if (heap_.size() < keep_) {
            heap_.push_back(ranked);
            std::push_heap(heap_.begin(), heap_.end());
        } else if (ranked < heap_.front()) {
            std::pop_heap(heap_.begin(), heap_.end());
            heap_.back() = ranked;
            std::push_heap(heap_.begin(), heap_.end());
        }
    }
    [[nodiscard]] const std::vector<Ranked>& kept() const { return heap_; }

private:
    std::uint64_t seed_;
    std::uint64_t keep_;
    std::vector<Ranked> heap_;
};

struct ThreadShare {
    ThreadShare(const index::Index& index, std::uint64_t seed, std::uint64_t keep) : bits(index), lowest(seed, keep) {}
    RegionBits bits;
    LowestRanks lowest;
};

}  // namespace

Result<HitSample> sample_hits(const CorpusQuery& query, std::uint64_t size, std::uint64_t seed, unsigned threads) {
    if (size > kMaxSampleLines)
        return plain_error("a sample holds at most " + std::to_string(kMaxSampleLines) + " lines (asked for " + std::to_string(size) +
                           "): take a smaller sample, or page the hits in corpus order");
    const auto& index = query.index();
    if (threads == 0) threads = hardware_threads();
    std::deque<ThreadShare> shares;  // one per thread, never moved
    for (unsigned t = 0; t < threads; ++t) shares.emplace_back(index, seed, size);
    auto used = query.for_each_parallel(threads, [&](unsigned worker, const IndexHit& hit) {
        auto& share = shares[worker];
        share.bits.add(hit);
        if (size > 0) share.lowest.offer(hit);
    });
    if (!used) return used.error();

    HitSample sample;
    for (unsigned t = 1; t < threads; ++t) shares[0].bits.merge(shares[t].bits);
    sample.counts = shares[0].bits.counts();
    // The lowest ranks overall are among each thread's lowest.
    std::vector<Ranked> candidates;
    for (const auto& share : shares) candidates.insert(candidates.end(), share.lowest.kept().begin(), share.lowest.kept().end());
    const auto taken = std::min<std::size_t>(candidates.size(), size);
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(taken), candidates.end());
    for (std::size_t i = 0; i < taken; ++i) sample.hits.push_back(candidates[i].hit);
    std::sort(sample.hits.begin(), sample.hits.end());
    return sample;
}

}  // namespace presser::query
