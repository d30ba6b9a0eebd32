#include "analysis/ngrams.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "analysis/attribute_reader.h"
#include "analysis/interruption.h"
#include "analysis/on_threads.h"
#include "analysis/radix_sort.h"
#include "query/corpus_query.h"

namespace presser::analysis {
namespace {

__extension__ using Wide = unsigned __int128;
constexpr std::uint32_t kNone = UINT32_MAX;

// Asks for transparent huge pages over a large buffer not yet written: one fault per 2 MB instead of one
// per 4 kB (at 100M tokens, the 4 kB faults cost more system time than the sorts take).
void advise_huge_pages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice only: a refusal changes nothing
#else
    (void)data;
    (void)bytes;
#endif
}

template <typename T>
void reserve_huge(std::vector<T>& buffer, std::size_t size) {
    if (buffer.capacity() >= size) return;
    buffer.reserve(size);
    advise_huge_pages(buffer.data(), size * sizeof(T));
}

// The terms that can be part of an n-gram passing min_frequency, numbered densely across segments (terms
// are joined by string) in string order: a term whose lexicon counts sum below it cannot pass, since no
// subcorpus holds more of it than the lexicons do.
struct Vocabulary {
    std::vector<std::vector<std::uint32_t>> compact;  // per segment, by term id: the dense id or kNone
    std::vector<std::string_view> terms;              // by dense id, sorted
    unsigned bits = 1;
    // No term holds a byte at or below the space: then n-grams (terms joined by spaces) sort as their
    // tuples of ids, so as their packed keys.
    bool keys_sort_as_values = true;
};

Vocabulary eligible_terms(const index::Index& index, index::Attribute attribute, std::uint64_t min_frequency) {
    std::unordered_map<std::string_view, std::pair<std::uint64_t, std::uint32_t>> totals;
    for (const auto& segment : index.segments()) {
        const auto& lexicon = segment->lexicon(attribute);
        for (std::uint32_t id = 0; id < lexicon.size(); ++id) totals[lexicon.term(id)].first += lexicon.count(id);
    }
    Vocabulary vocabulary;
    for (const auto& [term, entry] : totals)
        if (entry.first >= min_frequency) vocabulary.terms.push_back(term);
    std::sort(vocabulary.terms.begin(), vocabulary.terms.end());
    for (std::uint32_t id = 0; id < vocabulary.terms.size(); ++id) {
        const auto term = vocabulary.terms[id];
        totals[term].second = id;
        if (std::any_of(term.begin(), term.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; })) vocabulary.keys_sort_as_values = false;
    }
    vocabulary.bits = std::max(1, static_cast<int>(std::bit_width(vocabulary.terms.size())));
    for (const auto& segment : index.segments()) {
        const auto& lexicon = segment->lexicon(attribute);
        auto& map = vocabulary.compact.emplace_back(lexicon.size(), kNone);
        for (std::uint32_t id = 0; id < lexicon.size(); ++id) {
            const auto& entry = totals.find(lexicon.term(id))->second;
            if (entry.first >= min_frequency) map[id] = entry.second;
        }
    }
    return vocabulary;
}

// A stretch of one turn inside one span of the subcorpus: n-grams are counted inside runs only.
struct Run {
    std::uint32_t segment, from, to, event, turn;  // event and turn: numbered across segments
};

struct Runs {
    std::vector<Run> runs;
    std::vector<std::uint64_t> event_tokens;  // tokens of each event in the subcorpus
    std::vector<std::uint32_t> turn_event;    // by turn (numbered across segments), its event
    std::uint64_t tokens = 0;
};

Runs subcorpus_runs(const index::Index& index, const TokenSpans& subcorpus) {
    Runs out;
    std::uint32_t event_base = 0, turn_base = 0;
    const auto& segments = index.segments();
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const auto& events = segments[s]->regions(index::Structure::event);
        const auto& turns = segments[s]->regions(index::Structure::turn);
        out.event_tokens.resize(event_base + events.size(), 0);
        out.turn_event.resize(turn_base + turns.size(), kNone);
        std::uint64_t event_hint = 0, turn_hint = 0;
        if (s < subcorpus.segments.size()) {
            for (const auto& span : subcorpus.segments[s]) {
                for (std::uint32_t at = span.start; at < span.end;) {
                    const auto event = events.find_from(at, event_hint);
                    const auto turn = turns.find_from(at, turn_hint);
                    if (!event || !turn) break;  // positions outside any event or turn: a damaged segment
                    event_hint = *event;
                    turn_hint = *turn;
                    const auto to = std::min({span.end, events.end(*event), turns.end(*turn)});
                    if (to <= at) break;
                    out.runs.push_back({static_cast<std::uint32_t>(s), at, to, event_base + static_cast<std::uint32_t>(*event),
                                        turn_base + static_cast<std::uint32_t>(*turn)});
                    out.event_tokens[event_base + *event] += to - at;
                    out.turn_event[turn_base + *turn] = event_base + static_cast<std::uint32_t>(*event);
                    out.tokens += to - at;
                    at = to;
                }
            }
        }
        event_base += static_cast<std::uint32_t>(events.size());
        turn_base += static_cast<std::uint32_t>(turns.size());
    }
    return out;
}

