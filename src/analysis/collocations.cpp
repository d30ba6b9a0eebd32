#include "analysis/collocations.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <unordered_map>

#include "analysis/attribute_reader.h"

namespace presser::analysis {
namespace {

// Co-occurrence counts of one segment's windows, by the segment's term ids.
struct SegmentCounts {
    std::uint64_t nodes = 0;
    std::uint64_t window_tokens = 0;
    std::vector<std::pair<std::string_view, std::uint64_t>> collocates;
};

// Runs work(i) for i in [0, count) on up to `threads` threads.
template <typename Work>
void run_parallel(std::size_t count, unsigned threads, const Work& work) {
    threads = std::max(1u, std::min<unsigned>(threads == 0 ? query::hardware_threads() : threads, static_cast<unsigned>(count)));
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < count;) work(i);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& thread : pool) thread.join();
}

SegmentCounts count_windows(const index::Segment& segment, const std::vector<TokenSpan>& spans,
                            const std::vector<query::IndexHit>& hits, const CollocationOptions& options, Interruption& stop) {
    SegmentCounts out;
    const auto& lexicon = segment.lexicon(options.attribute);
    std::vector<std::uint32_t> counts;  // by term id, sized on first use
    std::vector<std::uint32_t> touched, ids;
    const auto& events = segment.regions(index::Structure::event);
    const index::Regions* within = options.within ? &segment.regions(*options.within) : nullptr;
    std::uint64_t event_hint = 0, within_hint = 0;
    std::size_t span = 0;
    auto count_range = [&](std::uint32_t from, std::uint32_t to) {
        if (from >= to) return;
        ids.clear();
        read_attribute(segment, options.attribute, from, to, ids);
        out.window_tokens += to - from;
        if (counts.empty()) counts.assign(lexicon.size(), 0);
        for (const auto id : ids) {
            if (id >= counts.size()) continue;
            if (counts[id]++ == 0) touched.push_back(id);
        }
    };
    std::size_t seen = 0;
    for (const auto& hit : hits) {
        if ((++seen & 1023) == 0 && stop.requested()) return out;
        while (span < spans.size() && spans[span].end <= hit.start) ++span;
        if (span == spans.size() || hit.start < spans[span].start || hit.end > spans[span].end) continue;
        const auto event = events.find_from(hit.start, event_hint);
        if (!event) continue;
        event_hint = *event;
        ++out.nodes;
        std::uint32_t low = std::max(spans[span].start, events.start(*event));
        std::uint32_t high = std::min(spans[span].end, events.end(*event));
        if (within != nullptr) {
            const auto region = within->find_from(hit.start, within_hint);
            if (!region) continue;
            within_hint = *region;
            low = std::max(low, within->start(*region));
            high = std::min(high, within->end(*region));
            count_range(low, hit.start);
            count_range(hit.end, high);
        } else {
            count_range(std::uint64_t{low} + options.left < hit.start ? hit.start - options.left : low, hit.start);
            count_range(hit.end, static_cast<std::uint32_t>(std::min<std::uint64_t>(high, std::uint64_t{hit.end} + options.right)));
        }
    }
    out.collocates.reserve(touched.size());
    for (const auto id : touched) out.collocates.emplace_back(lexicon.term(id), counts[id]);
    return out;
}

bool better(const CollocateRow& a, const CollocateRow& b, Measure sort) {
    const auto x = a.value(sort), y = b.value(sort);
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && *x != *y) return *x > *y;
    if (a.cooccurrences != b.cooccurrences) return a.cooccurrences > b.cooccurrences;
    return a.collocate < b.collocate;
}

}  // namespace

std::optional<double> CollocateRow::value(Measure measure) const {
    switch (measure) {
    case Measure::freq: return static_cast<double>(cooccurrences);
    case Measure::logdice: return logdice;
    case Measure::mi: return mi;
    case Measure::mi3: return this->mi3;
    case Measure::t_score: return this->t_score;
    case Measure::log_likelihood: return this->log_likelihood;
    }
    return std::nullopt;
}

