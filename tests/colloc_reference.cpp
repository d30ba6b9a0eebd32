#include "colloc_reference.h"

#include <cmath>
#include <set>

namespace presser::testing::colloc {
namespace {

constexpr std::uint64_t kNoRegion = UINT64_MAX;

// The region of `regions` holding each position of the segment (kNoRegion for none), by walking them all.
std::vector<std::uint64_t> region_at(const index::Regions& regions, std::uint64_t tokens) {
    std::vector<std::uint64_t> out(tokens, kNoRegion);
    for (std::uint64_t r = 0; r < regions.size(); ++r)
        for (auto p = regions.start(r); p < regions.end(r) && p < tokens; ++p) out[p] = r;
    return out;
}

const analysis::TokenSpan* span_of(const analysis::TokenSpans& subcorpus, std::size_t segment, std::uint32_t start, std::uint32_t end) {
    if (segment >= subcorpus.segments.size()) return nullptr;
    for (const auto& span : subcorpus.segments[segment])
        if (span.start <= start && end <= span.end) return &span;
    return nullptr;
}

// The token's value, or none for a token without one (a lower term without a lemma).
std::optional<std::string> term_string(const index::Segment& segment, index::Attribute attribute, std::uint32_t position) {
    const auto term = segment.term_at(attribute, position);
    if (term >= segment.lexicon(attribute).size()) return std::nullopt;
    return std::string(segment.lexicon(attribute).term(term));
}

}  // namespace

bool close(double a, double b) {
    if (a == b) return true;
    return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) || std::abs(a - b) < 1e-12;
}

void reference_measures(double f_ab, double f_a, double f_b, double n, ReferenceCollocate& out) {
    const double expected = f_a * f_b / n;
    out.mi = std::log2(f_ab / expected);
    out.mi3 = std::log2(f_ab * f_ab * f_ab / expected);
    out.t = (f_ab - expected) / std::sqrt(f_ab);
    out.logdice = 14 + std::log2(2 * f_ab / (f_a + f_b));
    // In long double: O ln(O / E) of the large cell is a difference of nearly equal numbers in double.
    using Real = long double;
    const Real observed[2][2] = {{f_ab, f_a - f_ab}, {f_b - f_ab, n - f_a - f_b + f_ab}};
    const Real rows[2] = {f_a, n - f_a}, columns[2] = {f_b, n - f_b};
    Real g2 = 0;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
            if (observed[i][j] < 0) {
                out.ll.reset();
                return;
            }
            if (observed[i][j] > 0) g2 += observed[i][j] * std::log(observed[i][j] / (rows[i] * columns[j] / static_cast<Real>(n)));
        }
    out.ll = static_cast<double>(2 * g2);
}

