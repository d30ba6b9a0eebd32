#include "analysis/token_spans.h"

#include <algorithm>

namespace presser::analysis {

std::uint64_t TokenSpans::tokens() const {
    std::uint64_t total = 0;
    for (const auto& list : segments)
        for (const auto& span : list) total += span.end - span.start;
    return total;
}

void normalise(std::vector<TokenSpan>& spans) {
    std::erase_if(spans, [](const TokenSpan& span) { return span.end <= span.start; });
    std::sort(spans.begin(), spans.end());
    std::size_t kept = 0;
    for (const auto& span : spans) {
        if (kept > 0 && span.start <= spans[kept - 1].end) {
            spans[kept - 1].end = std::max(spans[kept - 1].end, span.end);
        } else {
            spans[kept++] = span;
        }
    }
    spans.resize(kept);
}

namespace {

std::vector<TokenSpan> live_spans(const index::Segment& segment) {
    std::vector<TokenSpan> spans;
    const auto& events = segment.regions(index::Structure::event);
    for (std::uint64_t event = 0; event < events.size(); ++event) {
        if (segment.event_deleted(event)) continue;
        spans.push_back({events.start(event), events.end(event)});
    }
    normalise(spans);
    return spans;
}

// The tokens of `from` outside `minus` (both valid span lists of one segment).
std::vector<TokenSpan> subtract(const std::vector<TokenSpan>& from, const std::vector<TokenSpan>& minus) {
    std::vector<TokenSpan> out;
    std::size_t m = 0;
    for (auto span : from) {
        while (m < minus.size() && minus[m].end <= span.start) ++m;
        auto cut = m;
        while (cut < minus.size() && minus[cut].start < span.end) {
            if (minus[cut].start > span.start) out.push_back({span.start, minus[cut].start});
            span.start = std::max(span.start, minus[cut].end);
            if (minus[cut].end > span.end) break;
            ++cut;
        }
        if (span.start < span.end) out.push_back(span);
    }
    return out;
}

std::vector<TokenSpan> intersect_lists(const std::vector<TokenSpan>& a, const std::vector<TokenSpan>& b) {
    std::vector<TokenSpan> out;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const auto start = std::max(a[i].start, b[j].start);
        const auto end = std::min(a[i].end, b[j].end);
        if (start < end) out.push_back({start, end});
        if (a[i].end < b[j].end) ++i; else ++j;
    }
    return out;
}

}  // namespace

TokenSpans whole_corpus(const index::Index& index) {
    TokenSpans spans;
    for (const auto& segment : index.segments()) spans.segments.push_back(live_spans(*segment));
    return spans;
}

TokenSpans complement(const index::Index& index, const TokenSpans& spans) {
    TokenSpans out;
    const auto& segments = index.segments();
    for (std::size_t s = 0; s < segments.size(); ++s) {
        static const std::vector<TokenSpan> none;
        out.segments.push_back(subtract(live_spans(*segments[s]), s < spans.segments.size() ? spans.segments[s] : none));
    }
    return out;
}

TokenSpans intersect(const TokenSpans& a, const TokenSpans& b) {
    TokenSpans out;
    const auto count = std::max(a.segments.size(), b.segments.size());
    for (std::size_t s = 0; s < count; ++s) {
        if (s >= a.segments.size() || s >= b.segments.size()) {
            out.segments.emplace_back();
            continue;
        }
        out.segments.push_back(intersect_lists(a.segments[s], b.segments[s]));
    }
    return out;
}

}  // namespace presser::analysis
