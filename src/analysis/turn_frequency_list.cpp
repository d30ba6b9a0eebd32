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

}  // namespace

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
