// CorpusQuery: compiling a query once, then evaluating it segment by segment (segment_run.h), in
// parallel over segments and ranges of large ones, for pages, counts and every hit.
#include "query/corpus_query.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "query/corpus_query_impl.h"
#include "query/segment_run.h"

namespace presser::query {

using index::Attribute;

Result<bool> CorpusQuery::Impl::run_segment(std::size_t segment, const std::function<bool(const IndexHit&)>& sink,
                                            PlanInfo* plan, std::uint64_t* counter, std::uint32_t from, std::uint32_t to) const {
    const auto& s = *index->segments()[segment];
    if (s.tokens() == 0) return true;
    plan::SegmentRun run(*this, s, static_cast<std::uint32_t>(segment));
    return run.run(sink, plan, counter, from, to);
}

CorpusQuery::CorpusQuery(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CorpusQuery::~CorpusQuery() = default;

const index::Index& CorpusQuery::index() const { return *impl_->index; }

const QueryOptions& CorpusQuery::options() const { return impl_->options; }

std::vector<std::string> CorpusQuery::label_names() const {
    std::vector<std::string> names;
    if (impl_->kind == cql::Query::Kind::pattern)
        for (const auto& label : impl_->labels) names.push_back(label.name);
    return names;
}

std::optional<std::vector<std::pair<Attribute, std::uint32_t>>> CorpusQuery::bare_terms(std::size_t segment) const {
    const auto& q = *impl_;
    if (q.kind != cql::Query::Kind::pattern || q.alternatives.size() != 1 || q.alternatives.front().size() != 1 ||
        !q.constraints.empty() || !q.within.empty() || q.containing != cql::Query::Containing::none || q.options.max_span == 0)
        return std::nullopt;
    const auto& e = q.alternatives.front().front();
    if (e.kind != cql::Element::Kind::token || e.min != 1 || e.max != 1 || !e.condition) return std::nullopt;
    const auto& c = *e.condition;
    if (c.kind != cql::Condition::Kind::test || c.test.region || c.test.negated) return std::nullopt;
    const auto& seg = *q.index->segments()[segment];
    if (seg.has_deleted_events()) return std::nullopt;
    std::vector<std::pair<Attribute, std::uint32_t>> terms;
    const auto matched = TermSet::match(*c.test.pattern, seg.lexicon(c.test.attribute).terms());
    for (const auto id : matched.ids()) terms.emplace_back(c.test.attribute, id);
    return terms;
}

Result<std::shared_ptr<const CorpusQuery>> CorpusQuery::compile(const index::Index& index, const cql::Query& query,
                                                                const QueryOptions& options) {
    auto compiled = compile_query(query, options.filter);
    if (!compiled) return compiled.error();
    auto impl = std::make_unique<Impl>();
    static_cast<CompiledQuery&>(*impl) = std::move(compiled.value());
    impl->index = &index;
    impl->options = options;
    for (const auto& w : impl->within) impl->within_queries.push_back(w.query ? Impl::make(*w.query, index, options) : nullptr);
    return std::shared_ptr<const CorpusQuery>(new CorpusQuery(std::move(impl)));
}

std::shared_ptr<CorpusQuery::Impl> CorpusQuery::Impl::make(CompiledQuery compiled, const index::Index& index, const QueryOptions& options) {
    auto impl = std::make_shared<Impl>();
    static_cast<CompiledQuery&>(*impl) = std::move(compiled);
    impl->index = &index;
    impl->options = options;
    for (const auto& w : impl->within) impl->within_queries.push_back(w.query ? make(*w.query, index, options) : nullptr);
    return impl;
}

Result<std::vector<IndexHit>> CorpusQuery::page(std::uint64_t offset, std::uint64_t limit) const {
    std::vector<IndexHit> hits;
    if (limit == 0) return hits;
    std::uint64_t seen = 0;
    auto done = for_each([&](const IndexHit& hit) {
        if (seen++ < offset) return true;
        hits.push_back(hit);
        return hits.size() < limit;
    });
    if (!done) return done.error();
    return hits;
}

Result<bool> CorpusQuery::for_each(const std::function<bool(const IndexHit&)>& sink, PlanInfo* plan) const {
    for (std::size_t s = 0; s < impl_->index->segments().size(); ++s) {
        auto done = impl_->run_segment(s, sink, plan);
        if (!done) return done.error();
        if (!done.value()) return false;
    }
    return true;
}

Result<std::vector<IndexHit>> CorpusQuery::segment_hits(std::size_t segment, PlanInfo* plan) const {
    std::vector<IndexHit> hits;
    auto done = impl_->run_segment(segment, [&](const IndexHit& hit) { hits.push_back(hit); return true; }, plan);
    if (!done) return done.error();
    return hits;
}

namespace {

// The fixed number of tokens every match of `sequence` spans, if there is one.
std::optional<std::uint64_t> fixed_span(const std::vector<CElement>& sequence) {
    std::uint64_t length = 0;
    for (const auto& e : sequence) {
        switch (e.kind) {
            case cql::Element::Kind::region_start:
            case cql::Element::Kind::region_end:
                break;  // zero width
            case cql::Element::Kind::token:
                if (e.min != e.max) return std::nullopt;
                length += e.min;
                break;
            case cql::Element::Kind::group: {
                if (e.min != e.max || e.alternatives.empty()) return std::nullopt;
                auto first = fixed_span(e.alternatives.front());
                if (!first) return std::nullopt;
                for (const auto& alternative : e.alternatives)
                    if (fixed_span(alternative) != first) return std::nullopt;
                length += *first * e.min;
                break;
            }
        }
    }
    return length;
}

}  // namespace

bool CorpusQuery::Impl::fixed_length() const {
    if (kind != cql::Query::Kind::pattern || alternatives.empty()) return false;
    auto first = fixed_span(alternatives.front());
    if (!first) return false;
    for (const auto& alternative : alternatives)
        if (fixed_span(alternative) != first) return false;
    return true;
}

std::shared_ptr<const TermSet> CorpusQuery::Impl::term_set(std::size_t segment, const CompiledPattern& pattern, Attribute attribute) const {
    const auto key = std::make_tuple(segment, &pattern, attribute);
    {
        std::lock_guard lock(term_sets_mutex);
        if (auto found = term_sets.find(key); found != term_sets.end()) return found->second;
    }
    // Matched outside the lock (another thread may match the same set meanwhile; the first one kept wins).
    auto matched = std::make_shared<const TermSet>(TermSet::match(pattern, index->segments()[segment]->lexicon(attribute).terms()));
    std::lock_guard lock(term_sets_mutex);
    return term_sets.emplace(key, std::move(matched)).first->second;
}

std::vector<CorpusQuery::Impl::Range> CorpusQuery::Impl::plan_ranges(unsigned& threads, bool may_split) const {
    const std::uint64_t range = std::max<std::uint64_t>(1, options.split_tokens);
    // Below this many estimated candidates a segment runs whole: threads and per-range setup would cost more.
    const std::uint64_t split_work = range / 16;
    // Below this many in the whole index, the query runs on the calling thread (starting threads and
    // giving their memory back cost more than a few thousand candidates).
    constexpr std::uint64_t kThreadWork = 8192;
    std::vector<Range> ranges;
    std::uint64_t total_work = 0;
    for (std::size_t s = 0; s < index->segments().size(); ++s) {
        const std::uint64_t tokens = index->segments()[s]->tokens();
        std::uint64_t parts = threads > 1 && may_split ? std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads * 2, tokens / range)) : 1;
        const std::uint64_t work = threads > 1 && tokens > 0
                                       ? plan::SegmentRun(*this, *index->segments()[s], static_cast<std::uint32_t>(s)).estimated_work()
                                       : UINT64_MAX;
        total_work = work == UINT64_MAX ? UINT64_MAX : std::min<std::uint64_t>(UINT64_MAX - 1, total_work + work);
        if (parts > 1 && work < split_work) parts = 1;
        for (std::uint64_t i = 0; i < parts; ++i)
            ranges.push_back({s, static_cast<std::uint32_t>(tokens * i / parts),
                              i + 1 == parts ? UINT32_MAX : static_cast<std::uint32_t>(tokens * (i + 1) / parts), parts == 1});
    }
    if (total_work < kThreadWork) threads = 1;
    return ranges;
}

