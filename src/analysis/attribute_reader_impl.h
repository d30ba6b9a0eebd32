// occurrences_within(), a template over the span list type (TokenSpan lists).
#pragma once

#include <algorithm>

namespace presser::analysis {

template <typename Spans>
std::uint64_t occurrences_within(const index::Segment& segment, index::Attribute attribute, std::uint32_t term,
                                 const Spans& spans) {
    if (spans.empty() || term >= segment.lexicon(attribute).size()) return 0;
    if (spans.size() == 1 && spans.front().start == 0 && spans.front().end >= segment.tokens())
        return segment.lexicon(attribute).count(term);
    auto cursor = segment.postings(attribute, term);
    std::uint64_t count = 0;
    auto span = spans.begin();
    while (cursor.valid() && span != spans.end()) {
        const auto position = cursor.value();
        if (position < span->start) {
            cursor.seek(span->start);
        } else if (position >= span->end) {
            span = std::upper_bound(span, spans.end(), position, [](std::uint32_t p, const auto& s) { return p < s.end; });
        } else {
            const auto before = cursor.ordinal();
            cursor.seek(span->end);
            count += cursor.ordinal() - before;
            ++span;
        }
    }
    return count;
}

}  // namespace presser::analysis
