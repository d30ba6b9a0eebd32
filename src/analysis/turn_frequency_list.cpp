#include "analysis/turn_frequency_list.h"

#include <algorithm>
#include <atomic>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "analysis/term_spread.h"

namespace presser::analysis {
namespace {

using index::Attribute;
using index::Structure;

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr std::uint32_t kTermsPerTask = 512;
constexpr std::size_t kMostPageRows = 5000;

// A term's count in one dispersion part (a live event with tokens, numbered across segments).
struct PartCount {
    std::uint32_t part, count;
};

// The lists of one range of a segment's terms, decoded by one thread.
struct Task {
    std::size_t segment;
    std::uint32_t first, last;  // terms [first, last)
    std::vector<std::uint64_t> frequency{};
    std::vector<std::uint32_t> turns{}, events{};
    std::vector<std::size_t> pairs_end{};  // by term of the range, where its PartCounts end in `pairs`
    std::vector<PartCount> pairs{};
};

template <typename Work>
void parallel_tasks(std::size_t count, unsigned threads, const Work& work) {
    std::atomic<std::size_t> next{0};
    auto run = [&] {
        for (auto t = next.fetch_add(1); t < count; t = next.fetch_add(1)) work(t);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<std::size_t>(threads, count); ++t) pool.emplace_back(run);
    run();
    for (auto& thread : pool) thread.join();
}

// By segment-local turn, its dispersion part, or kNone for a turn of a deleted event.
std::vector<std::uint32_t> parts_of_turns(const index::Segment& segment, std::vector<std::uint64_t>& part_tokens) {
    const auto& events = segment.regions(Structure::event);
    const auto& turns = segment.regions(Structure::turn);
    std::vector<std::uint32_t> part_of_event(events.size(), kNone);
    for (std::uint64_t e = 0; e < events.size(); ++e) {
        const auto tokens = events.end(e) - events.start(e);
        if (segment.event_deleted(e) || tokens == 0) continue;
        part_of_event[e] = static_cast<std::uint32_t>(part_tokens.size());
        part_tokens.push_back(tokens);
    }
    std::vector<std::uint32_t> out(turns.size(), kNone);
    std::uint64_t event = 0;
    for (std::uint64_t t = 0; t < turns.size(); ++t) {
        while (event < events.size() && events.end(event) <= turns.start(t)) ++event;
        if (event < events.size() && events.start(event) <= turns.start(t)) out[t] = part_of_event[event];
    }
    return out;
}

// Decodes the task's lists; false for a list that does not decode or names a turn the segment lacks.
bool decode(const index::Segment& segment, Attribute attribute, bool dispersion, const std::vector<std::uint32_t>& part_of_turn,
            Task& task) {
    const auto terms = task.last - task.first;
    task.frequency.assign(terms, 0);
    task.turns.assign(terms, 0);
    task.events.assign(terms, 0);
    task.pairs_end.assign(terms, 0);
    for (std::uint32_t i = 0; i < terms; ++i) {
        index::TurnFrequencyReader reader(segment.turn_frequencies(attribute, task.first + i));
        const std::uint32_t *turns = nullptr, *frequencies = nullptr;
        std::uint32_t count = 0, last_part = kNone, in_part = 0, events = 0, turn_count = 0;
        std::uint64_t frequency = 0;
        while (reader.next_block(turns, frequencies, count)) {
            for (std::uint32_t j = 0; j < count; ++j) {
                if (turns[j] >= part_of_turn.size()) return false;
                const auto part = part_of_turn[turns[j]];
                if (part == kNone) continue;
                const auto f = frequencies[j] + 1;  // stored minus one
                frequency += f;
                ++turn_count;
                if (part != last_part) {
                    if (dispersion && last_part != kNone) task.pairs.push_back({last_part, in_part});
                    last_part = part;
                    in_part = 0;
                    ++events;
                }
                in_part += f;
            }
        }
        if (reader.corrupt()) return false;
        if (dispersion && last_part != kNone) task.pairs.push_back({last_part, in_part});
        task.frequency[i] = frequency;
        task.turns[i] = turn_count;
        task.events[i] = events;
        task.pairs_end[i] = task.pairs.size();
    }
    return true;
}

// Whether each term's count in the lexicon is the sum of its turns.tf list: no deleted event, and every
// token inside a turn.
bool counts_are_list_sums(const index::Segment& segment) {
    if (segment.has_deleted_events()) return false;
    const auto& turns = segment.regions(Structure::turn);
    std::uint64_t in_turns = 0, covered_to = 0;
    for (std::uint64_t t = 0; t < turns.size(); ++t) {
        const std::uint64_t start = std::max<std::uint64_t>(turns.start(t), covered_to), end = turns.end(t);
        if (end > start) in_turns += end - start, covered_to = end;
    }
    return in_turns == segment.tokens();
}

}  // namespace

std::optional<FrequencyPage> whole_corpus_page_from_turns(const index::Index& index, const FrequencyOptions& options,
                                                          const RowSelection& selection, unsigned threads, const SubcorpusSize& size,
                                                          Interruption& stop) {
    const auto attribute = options.attribute;
    const auto& segments = index.segments();
    if (attribute == Attribute::word || !options.dispersion ||
        (selection.sort != FrequencySort::frequency && selection.sort != FrequencySort::term))
        return std::nullopt;
    for (const auto& segment : segments)
        if (!segment->has_turn_frequencies() || !counts_are_list_sums(*segment)) return std::nullopt;

    // Every term's frequency, joined by string: enough to filter, sort and page.
    FrequencyTable counts;
    counts.size = size;
    std::unordered_map<std::string_view, std::uint32_t> row_of;
    for (const auto& segment : segments) {
        const auto& lexicon = segment->lexicon(attribute);
        for (std::uint32_t id = 0; id < lexicon.size(); ++id) {
            if (lexicon.count(id) == 0) continue;
            const auto term = lexicon.term(id);
            const auto [found, inserted] = row_of.try_emplace(term, static_cast<std::uint32_t>(counts.rows.size()));
            if (inserted) counts.rows.push_back({.term = std::string(term)});
            counts.rows[found->second].frequency += lexicon.count(id);
        }
    }
    row_of.clear();
    std::sort(counts.rows.begin(), counts.rows.end(), [](const FrequencyRow& a, const FrequencyRow& b) { return a.term < b.term; });
    const auto total_tokens = size.tokens;
    for (auto& row : counts.rows) row.per_million = total_tokens == 0 ? 0.0 : double(row.frequency) * 1e6 / double(total_tokens);
    auto selected = select_rows(std::move(counts), selection);
    if (!selected) return std::nullopt;
    FrequencyPage page = std::move(selected.value());
    if (page.rows.size() > kMostPageRows) return std::nullopt;  // one pass over every list is then cheaper

    std::vector<std::uint64_t> part_tokens;
    std::vector<std::vector<std::uint32_t>> part_of_turn;
    for (const auto& segment : segments) part_of_turn.push_back(parts_of_turns(*segment, part_tokens));
    page.parts = part_tokens.size();

    // One task per (row, segment holding its term); a row's tasks are in segment order.
    struct RowTask {
        std::size_t row;
        Task task;
    };
    std::vector<RowTask> tasks;
    for (std::size_t r = 0; r < page.rows.size(); ++r)
        for (std::size_t s = 0; s < segments.size(); ++s)
            if (const auto id = segments[s]->lexicon(attribute).terms().find(page.rows[r].term))
                tasks.push_back({r, Task{.segment = s, .first = *id, .last = *id + 1}});
    std::atomic<bool> failed{false};
    parallel_tasks(tasks.size(), threads, [&](std::size_t t) {
        if (failed.load(std::memory_order_relaxed) || stop.requested()) return;
        auto& task = tasks[t].task;
        if (!decode(*segments[task.segment], attribute, true, part_of_turn[task.segment], task)) failed = true;
    });
    if (failed) return std::nullopt;
    if (stop.requested()) return page;

    // As whole_corpus_from_turns accumulates: each term's parts in event order, means, then the squares.
    std::size_t first_task = 0;
    for (std::size_t r = 0; r < page.rows.size(); ++r) {
        auto& row = page.rows[r];
        std::size_t end_task = first_task;
        std::uint64_t frequency = 0, events = 0, turns = 0;
        for (; end_task < tasks.size() && tasks[end_task].row == r; ++end_task) {
            frequency += tasks[end_task].task.frequency[0];
            events += tasks[end_task].task.events[0];
            turns += tasks[end_task].task.turns[0];
        }
        if (frequency != row.frequency) return std::nullopt;
        TermSpread spread;
        for (auto t = first_task; t < end_task; ++t)
            for (const auto& pc : tasks[t].task.pairs) spread.add(pc.count, part_tokens[pc.part], frequency, total_tokens);
        const double mean = spread.mean(page.parts);
        for (auto t = first_task; t < end_task; ++t)
            for (const auto& pc : tasks[t].task.pairs) spread.add_square(pc.count, part_tokens[pc.part], mean);
        row.events = events;
        row.turns = turns;
        row.juilland_d = spread.d(page.parts, events, mean);
        row.gries_dp = spread.dp(total_tokens);
        first_task = end_task;
    }
    return page;
}

std::optional<FrequencyTable> whole_corpus_from_turns(const index::Index& index, const FrequencyOptions& options, unsigned threads,
                                                      std::uint64_t total_tokens, Interruption& stop) {
    const auto attribute = options.attribute;
    const auto& segments = index.segments();
    if (attribute == Attribute::word) return std::nullopt;
    for (const auto& segment : segments)
        if (!segment->has_turn_frequencies()) return std::nullopt;

    std::vector<std::uint64_t> part_tokens;
    std::vector<std::vector<std::uint32_t>> part_of_turn;
    std::vector<Task> tasks;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        part_of_turn.push_back(parts_of_turns(*segments[s], part_tokens));
        const auto terms = static_cast<std::uint32_t>(segments[s]->lexicon(attribute).size());
        for (std::uint32_t first = 0; first < terms; first += kTermsPerTask)
            tasks.push_back({.segment = s, .first = first, .last = std::min(terms, first + kTermsPerTask)});
    }
    std::atomic<bool> failed{false};
    std::atomic<std::uint64_t> done{0};
    parallel_tasks(tasks.size(), threads, [&](std::size_t t) {
        if (failed.load(std::memory_order_relaxed) || stop.requested()) return;
        auto& task = tasks[t];
        if (!decode(*segments[task.segment], attribute, options.dispersion, part_of_turn[task.segment], task)) failed = true;
        std::uint64_t tokens = 0;
        for (const auto f : task.frequency) tokens += f;
        if (options.progress) options.progress(done.fetch_add(tokens, std::memory_order_relaxed) + tokens, total_tokens);
    });
    if (failed || stop.requested()) return failed ? std::nullopt : std::optional<FrequencyTable>(FrequencyTable{});

