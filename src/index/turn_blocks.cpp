#include "index/turn_blocks.h"

#include <algorithm>

namespace presser::index {

void impact_hull(std::vector<ImpactPoint>& entries, std::vector<ImpactPoint>& hull) {
    // The best entry maximises frequency / (length + s), s = (1 - b) * avglen / b >= 0: the largest slope
    // seen from (-s, 0), which is a vertex of the upper hull.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second < b.second : a.first > b.first;
    });
    __extension__ using Wide = __int128;
    auto cross = [](const ImpactPoint& a, const ImpactPoint& b, const ImpactPoint& c) {  // (b - a) x (c - a)
        return (Wide{b.second} - a.second) * (Wide{c.first} - a.first) - (Wide{b.first} - a.first) * (Wide{c.second} - a.second);
    };
    hull.clear();
    for (const auto& entry : entries) {
        if (!hull.empty() && entry.first <= hull.back().first) continue;  // longer and no more frequent
        // A vertex on or under the segment between its neighbours never has the largest slope alone.
        while (hull.size() >= 2 && cross(hull[hull.size() - 2], hull.back(), entry) >= 0) hull.pop_back();
        hull.push_back(entry);
    }
}

TurnBlocks::TurnBlocks(std::string_view bytes, std::uint64_t blocks) {
    if (blocks == 0 || blocks > (bytes.size() - std::min<std::size_t>(bytes.size(), 4)) / 12) return;
    const auto total = load<std::uint32_t>(bytes.data() + blocks * 12);
    if (total > (bytes.size() - blocks * 12 - 4) / 8) return;
    data_ = bytes.data();
    size_ = blocks;
    points_ = bytes.data() + blocks * 12 + 4;
    point_total_ = total;
}

TurnBlock TurnBlocks::operator[](std::uint64_t index) const {
    const char* at = data_ + index * 12;
    TurnBlock block;
    block.offset = load<std::uint32_t>(at);
    block.previous = load<std::uint32_t>(at + 4);
    const auto first = load<std::uint32_t>(at + 8);
    const auto end = index + 1 < size_ ? load<std::uint32_t>(at + 20) : point_total_;
    if (first <= end && end <= point_total_) {
        block.points = points_ + first * 8ull;
        block.point_count = end - first;
    }
    return block;
}

void append_turn_blocks(std::vector<std::uint32_t>& out, const std::vector<std::uint32_t>& offsets,
                        const std::vector<std::uint32_t>& previous, const std::vector<std::vector<ImpactPoint>>& hulls) {
    std::uint32_t first = 0;
    for (std::size_t b = 0; b < offsets.size(); ++b) {
        out.insert(out.end(), {offsets[b], previous[b], first});
        first += static_cast<std::uint32_t>(hulls[b].size());
    }
    out.push_back(first);
    for (const auto& hull : hulls)
        for (const auto& [frequency, length] : hull) out.insert(out.end(), {frequency, length});
}

}  // namespace presser::index