// The subcorpus's tokens as dense vocabulary ids, run after run, each run followed by kAbsent, with
// kAbsent for a term that cannot pass: every partition's scan reads this array instead of decoding the
// token stream again, and no n-gram holding kAbsent crosses a run. `Id` is 16 bits when the vocabulary
// allows (half the memory and half the bytes each partition's scan reads), else 32.
template <typename Id>
struct DenseTokens {
    std::unique_ptr<Id[]> ids;
    std::vector<std::uint64_t> run_start;  // by run, where its ids begin; one more entry for the end
    std::vector<std::uint64_t> first_count;  // by dense id: the tokens holding it (n-gram starts at most)
};

// One sorted partition: the n-grams whose first term is in [first_low, first_high).
struct Partition {
    std::uint32_t first_low, first_high;
    std::uint64_t starts;  // at most this many n-gram starts
};

// An n-gram that passed every threshold, its value still packed.
template <typename Key>
struct Survivor {
    Key key;
    std::uint64_t frequency;
    std::uint32_t events, turns;  // at most the turns, numbered in 32 bits
    double dp;
};

template <typename Key, typename Id>
class Counter {
    static constexpr Id kAbsent = std::numeric_limits<Id>::max();


public:
    Counter(const index::Index& index, const Runs& runs, const Vocabulary& vocabulary, const NgramOptions& options, unsigned threads)
        : index_(index), runs_(runs), vocabulary_(vocabulary), options_(options), threads_(threads), stop_(options.cancel, options.checkpoint) {
        if (options.containing.empty()) return;
        containing_ = kNone;
        for (std::uint32_t id = 0; id < vocabulary.terms.size(); ++id)
            if (vocabulary.terms[id] == options.containing) containing_ = id;
    }

    Result<NgramTable> run() {
        NgramTable table;
        table.tokens = runs_.tokens;
        for (const auto tokens : runs_.event_tokens) table.events += tokens > 0;
        if (!options_.containing.empty() && containing_ == kNone) return table;
        read_tokens();
        if (stop_.requested()) return stop_.error();
        const auto partitions = plan();
        for (const auto& partition : partitions) most_starts_ = std::max(most_starts_, partition.starts);
        // Each thread keeps its partitions' rows in one vector (one allocation that grows rarely), each
        // partition's rows sorted in place; `lists` says where each partition's are.
        std::vector<std::vector<Survivor<Key>>> kept(threads_);
        std::vector<List> lists(partitions.size());
        std::vector<std::uint64_t> positions(partitions.size(), 0);
        std::atomic<std::size_t> next{0};
        on_threads(threads_, [&](unsigned t) {
            Buffers buffers;
            reserve_huge(kept[t], runs_.tokens / (16 * threads_) + 1);  // a guess: 3-grams of frequency >= 5 are about 1 in 18 tokens
            for (auto p = next.fetch_add(1); p < partitions.size() && !stop_.requested(); p = next.fetch_add(1)) {
                lists[p] = {t, kept[t].size(), 0};
                positions[p] = count(partitions[p], buffers, kept[t]);
                lists[p].end = kept[t].size();
                std::sort(kept[t].begin() + static_cast<std::ptrdiff_t>(lists[p].begin), kept[t].end(), row_order);
                report(partitions[p].starts);
            }
        });
        if (stop_.requested()) return stop_.error();
        tokens_.ids.reset();  // not needed any more: the rows below are the peak of memory
        for (const auto p : positions) table.positions += p;
        table.rows = values(merge(kept, lists));
        if (!vocabulary_.keys_sort_as_values) {
            std::sort(table.rows.begin(), table.rows.end(), [](const NgramRow& a, const NgramRow& b) {
                return a.frequency != b.frequency ? a.frequency > b.frequency : a.ngram < b.ngram;
            });
        }
        return table;
    }

private:
    // Rows by decreasing frequency, then by value: by key when keys sort as values (else sorted again).
    static bool row_order(const Survivor<Key>& a, const Survivor<Key>& b) {
        return a.frequency != b.frequency ? a.frequency > b.frequency : a.key < b.key;
    }

