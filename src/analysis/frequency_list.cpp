#include "analysis/frequency_list.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <re2/re2.h>

#include "analysis/interruption.h"
#include "analysis/term_spread.h"
#include "analysis/turn_frequency_list.h"
#include "query/corpus_query.h"

namespace presser::analysis {
namespace {

using index::Attribute;
using index::Structure;

constexpr std::uint64_t kChunkTokens = 1u << 16;

// A term's count in one dispersion part (an event), by segment-local term id.
struct TermCount {
    std::uint32_t term;
    std::uint32_t count;
};

// One event of the subcorpus: its tokens in the spans, and where its TermCounts end in the pair list.
struct Part {
    std::uint64_t tokens;
    std::size_t pairs_end;
};

// What the scan of one segment's spans gives, by segment-local term id.
struct SegmentTally {
    std::vector<std::uint32_t> frequency;
    std::vector<std::uint32_t> turns;
    std::vector<std::uint32_t> events;
    std::vector<TermCount> pairs;  // per part, the terms it holds and their counts
    std::vector<Part> parts;
};

class SegmentScan {
public:
    SegmentScan(const index::Segment& segment, const FrequencyOptions& options, Interruption& stop, SegmentTally& tally)
        : segment_(segment), options_(options), stop_(stop), tally_(tally),
          events_(segment.regions(Structure::event)), turns_(segment.regions(Structure::turn)),
          word_count_(segment.lexicon(Attribute::word).size()) {
        const auto terms = segment.lexicon(options.attribute).size();
        if (options_.dispersion)
            counters_.assign(terms, {});
        else
            tally_.frequency.assign(terms, 0);
    }

    // Scans the spans; false when cancelled.
    bool run(const std::vector<TokenSpan>& spans, std::atomic<std::uint64_t>& done, std::uint64_t total) {
        std::uint64_t event_hint = 0, turn_hint = 0;
        for (const auto& span : spans) {
            for (std::uint32_t position = span.start; position < span.end;) {
                if (stop_.requested()) return false;
                const auto event = events_.find_from(position, event_hint);
                if (!event) {  // a tiled structure holds every position: only a damaged segment gets here
                    ++position;
                    continue;
                }
                event_hint = *event;
                if (options_.dispersion && *event != current_event_) {
                    flush_event();
                    current_event_ = *event;
                }
                const auto end = static_cast<std::uint32_t>(
                    std::min<std::uint64_t>({span.end, events_.end(*event), std::uint64_t(position) + kChunkTokens}));
                words_.clear();  // read() appends
                segment_.stream().read(position, end, words_);
                if (options_.dispersion) {
                    const auto turn = turns_.find_from(position, turn_hint);
                    turn_hint = turn.value_or(turn_hint);
                    count_with_ranges(position, *event, turn_hint);
                } else {
                    count_only(*event);
                }
                part_tokens_ += end - position;
                report(done, end - position, total);
                position = end;
            }
        }
        if (options_.dispersion) {
            flush_event();
            tally_.frequency.resize(counters_.size());
            tally_.turns.resize(counters_.size());
            tally_.events.resize(counters_.size());
            for (std::size_t term = 0; term < counters_.size(); ++term) {
                tally_.frequency[term] = counters_[term].frequency;
                tally_.turns[term] = counters_[term].turns;
                tally_.events[term] = counters_[term].events;
            }
        }
        return true;
    }

private:
    std::uint32_t term_of(std::uint32_t word, std::uint64_t event) const {
        if (word >= word_count_) return index::Segment::kNoTerm;
        if (options_.attribute == Attribute::word) return word;
        const auto lower = segment_.lower_of_word(word);
        if (options_.attribute == Attribute::lower) return lower;
        return segment_.lemma_of_lower(lower, event);
    }

    void count_only(std::uint64_t event) {
        auto* frequency = tally_.frequency.data();
        const auto terms = tally_.frequency.size();
        for (const auto word : words_) {
            const auto term = term_of(word, event);
            if (term < terms) ++frequency[term];
        }
    }

    void count_with_ranges(std::uint32_t first, std::uint64_t event, std::uint64_t turn) {
        const auto terms = counters_.size();
        std::uint64_t turn_end = turns_.end(turn);
        std::uint32_t position = first;
        for (const auto word : words_) {
            while (position >= turn_end && turn + 1 < turns_.size()) turn_end = turns_.end(++turn);
            ++position;
            const auto term = term_of(word, event);
            if (term >= terms) continue;
            auto& counter = counters_[term];
            ++counter.frequency;
            if (counter.last_turn != turn) {
                counter.last_turn = turn;
                ++counter.turns;
            }
            if (counter.in_event++ == 0) touched_.push_back(term);
        }
    }

