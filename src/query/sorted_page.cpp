#include "query/sorted_page.h"

#include <algorithm>
#include <array>
#include <deque>
#include <optional>
#include <string>

#include "query/region_bits.h"

namespace presser::query {

namespace {

using index::Attribute;
using index::Segment;

constexpr std::size_t kMaxKeys = 4;  // parse_sort_keys allows no more

// A hit with what its comparisons read most: the first key's first two codes in one number, and the code of
// each metadata key (read once here, since it takes a region lookup).
struct Candidate {
    std::uint64_t prefix = 0;
    IndexHit hit;
    std::array<std::uint32_t, kMaxKeys> metadata{};
};

// The order of sort_hits() between two hits of one segment, read from ids instead of strings: a segment's
// lexicons and the value tables of its region columns are sorted, so ids compare as their strings do. A
// token's or value's code is its id + 2; 0 marks the end of a key (a prefix sorts first) and 1 an id the
// lexicon lacks (or a hit outside any region, or a missing column), which sort_hits reads as "".
class SegmentKeyOrder {
public:
    SegmentKeyOrder(const Segment& segment, const std::vector<SortKey>& keys, std::uint32_t depth)
        : segment_(segment), keys_(keys), depth_(depth) {
        for (std::size_t k = 0; k < keys.size() && k < kMaxKeys; ++k) {
            const auto& key = keys[k];
            if (const auto where = metadata_column(key.part)) {
                auto& column = columns_[k];
                column.regions = &segment.regions(where->structure);
                column.values = column.regions->column(where->column);
                if (column.values && column.values->numeric()) column.values = nullptr;
                if (column.values && column.values->values().size() > 0 && column.values->values().at(0).empty()) column.empty_code = 2;
                if (column.values && column.values->values().size() >= kCodeLimit - 2) prefix_codes_fit_ = false;
                continue;
            }
            const auto a = static_cast<std::size_t>(key.attribute);
            const auto& lexicon = segment.lexicon(key.attribute);
            sizes_[a] = lexicon.size();
            invalid_[a] = lexicon.size() > 0 && lexicon.term(0).empty() ? 2 : 1;
            if (lexicon.size() >= kCodeLimit - 2) prefix_codes_fit_ = false;
        }
    }

    [[nodiscard]] Candidate candidate(const IndexHit& hit) {
        Candidate c;
        c.hit = hit;
        for (std::size_t k = 0; k < keys_.size() && k < kMaxKeys; ++k)
            if (columns_[k].regions) c.metadata[k] = metadata_code(columns_[k], hit);
        if (prefix_codes_fit_) {
            const std::uint64_t packed = code(0, c, 0) << 32 | code(0, c, 1);
            c.prefix = keys_[0].descending ? ~packed : packed;
        }
        return c;
    }

    // <0, 0, >0 as `a` sorts before, with or after `b` by the keys alone.
    [[nodiscard]] int compare(const Candidate& a, const Candidate& b) const {
        for (std::size_t k = 0; k < keys_.size(); ++k)
            for (std::uint32_t i = 0; i < depth_ || (i == 0 && columns_[k].regions); ++i) {
                const auto x = code(k, a, i);
                const auto y = code(k, b, i);
                if (x != y) return (x < y) != keys_[k].descending ? -1 : 1;
                if (x == 0) break;
            }
        return 0;
    }

private:
    static constexpr std::uint64_t kCodeLimit = std::uint64_t{1} << 32;

    struct Column {
        const index::Regions* regions = nullptr;  // set for a metadata key
        const index::RegionColumn* values = nullptr;
        std::uint32_t empty_code = 1;
        std::uint64_t hint = 0;  // the region last found: a segment's hits come in corpus order
    };

    std::uint32_t metadata_code(Column& column, const IndexHit& hit) {
        const auto region = column.regions->find_from(hit.start, column.hint);
        if (!region || !column.values) return column.empty_code;
        column.hint = *region;
        const auto id = column.values->id(*region);
        return id < column.values->values().size() ? id + 2 : column.empty_code;
    }

    [[nodiscard]] std::uint64_t code(std::size_t k, const Candidate& c, std::uint32_t i) const {
        const auto& key = keys_[k];
        const auto& hit = c.hit;
        if (columns_[k].regions) return i == 0 ? c.metadata[k] : 0;  // one value, whatever the depth
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
            default: return 0;  // metadata keys are answered above
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
    std::array<Column, kMaxKeys> columns_{};
    bool prefix_codes_fit_ = true;
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
            if (const int c = order_.compare(a, b); c != 0) return c < 0;
            return a.hit < b.hit;
        };
        const Candidate candidate = order_.candidate(hit);
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