std::optional<Error> CorpusQuery::Impl::run_ranges(unsigned threads, std::size_t ranges,
                                                   const std::function<Result<bool>(unsigned, std::size_t)>& task) const {
    std::optional<Error> error;
    std::mutex mutex;
    std::atomic<std::size_t> next{0};
    auto worker = [&](unsigned id) {
        for (std::size_t r; (r = next.fetch_add(1)) < ranges;) {
            auto done = task(id, r);
            if (!done) {
                std::lock_guard lock(mutex);
                if (!error) error = done.error();
                return;
            }
        }
    };
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, ranges));
    if (threads <= 1) {
        worker(0);
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, t);
        for (auto& t : pool) t.join();
    }
    return error;
}

Result<std::pair<std::vector<IndexHit>, std::uint64_t>> CorpusQuery::Impl::collect(unsigned threads, bool count_only) const {
    if (threads == 0) threads = hardware_threads();
    struct Task {
        Range range;
        std::vector<IndexHit> hits;
        std::uint64_t counted = 0;
    };
    std::vector<Task> tasks;
    // Ranges of a split segment are joined by step 2 of `standard` below; the other strategies' steps need
    // the whole segment (unless every hit has the same length, when all strategies agree).
    // A `containing` filter drops hits after step 2, and `within (QUERY)` finds that query's hits over the
    // whole segment: neither splits either.
    const bool sub_queries = std::any_of(within.begin(), within.end(), [](const CWithin& w) { return w.query != nullptr; });
    const bool may_split = !sub_queries && (fixed_length() || (options.matching == MatchingStrategy::standard &&
                                                               containing == cql::Query::Containing::none));
    for (const Range& range : plan_ranges(threads, may_split)) tasks.push_back({range, {}, 0});
    // Hits of one length never share an end, so the ranges of a split segment need no step 2 between them
    // and can just count.
    const bool same_length = fixed_length();
    const auto error = run_ranges(threads, tasks.size(), [&](unsigned, std::size_t t) -> Result<bool> {
        Task& task = tasks[t];
        std::uint64_t n = 0;
        const bool just_count = count_only && (task.range.whole || same_length);
        auto done = run_segment(
            task.range.segment,
            [&](const IndexHit& hit) {
                if (just_count) ++n;
                else task.hits.push_back(hit);
                return true;
            },
            nullptr, just_count ? &n : nullptr, task.range.from, task.range.to);
        task.counted = n;
        return done;
    });
    if (error) return *error;
    std::pair<std::vector<IndexHit>, std::uint64_t> out{{}, 0};
    if (!count_only) {
        std::size_t total = 0;
        for (const Task& task : tasks) total += task.hits.size();
        out.first.reserve(total);
    }
    // Step 2 across the ranges of a split segment: a hit whose end an earlier range already gave goes.
    std::vector<std::uint64_t> ends;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        Task& task = tasks[t];
        out.second += task.counted;
        const bool dedupe = !task.range.whole && kind == cql::Query::Kind::pattern && !same_length;
        if (dedupe && task.range.from == 0) ends.assign((index->segments()[task.range.segment]->tokens() + 64) / 64, 0);
        for (const auto& hit : task.hits) {
            if (dedupe) {
                auto& word = ends[hit.end >> 6];
                const auto bit = std::uint64_t{1} << (hit.end & 63);
                if (word & bit) continue;
                word |= bit;
            }
            if (count_only) ++out.second;
            else out.first.push_back(hit);
        }
        std::vector<IndexHit>().swap(task.hits);
    }
    return out;
}