    struct List {
        unsigned thread;
        std::size_t begin, end;
    };

    // The partitions' sorted rows merged into one sorted order.
    static std::vector<const Survivor<Key>*> merge(const std::vector<std::vector<Survivor<Key>>>& kept, const std::vector<List>& lists) {
        std::size_t total = 0;
        for (const auto& list : kept) total += list.size();
        std::vector<const Survivor<Key>*> out;
        out.reserve(total);
        std::vector<std::pair<const Survivor<Key>*, const Survivor<Key>*>> heads;  // (next row, end) of each list
        auto later = [](const auto& x, const auto& y) { return row_order(*y.first, *x.first); };
        for (const auto& list : lists)
            if (list.end > list.begin) heads.emplace_back(kept[list.thread].data() + list.begin, kept[list.thread].data() + list.end);
        std::make_heap(heads.begin(), heads.end(), later);
        while (!heads.empty()) {
            std::pop_heap(heads.begin(), heads.end(), later);
            auto& [row, end] = heads.back();
            out.push_back(row);
            if (++row != end) std::push_heap(heads.begin(), heads.end(), later);
            else heads.pop_back();
        }
        return out;
    }

    // The rows with their values spelled out, on every thread.
    std::vector<NgramRow> values(const std::vector<const Survivor<Key>*>& order) const {
        std::vector<NgramRow> rows;
        reserve_huge(rows, order.size());
        rows.resize(order.size());
        on_threads(threads_, [&](unsigned t) {
            for (std::size_t i = order.size() * t / threads_; i < order.size() * (t + 1) / threads_; ++i) {
                const auto& survivor = *order[i];
                rows[i] = {.ngram = value(survivor.key), .frequency = survivor.frequency, .events = survivor.events, .turns = survivor.turns, .dp = survivor.dp};
            }
        });
        return rows;
    }

    struct Buffers {
        std::vector<Key> keys, scratch_keys;
        std::vector<std::uint32_t> turns, scratch_turns;
    };

    // Progress counts every token twice: once read, once through the partitions (by n-gram starts).
    // Serialised: the callback need not be thread-safe.
    void report(std::uint64_t tokens) {
        const std::lock_guard lock(progress_mutex_);
        done_ += tokens;
        if (options_.progress) options_.progress(std::min(done_, 2 * runs_.tokens), 2 * runs_.tokens);
    }

    void read_tokens() {
        const auto& runs = runs_.runs;
        tokens_.run_start.resize(runs.size() + 1, 0);
        for (std::size_t r = 0; r < runs.size(); ++r) tokens_.run_start[r + 1] = tokens_.run_start[r] + (runs[r].to - runs[r].from) + 1;
        tokens_.ids = std::make_unique_for_overwrite<Id[]>(tokens_.run_start.back());
        advise_huge_pages(tokens_.ids.get(), tokens_.run_start.back() * sizeof(Id));
        std::vector<std::vector<std::uint64_t>> first_counts(threads_);
        on_threads(threads_, [&](unsigned t) {
            auto& first_count = first_counts[t];
            first_count.assign(vocabulary_.terms.size(), 0);
            std::vector<std::uint32_t> raw;
            std::uint64_t read = 0;
            for (std::size_t r = runs.size() * t / threads_; r < runs.size() * (t + 1) / threads_; ++r) {
                if (r % 64 == 0 && stop_.requested()) return;
                const auto& run = runs[r];
                const auto& compact = vocabulary_.compact[run.segment];
                raw.clear();
                read_attribute(*index_.segments()[run.segment], options_.attribute, run.from, run.to, raw);
                auto* out = tokens_.ids.get() + tokens_.run_start[r];
                for (std::size_t i = 0; i < raw.size(); ++i) {
                    const auto id = raw[i] < compact.size() ? compact[raw[i]] : kNone;
                    out[i] = id == kNone ? kAbsent : static_cast<Id>(id);
                    if (id != kNone) ++first_count[id];
                }
                out[raw.size()] = kAbsent;
                read += raw.size();
                if (read >= (1u << 22)) {
                    report(read);
                    read = 0;
                }
            }
            report(read);
        });
        tokens_.first_count = std::move(first_counts[0]);
        for (unsigned t = 1; t < threads_; ++t)
            for (std::size_t id = 0; id < tokens_.first_count.size(); ++id) tokens_.first_count[id] += first_counts[t][id];
    }

