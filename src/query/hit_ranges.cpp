#include "query/hit_ranges.h"

#include <algorithm>

namespace presser::query {

std::vector<TextRange> hit_ranges(const index::Segment& segment, std::uint64_t index, const index::StoredParagraph& paragraph,
                                  const std::vector<IndexHit>& hits) {
    std::vector<TextRange> out;
    const auto& paragraphs = segment.regions(index::Structure::p);
    if (index >= paragraphs.size()) return out;
    const std::uint32_t first = paragraphs.start(index);
    const auto tokens = static_cast<std::uint32_t>(paragraph.token_offsets.size());
    const auto text_size = static_cast<std::uint32_t>(paragraph.text.size());
    const auto& words = segment.lexicon(index::Attribute::word);
    for (const auto& hit : hits) {
        if (hit.end <= first || hit.start >= first + tokens || hit.end <= hit.start) continue;
        const std::uint32_t from = std::max(hit.start, first) - first;
        const std::uint32_t last = std::min(hit.end, first + tokens) - 1 - first;
        const auto word = segment.term_at(index::Attribute::word, first + last);
        const auto length = word < words.size() ? static_cast<std::uint32_t>(words.term(word).size()) : 0u;
        TextRange range{paragraph.token_offsets[from], std::min(text_size, paragraph.token_offsets[last] + length)};
        if (range.end > range.begin) out.push_back(range);
    }
    std::sort(out.begin(), out.end(), [](const TextRange& a, const TextRange& b) { return a.begin < b.begin; });
    std::vector<TextRange> merged;
    for (const auto& r : out) {
        if (!merged.empty() && r.begin <= merged.back().end) merged.back().end = std::max(merged.back().end, r.end);
        else merged.push_back(r);
    }
    return merged;
}

}  // namespace presser::query