    // Terms joined by string across segments.
    std::unordered_map<std::string_view, std::uint32_t> ids;
    std::vector<std::string_view> terms;
    std::vector<std::uint64_t> frequency, events, turns;
    std::vector<std::vector<std::uint32_t>> global_of(segments.size());
    for (std::size_t s = 0; s < segments.size(); ++s) global_of[s].assign(segments[s]->lexicon(attribute).size(), kNone);
    for (const auto& task : tasks) {
        const auto& lexicon = segments[task.segment]->lexicon(attribute);
        for (std::uint32_t i = 0; i < task.last - task.first; ++i) {
            if (task.frequency[i] == 0) continue;
            const auto term = lexicon.term(task.first + i);
            const auto [found, inserted] = ids.try_emplace(term, static_cast<std::uint32_t>(terms.size()));
            if (inserted) {
                terms.push_back(term);
                frequency.push_back(0);
                events.push_back(0);
                turns.push_back(0);
            }
            const auto id = found->second;
            global_of[task.segment][task.first + i] = id;
            frequency[id] += task.frequency[i];
            events[id] += task.events[i];
            turns[id] += task.turns[i];
        }
    }

    FrequencyTable table;
    std::vector<TermSpread> spread(terms.size());
    std::vector<double> mean(terms.size());
    if (options.dispersion) {
        table.parts = part_tokens.size();
        // Segment after segment, so that each term's parts are visited in event order; within a segment
        // its terms are distinct, so tasks can run side by side.
        auto each_pair = [&](const auto& visit) {
            for (std::size_t s = 0; s < segments.size(); ++s) {
                std::vector<std::size_t> mine;
                for (std::size_t t = 0; t < tasks.size(); ++t)
                    if (tasks[t].segment == s) mine.push_back(t);
                parallel_tasks(mine.size(), threads, [&](std::size_t k) {
                    const auto& task = tasks[mine[k]];
                    std::size_t pair = 0;
                    for (std::uint32_t i = 0; i < task.last - task.first; ++i) {
                        const auto id = global_of[s][task.first + i];
                        for (; pair < task.pairs_end[i]; ++pair) visit(id, task.pairs[pair]);
                    }
                });
            }
        };
        each_pair([&](std::uint32_t id, const PartCount& pc) { spread[id].add(pc.count, part_tokens[pc.part], frequency[id], total_tokens); });
        for (std::size_t id = 0; id < terms.size(); ++id) mean[id] = spread[id].mean(table.parts);
        each_pair([&](std::uint32_t id, const PartCount& pc) { spread[id].add_square(pc.count, part_tokens[pc.part], mean[id]); });
    }
    table.rows.resize(terms.size());
    for (std::size_t id = 0; id < terms.size(); ++id) {
        auto& row = table.rows[id];
        row.term = std::string(terms[id]);
        row.frequency = frequency[id];
        row.per_million = total_tokens == 0 ? 0.0 : double(row.frequency) * 1e6 / double(total_tokens);
        if (options.dispersion) {
            row.events = events[id];
            row.turns = turns[id];
            row.juilland_d = spread[id].d(table.parts, events[id], mean[id]);
            row.gries_dp = spread[id].dp(total_tokens);
        }
    }
    std::sort(table.rows.begin(), table.rows.end(), [](const FrequencyRow& a, const FrequencyRow& b) { return a.term < b.term; });
    return table;
}

}  // namespace presser::analysis