ReferenceCollocations reference_collocations(const index::Index& index, const std::vector<query::IndexHit>& hits,
                                             const analysis::TokenSpans& subcorpus, index::Attribute attribute, std::uint32_t left,
                                             std::uint32_t right, std::optional<index::Structure> within) {
    ReferenceCollocations out;
    const auto& segments = index.segments();
    for (std::size_t s = 0; s < segments.size() && s < subcorpus.segments.size(); ++s)
        for (const auto& span : subcorpus.segments[s])
            for (auto p = span.start; p < span.end; ++p) {
                if (const auto term = term_string(*segments[s], attribute, p)) ++out.rows[*term].f_b;
                ++out.n;
            }
    std::map<std::string, std::uint64_t> f_ab;
    std::map<std::size_t, std::pair<std::vector<std::uint64_t>, std::vector<std::uint64_t>>> regions_of_segment;  // events, within
    for (const auto& hit : hits) {
        const auto* span = span_of(subcorpus, hit.segment, hit.start, hit.end);
        if (span == nullptr) continue;
        const auto& segment = *segments[hit.segment];
        if (!regions_of_segment.contains(hit.segment)) {
            auto events = region_at(segment.regions(index::Structure::event), segment.tokens());
            auto regions = within ? region_at(segment.regions(*within), segment.tokens()) : events;
            regions_of_segment[hit.segment] = {std::move(events), std::move(regions)};
        }
        const auto& [events, regions] = regions_of_segment[hit.segment];
        if (events[hit.start] == kNoRegion) continue;
        ++out.nodes;
        auto inside = [&](std::int64_t p) {
            if (p < span->start || p >= span->end) return false;
            return events[p] == events[hit.start] && regions[p] == regions[hit.start];
        };
        const std::int64_t reach_left = within ? hit.start : left, reach_right = within ? segment.tokens() : right;
        auto count = [&](std::int64_t p) {
            if (const auto term = term_string(segment, attribute, static_cast<std::uint32_t>(p))) ++f_ab[*term];
        };
        for (std::int64_t d = 1; d <= reach_left && inside(std::int64_t{hit.start} - d); ++d) count(std::int64_t{hit.start} - d);
        for (std::int64_t d = 0; d < reach_right && inside(std::int64_t{hit.end} + d); ++d) count(std::int64_t{hit.end} + d);
    }
    std::map<std::string, ReferenceCollocate> rows;
    for (const auto& [term, count] : f_ab) {
        auto row = out.rows[term];
        row.f_ab = count;
        reference_measures(static_cast<double>(count), static_cast<double>(out.nodes), static_cast<double>(row.f_b),
                           static_cast<double>(out.n), row);
        rows[term] = row;
    }
    out.rows = std::move(rows);
    return out;
}

std::map<std::string, ReferenceNgram> reference_ngrams(const index::Index& index, const analysis::TokenSpans& subcorpus,
                                                      index::Attribute attribute, unsigned n) {
    struct Occurrences {
        std::uint64_t frequency = 0;
        std::map<std::pair<std::size_t, std::uint64_t>, std::uint64_t> by_event;
        std::set<std::pair<std::size_t, std::uint64_t>> turns;
    };
    std::map<std::string, Occurrences> found;
    std::map<std::pair<std::size_t, std::uint64_t>, std::uint64_t> event_tokens;
    std::uint64_t tokens = 0;
    const auto& segments = index.segments();
    for (std::size_t s = 0; s < segments.size() && s < subcorpus.segments.size(); ++s) {
        const auto& segment = *segments[s];
        const auto events = region_at(segment.regions(index::Structure::event), segment.tokens());
        const auto turns = region_at(segment.regions(index::Structure::turn), segment.tokens());
        for (const auto& span : subcorpus.segments[s]) {
            for (auto p = span.start; p < span.end; ++p) {
                const auto event = events[p];
                ++event_tokens[{s, event}];
                ++tokens;
                if (p + n > span.end) continue;
                const auto turn = turns[p];
                if (turn == kNoRegion || turns[p + n - 1] != turn || events[p + n - 1] != event) continue;
                std::string value;
                bool whole = true;  // every token has a value
                for (unsigned i = 0; i < n; ++i) {
                    const auto term = term_string(segment, attribute, p + i);
                    whole = whole && term.has_value();
                    if (term) value += (i ? " " : "") + *term;
                }
                if (!whole) continue;
                auto& occurrences = found[value];
                ++occurrences.frequency;
                ++occurrences.by_event[{s, event}];
                occurrences.turns.insert({s, turn});
            }
        }
    }
    std::map<std::string, ReferenceNgram> out;
    for (const auto& [value, occurrences] : found) {
        ReferenceNgram row{occurrences.frequency, occurrences.by_event.size(), occurrences.turns.size(), 0};
        double sum = 0;
        for (const auto& [event, size] : event_tokens) {
            const auto it = occurrences.by_event.find(event);
            const double v = it == occurrences.by_event.end() ? 0 : static_cast<double>(it->second) / static_cast<double>(row.frequency);
            sum += std::abs(v - static_cast<double>(size) / static_cast<double>(tokens));
        }
        row.dp = sum / 2;
        out[value] = row;
    }
    return out;
}

}  // namespace presser::testing::colloc
