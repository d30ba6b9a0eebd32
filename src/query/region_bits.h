// Internal to src/query: the distinct events and turns that count_hits and sorted_page report.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "index/index.h"
#include "query/concordance.h"

namespace presser::query {

// Distinct events and turns of hits in any order (a thread's share, when counted as a query runs): per
// segment, a bit per event and per turn that holds a hit.
class RegionBits {
public:
    explicit RegionBits(const index::Index& index) : index_(index), segments_(index.segments().size()) {}

    void add(const IndexHit& hit) {
        ++hits_;
        auto& segment = segments_[hit.segment];
        for (int s = 0; s < 2; ++s) {
            const auto& regions = index_.segments()[hit.segment]->regions(kStructures[s]);
            auto& bits = segment.bits[s];
            if (bits.empty()) bits.assign((regions.size() + 63) / 64, 0);
            const auto region = regions.find_from(hit.start, segment.hint[s]);
            if (!region) continue;
            segment.hint[s] = *region;
            bits[*region / 64] |= std::uint64_t{1} << (*region % 64);
        }
    }
    void merge(const RegionBits& other) {
        hits_ += other.hits_;
        for (std::size_t g = 0; g < segments_.size(); ++g)
            for (int s = 0; s < 2; ++s) {
                auto& mine = segments_[g].bits[s];
                const auto& theirs = other.segments_[g].bits[s];
                if (mine.empty()) mine.assign(theirs.size(), 0);
                for (std::size_t w = 0; w < theirs.size(); ++w) mine[w] |= theirs[w];
            }
    }
    [[nodiscard]] HitCounts counts() const {
        HitCounts counts;
        counts.hits = hits_;
        for (const auto& segment : segments_) {
            for (const auto word : segment.bits[0]) counts.events += static_cast<std::uint64_t>(std::popcount(word));
            for (const auto word : segment.bits[1]) counts.turns += static_cast<std::uint64_t>(std::popcount(word));
        }
        return counts;
    }

private:
    static constexpr index::Structure kStructures[2] = {index::Structure::event, index::Structure::turn};
    struct PerSegment {
        std::vector<std::uint64_t> bits[2];
        std::uint64_t hint[2] = {0, 0};
    };
    const index::Index& index_;
    std::vector<PerSegment> segments_;
    std::uint64_t hits_ = 0;
};


}  // namespace presser::query
