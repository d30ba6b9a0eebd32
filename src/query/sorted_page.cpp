#include "query/sorted_page.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <string>

#include "query/region_bits.h"

namespace presser::query {

namespace {

using index::Attribute;
using index::Segment;

// The order of sort_hits() between two hits of one segment, read from term ids instead of strings: a
// segment's lexicons are sorted, so ids compare as their terms do. A token's code is its id + 2; 0 marks the
// end of a key (a prefix sorts first) and 1 an id the lexicon lacks, which sort_hits reads as "".
class SegmentKeyOrder {
public:
    SegmentKeyOrder(const Segment& segment, const std::vector<SortKey>& keys, std::uint32_t depth)
        : segment_(segment), keys_(keys), depth_(depth) {
        for (const auto& key : keys) {
            const auto a = static_cast<std::size_t>(key.attribute);
            const auto& lexicon = segment.lexicon(key.attribute);
            sizes_[a] = lexicon.size();
            invalid_[a] = lexicon.size() > 0 && lexicon.term(0).empty() ? 2 : 1;
            if (lexicon.size() >= kCodeLimit - 2) prefix_codes_fit_ = false;
        }
    }

    // The first key's first two codes in one number: most pairs of hits differ there.
    [[nodiscard]] std::uint64_t prefix(const IndexHit& hit) const {
        if (!prefix_codes_fit_) return 0;
        const std::uint64_t packed = code(keys_[0], hit, 0) << 32 | code(keys_[0], hit, 1);
        return keys_[0].descending ? ~packed : packed;
    }

    // <0, 0, >0 as `a` sorts before, with or after `b` by the keys alone.
    [[nodiscard]] int compare(const IndexHit& a, const IndexHit& b) const {
        for (const auto& key : keys_)
            for (std::uint32_t i = 0; i < depth_; ++i) {
                const auto x = code(key, a, i);
                const auto y = code(key, b, i);
                if (x != y) return (x < y) != key.descending ? -1 : 1;
                if (x == 0) break;
            }
        return 0;
    }

private:
    static constexpr std::uint64_t kCodeLimit = std::uint64_t{1} << 32;

    [[nodiscard]] std::uint64_t code(const SortKey& key, const IndexHit& hit, std::uint32_t i) const {
        if (i >= depth_) return 0;
        std::uint64_t position = 0;
        switch (key.part) {
            case SortKey::Part::match:
                if (std::uint64_t{hit.start} + i >= hit.end) return 0;
                position = std::uint64_t{hit.start} + i;
                break;
            case SortKey::Part::left:
                if (i >= hit.start) return 0;
                position = hit.start - 1 - i;
                break;
            case SortKey::Part::right:
                position = std::uint64_t{hit.end} + i;
                if (position >= segment_.tokens()) return 0;
                break;
        }
        const auto a = static_cast<std::size_t>(key.attribute);
        const std::uint64_t id = segment_.term_at(key.attribute, position);
        return id < sizes_[a] ? id + 2 : invalid_[a];
    }

    const Segment& segment_;
    const std::vector<SortKey>& keys_;
    std::uint32_t depth_;
    std::uint64_t sizes_[3] = {0, 0, 0};
    std::uint64_t invalid_[3] = {1, 1, 1};
    bool prefix_codes_fit_ = true;
};

struct Candidate {
    std::uint64_t prefix = 0;
    IndexHit hit;
};

// The `keep` first hits of one segment in sort order, among those it was shown: a max-heap whose top is the
// last of them, so a later hit either replaces it or is dropped after one comparison of prefixes (mostly).
class SegmentTopHits {
public:
    SegmentTopHits(const Segment& segment, const std::vector<SortKey>& keys, std::uint32_t depth, std::uint64_t keep)
        : order_(segment, keys, depth), keep_(keep) {}

    void offer(const IndexHit& hit) {
        const auto before = [this](const Candidate& a, const Candidate& b) {
            if (a.prefix != b.prefix) return a.prefix < b.prefix;
            if (const int c = order_.compare(a.hit, b.hit); c != 0) return c < 0;
            return a.hit < b.hit;
        };
        const Candidate candidate{order_.prefix(hit), hit};
        if (heap_.size() < keep_) {
            heap_.push_back(candidate);
            std::push_heap(heap_.begin(), heap_.end(), before);
        } else if (before(candidate, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), before);
            heap_.back() = candidate;
            std::push_heap(heap_.begin(), heap_.end(), before);
        }
    }
    [[nodiscard]] const std::vector<Candidate>& kept() const { return heap_; }

private:
    SegmentKeyOrder order_;
    std::uint64_t keep_;
    std::vector<Candidate> heap_;
};

struct ThreadShare {
    explicit ThreadShare(const index::Index& index) : bits(index), segments(index.segments().size()) {}
    RegionBits bits;
    std::vector<std::optional<SegmentTopHits>> segments;
};

}  // namespace

Result<SortedPage> sorted_page(const CorpusQuery& query, const std::vector<SortKey>& keys, std::uint64_t offset, std::uint64_t limit,
                               std::uint32_t depth, unsigned threads) {
    const std::uint64_t keep = offset + limit;
    if (keep > kMaxSortedLines || keep < offset)
        return plain_error("a sorted page must end within the first " + std::to_string(kMaxSortedLines) +
                           " lines (this one ends at line " + std::to_string(keep) +
                           "): narrow the query, or take its hits in corpus order");
    const auto& index = query.index();
    if (threads == 0) threads = hardware_threads();
    std::deque<ThreadShare> shares;  // one per thread, never moved
    for (unsigned t = 0; t < threads; ++t) shares.emplace_back(index);
    auto used = query.for_each_parallel(threads, [&](unsigned worker, const IndexHit& hit) {
        auto& share = shares[worker];
        share.bits.add(hit);
        if (keep == 0 || keys.empty()) return;
        auto& top = share.segments[hit.segment];
        if (!top) top.emplace(*index.segments()[hit.segment], keys, depth, keep);
        top->offer(hit);
    });
    if (!used) return used.error();

    SortedPage page;
    for (unsigned t = 1; t < threads; ++t) shares[0].bits.merge(shares[t].bits);
    page.counts = shares[0].bits.counts();
    if (keep == 0) return page;
    if (keys.empty()) {
        auto hits = query.page(offset, limit);
        if (!hits) return hits.error();
        page.hits = std::move(hits.value());
        return page;
    }
    // The page is among the candidates each thread kept per segment; across segments only strings compare.
    std::vector<IndexHit> candidates;
    for (const auto& share : shares)
        for (const auto& top : share.segments)
            if (top)
                for (const auto& candidate : top->kept()) candidates.push_back(candidate.hit);
    std::sort(candidates.begin(), candidates.end());
    sort_hits(index, candidates, keys, depth);
    for (std::uint64_t i = offset; i < candidates.size() && i < keep; ++i) page.hits.push_back(candidates[i]);
    return page;
}

}  // namespace presser::query