std::string escape_regex(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (std::string_view("\\.^$|?*+()[]{}\"").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string collocate_cql(const CollocationOptions& options, std::string_view value) {
    const std::string token = "[" + std::string(index::to_string(options.attribute)) + "=\"" + escape_regex(value) + "\"]";
    const std::string node = "(" + options.node_cql + ")";
    if (options.within) {
        const std::string region(index::to_string(*options.within));
        return "(" + node + " []* " + token + " | " + token + " []* " + node + ") within " + region;
    }
    auto gap = [](std::uint32_t width) { return width <= 1 ? std::string(" ") : " []{0," + std::to_string(width - 1) + "} "; };
    std::vector<std::string> sides;
    if (options.right > 0) sides.push_back(node + gap(options.right) + token);
    if (options.left > 0) sides.push_back(token + gap(options.left) + node);
    if (sides.empty()) return "";
    return sides.size() == 1 ? sides[0] : sides[0] + " | " + sides[1];
}

Result<CollocationTable> collocations(const query::CorpusQuery& query, const TokenSpans& subcorpus, const CollocationOptions& options) {
    auto hits = query.all_hits(options.threads);
    if (!hits) return hits.error();
    const auto& index = query.index();
    const auto& segments = index.segments();
    std::vector<std::vector<query::IndexHit>> by_segment(segments.size());
    for (const auto& hit : hits.value())
        if (hit.segment < by_segment.size()) by_segment[hit.segment].push_back(hit);
    static const std::vector<TokenSpan> none;
    auto spans_of = [&](std::size_t s) -> const std::vector<TokenSpan>& {
        return s < subcorpus.segments.size() ? subcorpus.segments[s] : none;
    };

    std::vector<SegmentCounts> per_segment(segments.size());
    Interruption stop(options.cancel, options.checkpoint);
    if (stop.requested()) return stop.error();
    run_parallel(segments.size(), options.threads, [&](std::size_t s) {
        if (!by_segment[s].empty()) per_segment[s] = count_windows(*segments[s], spans_of(s), by_segment[s], options, stop);
    });
    if (stop.requested()) return stop.error();

    CollocationTable table;
    table.corpus_tokens = subcorpus.tokens();
    std::unordered_map<std::string_view, std::uint64_t> cooccurrences;
    for (const auto& counts : per_segment) {
        table.nodes += counts.nodes;
        table.window_tokens += counts.window_tokens;
        for (const auto& [term, count] : counts.collocates) cooccurrences[term] += count;
    }
    std::vector<CollocateRow> rows;
    for (const auto& [term, count] : cooccurrences) {
        if (count < options.min_cooccurrence) continue;
        CollocateRow row;
        row.collocate = std::string(term);
        row.cooccurrences = count;
        rows.push_back(std::move(row));
    }
    // f_b of each candidate: its postings inside the subcorpus, segment by segment.
    run_parallel(rows.size(), options.threads, [&](std::size_t r) {
        auto& row = rows[r];
        for (std::size_t s = 0; s < segments.size(); ++s) {
            const auto& spans = spans_of(s);
            if (spans.empty()) continue;
            const auto term = segments[s]->lexicon(options.attribute).terms().find(row.collocate);
            if (term) row.collocate_frequency += occurrences_within(*segments[s], options.attribute, *term, spans);
        }
    });
    std::erase_if(rows, [&](const CollocateRow& row) { return row.collocate_frequency < options.min_collocate_frequency; });
    for (auto& row : rows) {
        const AssociationCounts counts{static_cast<double>(row.cooccurrences), static_cast<double>(table.nodes),
                                       static_cast<double>(row.collocate_frequency), static_cast<double>(table.corpus_tokens)};
        row.logdice = log_dice(counts);
        row.mi = mutual_information(counts);
        row.mi3 = mi3(counts);
        row.t_score = t_score(counts);
        row.log_likelihood = log_likelihood(counts);
        if (!options.node_cql.empty()) row.cql = collocate_cql(options, row.collocate);
    }
    table.collocates = rows.size();
    const auto keep = options.limit == 0 ? rows.size() : std::min<std::size_t>(rows.size(), options.limit);
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(keep), rows.end(),
                      [&](const CollocateRow& a, const CollocateRow& b) { return better(a, b, options.sort); });
    rows.resize(keep);
    table.rows = std::move(rows);
    return table;
}

}  // namespace presser::analysis