    void flush_event() {
        if (part_tokens_ == 0) return;
        for (const auto term : touched_) {
            auto& counter = counters_[term];
            ++counter.events;
            tally_.pairs.push_back({term, counter.in_event});
            counter.in_event = 0;
        }
        touched_.clear();
        tally_.parts.push_back({part_tokens_, tally_.pairs.size()});
        part_tokens_ = 0;
    }

    void report(std::atomic<std::uint64_t>& done, std::uint64_t tokens, std::uint64_t total) const {
        const auto before = done.fetch_add(tokens, std::memory_order_relaxed);
        constexpr std::uint64_t kEvery = 4u << 20;
        if (options_.progress && (before / kEvery != (before + tokens) / kEvery)) options_.progress(before + tokens, total);
    }

    const index::Segment& segment_;
    const FrequencyOptions& options_;
    Interruption& stop_;
    SegmentTally& tally_;
    const index::Regions& events_;
    const index::Regions& turns_;
    const std::uint32_t word_count_;
    std::vector<std::uint32_t> words_;
    // A term's counts side by side, so that counting a token touches one cache line, not four arrays.
    struct TermCounters {
        std::uint64_t last_turn = UINT64_MAX;
        std::uint32_t frequency = 0, turns = 0, events = 0, in_event = 0;
    };
    std::vector<TermCounters> counters_;  // with dispersion; without, tally_.frequency is counted directly
    std::vector<std::uint32_t> touched_;
    std::uint64_t current_event_ = UINT64_MAX;
    std::uint64_t part_tokens_ = 0;
};

// The corpus-wide rows: segment tallies joined by term string, once per distinct term of each segment.
class TableJoin {
public:
    void add(const index::Lexicon& lexicon, const SegmentTally& tally, std::vector<std::uint32_t>& global_of) {
        global_of.assign(tally.frequency.size(), UINT32_MAX);
        for (std::uint32_t term = 0; term < tally.frequency.size(); ++term) {
            if (tally.frequency[term] == 0) continue;
            const auto [found, inserted] = ids_.try_emplace(lexicon.term(term), static_cast<std::uint32_t>(terms_.size()));
            if (inserted) {
                terms_.push_back(lexicon.term(term));
                frequency_.push_back(0);
                events_.push_back(0);
                turns_.push_back(0);
            }
            const auto id = found->second;
            global_of[term] = id;
            frequency_[id] += tally.frequency[term];
            if (!tally.events.empty()) {
                events_[id] += tally.events[term];
                turns_[id] += tally.turns[term];
            }
        }
    }
    [[nodiscard]] std::size_t size() const { return terms_.size(); }