    // Ranges of first terms holding about the same number of n-gram starts each, small enough for the sort
    // buffers to stay within a few hundred MB, and at least one per thread.
    [[nodiscard]] std::vector<Partition> plan() const {
        constexpr std::uint64_t kMostStarts = 3u << 20;
        const std::uint64_t total = std::max<std::uint64_t>(1, runs_.tokens);
        const std::uint64_t wanted = std::max<std::uint64_t>(threads_, (total + kMostStarts - 1) / kMostStarts);
        const std::uint64_t each = std::max<std::uint64_t>(1, (total + wanted - 1) / wanted);
        std::vector<Partition> out;
        Partition current{0, 0, 0};
        const auto terms = static_cast<std::uint32_t>(tokens_.first_count.size());
        for (std::uint32_t id = 0; id < terms; ++id) {
            if (current.starts > 0 && current.starts + tokens_.first_count[id] > each) {
                current.first_high = id;
                out.push_back(current);
                current = {id, id, 0};
            }
            current.starts += tokens_.first_count[id];
        }
        current.first_high = terms;
        if (current.starts > 0 || out.empty()) out.push_back(current);
        return out;
    }

    // Sorts the partition's n-gram starts, with their turns, and turns each run of one n-gram into a row
    // when it passes every threshold. Returns the n-gram starts it counted.
    std::uint64_t count(const Partition& partition, Buffers& buffers, std::vector<Survivor<Key>>& rows) {
        const unsigned n = options_.n, bits = vocabulary_.bits;
        const unsigned rest_bits = (n - 1) * bits;
        const std::uint32_t width = partition.first_high - partition.first_low;
        auto& keys = buffers.keys;
        auto& turns = buffers.turns;
        keys.clear();
        turns.clear();
        reserve_huge(keys, most_starts_);
        reserve_huge(turns, most_starts_);
        const Id* ids = tokens_.ids.get();
        const std::uint64_t size = tokens_.run_start.back();
        const auto low = static_cast<Id>(partition.first_low);
        std::size_t run = 0;
        // Candidates (a first term in the range) by a mask of 64 positions at a time: one flag byte per
        // position in a loop the compiler vectorises, then 8 flags into 8 mask bits by one multiplication
        // (flag j, at bit 8j, lands at bit 56 + j). Most positions are not candidates.
        constexpr std::uint64_t kBlock = 64;
        alignas(16) std::uint8_t flags[kBlock];
        for (std::uint64_t block = 0; block < size; block += kBlock) {
            if (block % (kBlock << 14) == 0 && stop_.requested()) return 0;
            std::uint64_t mask = 0;
            if (block + kBlock <= size) {
                const Id* at = ids + block;
                for (unsigned k = 0; k < kBlock; ++k) flags[k] = static_cast<Id>(at[k] - low) < width;
                for (unsigned w = 0; w < kBlock / 8; ++w) {
                    std::uint64_t eight;
                    std::memcpy(&eight, flags + 8 * w, 8);
                    mask |= ((eight * 0x0102040810204080ull) >> 56) << (8 * w);
                }
            } else {
                for (unsigned k = 0; block + k < size; ++k) mask |= std::uint64_t(static_cast<Id>(ids[block + k] - low) < width) << k;
            }
            for (; mask != 0; mask &= mask - 1) {
                const auto i = block + static_cast<unsigned>(std::countr_zero(mask));
                Key key = static_cast<Id>(ids[i] - low);
                bool contains = containing_ == UINT32_MAX - 1 || ids[i] == containing_;
                unsigned j = 1;
                for (; j < n; ++j) {  // a run ends in kAbsent, so this stops inside the array
                    const auto id = ids[i + j];
                    if (id == kAbsent) break;
                    contains |= id == containing_;
                    key = (key << bits) | id;
                }
                if (j < n || !contains) continue;
                while (tokens_.run_start[run + 1] <= i) ++run;
                keys.push_back(key);
                turns.push_back(runs_.runs[run].turn);
            }
        }
        const unsigned key_bits = rest_bits + static_cast<unsigned>(std::bit_width(width));
        reserve_huge(buffers.scratch_keys, most_starts_);
        reserve_huge(buffers.scratch_turns, most_starts_);
        radix_sort(keys, turns, key_bits, buffers.scratch_keys, buffers.scratch_turns);
        const Key base = Key(partition.first_low) << rest_bits;
        for (std::size_t i = 0; i < keys.size();) {
            std::size_t j = i + 1;
            while (j < keys.size() && keys[j] == keys[i]) ++j;
            if (j - i >= options_.min_frequency) {
                auto row = measure(turns.data() + i, turns.data() + j);
                if (row.events >= options_.min_events && row.turns >= options_.min_turns && (!options_.max_dp || row.dp <= *options_.max_dp)) {
                    row.key = base + keys[i];
                    rows.push_back(row);
                }
            }
            i = j;
        }
        return keys.size();
    }