Result<std::vector<IndexHit>> CorpusQuery::all_hits(unsigned threads) const {
    auto collected = impl_->collect(threads, false);
    if (!collected) return collected.error();
    return std::move(collected->first);
}

Result<unsigned> CorpusQuery::for_each_parallel(unsigned threads, const std::function<void(unsigned, const IndexHit&)>& visit) const {
    if (threads == 0) threads = hardware_threads();
    // all_hits() drops a hit whose end an earlier range of the same segment gave; that can only happen
    // when hits differ in length, and then segments are not split.
    const auto ranges = impl_->plan_ranges(threads, impl_->kind != cql::Query::Kind::pattern || impl_->fixed_length());
    // (plan_ranges may have lowered threads to 1 for a light query: every worker id is then 0.)
    const auto error = impl_->run_ranges(threads, ranges.size(), [&](unsigned worker, std::size_t r) -> Result<bool> {
        const auto& range = ranges[r];
        return impl_->run_segment(
            range.segment,
            [&](const IndexHit& hit) {
                visit(worker, hit);
                return true;
            },
            nullptr, nullptr, range.from, range.to);
    });
    if (error) return *error;
    return static_cast<unsigned>(std::min<std::size_t>(threads, ranges.size()));
}

std::optional<Error> QueryOptions::interruption() const {
    if (cancel && cancel->load(std::memory_order_relaxed)) return stopped_error(ErrorCode::cancelled);
    if (deadline && std::chrono::steady_clock::now() > *deadline) return stopped_error(ErrorCode::timed_out);
    if (checkpoint) return checkpoint();
    return std::nullopt;
}

unsigned hardware_threads() {
    static const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    return threads;
}

Result<std::uint64_t> CorpusQuery::count(unsigned threads) const {
    auto collected = impl_->collect(threads, true);
    if (!collected) return collected.error();
    return collected->second;
}

}  // namespace presser::query