    std::unordered_map<std::string_view, std::uint32_t> ids_;
    std::vector<std::string_view> terms_;
    std::vector<std::uint64_t> frequency_, events_, turns_;
};

// Juilland's D and Gries' DP of every term from the parts' term counts (docs/analysis.md).
struct Dispersion {
    std::vector<std::optional<double>> d, dp;
};

Dispersion dispersion(const TableJoin& join, const std::vector<SegmentTally>& tallies,
                      const std::vector<std::vector<std::uint32_t>>& global_of, std::uint64_t total_tokens) {
    const auto terms = join.size();
    std::uint64_t parts = 0;
    for (const auto& tally : tallies) parts += tally.parts.size();
    std::vector<TermSpread> spread(terms);
    auto for_each_pair = [&](auto visit) {
        for (std::size_t s = 0; s < tallies.size(); ++s) {
            std::size_t pair = 0;
            for (const auto& part : tallies[s].parts) {
                for (; pair < part.pairs_end; ++pair) {
                    const auto& count = tallies[s].pairs[pair];
                    visit(global_of[s][count.term], count.count, part.tokens);
                }
            }
        }
    };
    for_each_pair([&](std::uint32_t id, std::uint32_t count, std::uint64_t part_tokens) {
        spread[id].add(count, part_tokens, join.frequency_[id], total_tokens);
    });
    std::vector<double> mean(terms);
    for (std::size_t id = 0; id < terms; ++id) mean[id] = spread[id].mean(parts);
    for_each_pair([&](std::uint32_t id, std::uint32_t count, std::uint64_t part_tokens) { spread[id].add_square(count, part_tokens, mean[id]); });
    Dispersion out;
    out.d.resize(terms);
    out.dp.resize(terms);
    for (std::size_t id = 0; id < terms; ++id) {
        out.dp[id] = spread[id].dp(total_tokens);
        out.d[id] = spread[id].d(parts, join.events_[id], mean[id]);
    }
    return out;
}

// A share of one segment's spans for one thread.
struct Task {
    std::size_t segment;
    std::vector<TokenSpan> spans;
};

// A segment's spans in about `pieces` parts of similar size for the threads, cut only at event ends: an
// event (and so every turn) stays in one part, so that per-part range counts add up.
std::vector<std::vector<TokenSpan>> split_at_events(const index::Segment& segment, const std::vector<TokenSpan>& spans, unsigned pieces) {
    constexpr std::uint64_t kSmallest = 1u << 20;  // below this, a thread's start costs more than it saves
    std::uint64_t total = 0;
    for (const auto& span : spans) total += span.end - span.start;
    if (pieces <= 1 || total < kSmallest) return {spans};
    const auto& events = segment.regions(Structure::event);
    std::vector<std::uint32_t> cuts;
    std::uint64_t before = 0;
    unsigned next = 1;
    for (const auto& span : spans) {
        const std::uint64_t length = span.end - span.start;
        while (next < pieces && before + length > next * total / pieces) {
            const auto at = static_cast<std::uint32_t>(span.start + (next * total / pieces - before));
            const auto event = events.find(at);
            const auto cut = event ? events.end(*event) : at;
            if (cuts.empty() || cut > cuts.back()) cuts.push_back(cut);
            ++next;
        }
        before += length;
    }
    std::vector<std::vector<TokenSpan>> out(1);
    std::size_t c = 0;
    for (auto span : spans) {
        while (c < cuts.size() && cuts[c] <= span.start) {
            out.emplace_back();
            ++c;
        }
        while (c < cuts.size() && cuts[c] < span.end) {
            out.back().push_back({span.start, cuts[c]});
            out.emplace_back();
            span.start = cuts[c++];
        }
        out.back().push_back(span);
    }
    std::erase_if(out, [](const std::vector<TokenSpan>& piece) { return piece.empty(); });
    return out;
}

}  // namespace

Result<FrequencyTable> frequency_table(const index::Index& index, const TokenSpans& spans, const FrequencyOptions& options) {
    const auto& segments = index.segments();
    FrequencyTable table;
    table.size = measure(index, spans);
    const unsigned threads = options.threads ? options.threads : query::hardware_threads();
    Interruption stop(options.cancel, options.checkpoint);
    if (options.use_turn_frequencies && spans.segments == whole_corpus(index).segments) {
        if (auto from_turns = whole_corpus_from_turns(index, options, threads, table.size.tokens, stop)) {
            if (stop.requested()) return stop.error();
            from_turns->size = table.size;
            return std::move(*from_turns);
        }
    }
    std::vector<Task> tasks;
    for (std::size_t s = 0; s < segments.size() && s < spans.segments.size(); ++s)
        for (auto& piece : split_at_events(*segments[s], spans.segments[s], threads)) tasks.push_back({s, std::move(piece)});
    std::vector<SegmentTally> tallies(tasks.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::uint64_t> done{0};
    std::atomic<bool> cancelled{false};
    const auto total = table.size.tokens;
    auto work = [&] {
        for (auto t = next.fetch_add(1); t < tasks.size(); t = next.fetch_add(1)) {
            SegmentScan scan(*segments[tasks[t].segment], options, stop, tallies[t]);
            if (!scan.run(tasks[t].spans, done, total)) cancelled = true;
        }
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < std::min<std::size_t>(threads, tasks.size()); ++t) workers.emplace_back(work);
    work();
    for (auto& worker : workers) worker.join();
    if (cancelled) return stop.error();

    TableJoin join;
    std::vector<std::vector<std::uint32_t>> global_of(tasks.size());
    for (std::size_t t = 0; t < tasks.size(); ++t) join.add(segments[tasks[t].segment]->lexicon(options.attribute), tallies[t], global_of[t]);
    Dispersion spread;
    if (options.dispersion) {
        spread = dispersion(join, tallies, global_of, total);
        for (const auto& tally : tallies) table.parts += tally.parts.size();
    }
    table.rows.resize(join.size());
    for (std::size_t id = 0; id < join.size(); ++id) {
        auto& row = table.rows[id];
        row.term = std::string(join.terms_[id]);
        row.frequency = join.frequency_[id];
        row.per_million = total == 0 ? 0.0 : double(row.frequency) * 1e6 / double(total);
        if (options.dispersion) {
            row.events = join.events_[id];
            row.turns = join.turns_[id];
            row.juilland_d = spread.d[id];
            row.gries_dp = spread.dp[id];
        }
    }
    std::sort(table.rows.begin(), table.rows.end(), [](const FrequencyRow& a, const FrequencyRow& b) { return a.term < b.term; });
    return table;
}

std::optional<FrequencySort> parse_frequency_sort(std::string_view text) {
    if (text == "frequency") return FrequencySort::frequency;
    if (text == "term") return FrequencySort::term;
    if (text == "range") return FrequencySort::range;
    if (text == "dispersion") return FrequencySort::dispersion;
    return std::nullopt;
}

namespace {

// Compiles a non-empty `regex` into `pattern`; the error naming it when RE2 refuses it.
std::optional<Error> compile_term_pattern(const std::string& regex, std::optional<RE2>& pattern) {
    if (regex.empty()) return std::nullopt;
    RE2::Options re_options;
    re_options.set_log_errors(false);
    pattern.emplace(regex, re_options);
    if (pattern->ok()) return std::nullopt;
    return plain_error("regex '" + regex + "': " + pattern->error() + ": expected an RE2 regular expression");
}

}  // namespace

std::optional<Error> invalid_term_pattern(const std::string& regex) {
    std::optional<RE2> pattern;
    return compile_term_pattern(regex, pattern);
}

Result<FrequencyPage> frequency_page(const index::Index& index, const TokenSpans& spans, const FrequencyOptions& options,
                                     const RowSelection& selection) {
    std::optional<RE2> pattern;
    if (auto invalid = compile_term_pattern(selection.match, pattern)) return *invalid;
    if (options.use_turn_frequencies && spans.segments == whole_corpus(index).segments) {
        Interruption stop(options.cancel, options.checkpoint);
        const unsigned threads = options.threads ? options.threads : query::hardware_threads();
        auto page = whole_corpus_page_from_turns(index, options, selection, threads, measure(index, spans), stop);
        if (stop.requested()) return stop.error();
        if (page) return std::move(*page);
    }
    auto table = frequency_table(index, spans, options);
    if (!table) return table.error();
    return select_rows(std::move(table.value()), selection);
}

Result<FrequencyPage> select_rows(FrequencyTable table, const RowSelection& selection) {
    FrequencyPage page;
    page.size = table.size;
    page.parts = table.parts;
    auto& rows = table.rows;
    std::optional<RE2> pattern;
    if (auto invalid = compile_term_pattern(selection.match, pattern)) return *invalid;
    std::erase_if(rows, [&](const FrequencyRow& row) {
        return row.frequency < selection.min_frequency || (pattern && !RE2::PartialMatch(row.term, *pattern));
    });
    auto by_frequency = [](const FrequencyRow& a, const FrequencyRow& b) {
        if (a.frequency != b.frequency) return a.frequency > b.frequency;
        return a.term < b.term;
    };
    switch (selection.sort) {
    case FrequencySort::frequency: std::sort(rows.begin(), rows.end(), by_frequency); break;
    case FrequencySort::term: break;  // the table is sorted by term
    case FrequencySort::range:
        std::sort(rows.begin(), rows.end(), [&](const FrequencyRow& a, const FrequencyRow& b) {
            if (a.events != b.events) return a.events > b.events;
            if (a.turns != b.turns) return a.turns > b.turns;
            return by_frequency(a, b);
        });
        break;
    case FrequencySort::dispersion:
        std::sort(rows.begin(), rows.end(), [&](const FrequencyRow& a, const FrequencyRow& b) {
            const double da = a.gries_dp.value_or(1), db = b.gries_dp.value_or(1);
            if (da != db) return da < db;
            return by_frequency(a, b);
        });
        break;
    }
    page.total_rows = rows.size();
    const auto first = std::min<std::uint64_t>(selection.offset, rows.size());
    const auto last = first + std::min<std::uint64_t>(selection.limit, rows.size() - first);
    page.rows.assign(std::make_move_iterator(rows.begin() + first), std::make_move_iterator(rows.begin() + last));
    return page;
}

}  // namespace presser::analysis