    // Frequency, range and Gries' DP of one n-gram from the turns of its starts, in position order.
    // DP = 0.5 Σ_i |v_i - s_i| over all parts; the parts an n-gram is absent from add s_i each, and Σ s_i = 1,
    // so it is 0.5 (1 + Σ_present (|v_i - s_i| - s_i)).
    [[nodiscard]] Survivor<Key> measure(const std::uint32_t* first, const std::uint32_t* last) const {
        Survivor<Key> row{};
        row.frequency = static_cast<std::uint64_t>(last - first);
        double dp_sum = 0;
        std::uint32_t last_turn = kNone, last_event = kNone, in_event = 0;
        auto flush = [&] {
            if (last_event == kNone || in_event == 0) return;
            const double share = static_cast<double>(runs_.event_tokens[last_event]) / static_cast<double>(runs_.tokens);
            dp_sum += std::abs(static_cast<double>(in_event) / static_cast<double>(row.frequency) - share) - share;
        };
        for (auto* turn = first; turn != last; ++turn) {
            if (*turn != last_turn) {
                last_turn = *turn;
                ++row.turns;
                const auto event = runs_.turn_event[*turn];
                if (event != last_event) {
                    flush();
                    last_event = event;
                    in_event = 0;
                    ++row.events;
                }
            }
            ++in_event;
        }
        flush();
        row.dp = std::max(0.0, 0.5 * (dp_sum + 1.0));
        return row;
    }

    std::string value(Key key) const {
        const Key id_mask = (Key{1} << vocabulary_.bits) - 1;
        std::uint32_t ids[kMaxNgram];
        std::size_t length = options_.n - 1;
        for (unsigned j = 0; j < options_.n; ++j) {
            ids[j] = static_cast<std::uint32_t>((key >> (vocabulary_.bits * (options_.n - 1 - j))) & id_mask);
            length += vocabulary_.terms[ids[j]].size();
        }
        std::string out;
        out.reserve(length);  // one allocation: millions of rows
        for (unsigned j = 0; j < options_.n; ++j) {
            if (j > 0) out += ' ';
            out += vocabulary_.terms[ids[j]];
        }
        return out;
    }

    const index::Index& index_;
    const Runs& runs_;
    const Vocabulary& vocabulary_;
    const NgramOptions& options_;
    unsigned threads_;
    std::uint32_t containing_ = UINT32_MAX - 1;  // UINT32_MAX - 1: no --containing
    Interruption stop_;
    DenseTokens<Id> tokens_;
    std::uint64_t most_starts_ = 0;  // of any partition: the sort buffers are allocated once
    std::mutex progress_mutex_;
    std::uint64_t done_ = 0;
};

}  // namespace

Result<NgramTable> ngrams(const index::Index& index, const TokenSpans& subcorpus, const NgramOptions& options) {
    if (options.n < kMinNgram || options.n > kMaxNgram)
        return plain_error("n must be from " + std::to_string(kMinNgram) + " to " + std::to_string(kMaxNgram) + ", not " + std::to_string(options.n));
    // An n-gram in N events or turns occurs at least N times: a range threshold is a frequency threshold too,
    // which lets the hashed counters and the vocabulary drop what cannot pass.
    NgramOptions effective = options;
    effective.min_frequency = std::max({options.min_frequency, options.min_events, options.min_turns, std::uint64_t{1}});
    const auto vocabulary = eligible_terms(index, options.attribute, effective.min_frequency);
    const auto runs = subcorpus_runs(index, subcorpus);
    const unsigned threads = std::max(1u, options.threads == 0 ? query::hardware_threads() : options.threads);
    const unsigned bits = options.n * vocabulary.bits;
    const bool narrow = vocabulary.terms.size() < std::numeric_limits<std::uint16_t>::max();  // its maximum means absent
    if (bits <= 64) {
        if (narrow) return Counter<std::uint64_t, std::uint16_t>(index, runs, vocabulary, effective, threads).run();
        return Counter<std::uint64_t, std::uint32_t>(index, runs, vocabulary, effective, threads).run();
    }
    if (bits <= 128) {
        if (narrow) return Counter<Wide, std::uint16_t>(index, runs, vocabulary, effective, threads).run();
        return Counter<Wide, std::uint32_t>(index, runs, vocabulary, effective, threads).run();
    }
    return plain_error("too many distinct terms (" + std::to_string(vocabulary.terms.size()) + ") for " + std::to_string(options.n) +
                       "-grams: raise the minimum frequency");
}

}  // namespace presser::analysis
