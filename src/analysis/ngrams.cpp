#include "analysis/ngrams.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <thread>
#include <unordered_map>

#include "analysis/attribute_reader.h"
#include "query/corpus_query.h"

namespace presser::analysis {
namespace {

__extension__ using Wide = unsigned __int128;
constexpr std::uint32_t kNone = UINT32_MAX;

// The terms that can be part of an n-gram passing min_frequency, numbered densely across segments (terms
// are joined by string): a term whose lexicon counts sum below it cannot, since no subcorpus holds more of
// it than the lexicons do.
struct Vocabulary {
    std::vector<std::vector<std::uint32_t>> compact;  // per segment, by term id: the dense id or kNone
    std::vector<std::string_view> terms;              // by dense id
    unsigned bits = 1;
};

Vocabulary eligible_terms(const index::Index& index, index::Attribute attribute, std::uint64_t min_frequency) {
    std::unordered_map<std::string_view, std::pair<std::uint64_t, std::uint32_t>> totals;
    for (const auto& segment : index.segments()) {
        const auto& lexicon = segment->lexicon(attribute);
        for (std::uint32_t id = 0; id < lexicon.size(); ++id) totals[lexicon.term(id)].first += lexicon.count(id);
    }
    Vocabulary vocabulary;
    for (auto& [term, entry] : totals) {
        if (entry.first < min_frequency) continue;
        entry.second = static_cast<std::uint32_t>(vocabulary.terms.size());
        vocabulary.terms.push_back(term);
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

template <typename Key>
std::uint64_t hash_key(Key key) {
    std::uint64_t h = static_cast<std::uint64_t>(key) ^ (static_cast<std::uint64_t>(Wide(key) >> 64) * 0x9E3779B97F4A7C15ull);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

// Open addressing with linear probing; a value of 0 marks an empty slot.
template <typename Key>
class KeyTable {
public:
    explicit KeyTable(std::size_t expected = 1024) {
        std::size_t capacity = 1024;
        while (capacity < expected * 2) capacity *= 2;
        keys_.resize(capacity);
        values_.assign(capacity, 0);
    }
    // The value slot of `key`, inserted as 0 when absent (the caller sets it non-zero).
    std::uint32_t& slot(Key key, std::uint64_t hash) {
        if ((size_ + 1) * 2 > keys_.size()) grow();
        auto i = position(key, hash);
        if (values_[i] == 0) {
            keys_[i] = key;
            ++size_;
        }
        return values_[i];
    }
    // The value of `key`, 0 when absent.
    [[nodiscard]] std::uint32_t find(Key key, std::uint64_t hash) const { return values_[position(key, hash)]; }
    template <typename Visit>
    void each(const Visit& visit) const {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (values_[i] != 0) visit(keys_[i], values_[i]);
    }
    [[nodiscard]] std::size_t size() const { return size_; }

private:
    [[nodiscard]] std::size_t position(Key key, std::uint64_t hash) const {
        const std::size_t mask = keys_.size() - 1;
        auto i = static_cast<std::size_t>(hash >> 20) & mask;
        while (values_[i] != 0 && keys_[i] != key) i = (i + 1) & mask;
        return i;
    }
    void grow() {
        KeyTable bigger(keys_.size());
        each([&](Key key, std::uint32_t value) { bigger.slot(key, hash_key(key)) = value; });
        *this = std::move(bigger);
    }
    std::vector<Key> keys_;
    std::vector<std::uint32_t> values_;
    std::size_t size_ = 0;
};

struct Stat {
    std::uint64_t frequency = 0;  // exact, from the counting pass, before range and dispersion are taken
    std::uint32_t events = 0, turns = 0;
    std::uint32_t last_event = kNone, last_turn = kNone, in_event = 0;
    double dp_sum = 0;  // Σ over the events it occurs in of |v_i - s_i| - s_i (see dispersion())
};

template <typename Key>
class Counter {
public:
    Counter(const index::Index& index, const Runs& runs, const Vocabulary& vocabulary, const NgramOptions& options, unsigned threads)
        : index_(index), runs_(runs), vocabulary_(vocabulary), options_(options), threads_(threads) {
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
        passes_ = options_.min_frequency > 1 ? 3 : 2;
        if (options_.min_frequency > 1) {
            // Saturating counters by hash, an upper bound of every n-gram's frequency.
            const auto width = std::clamp<int>(std::bit_width(runs_.tokens) + 1, 16, 28);
            filter_.assign(std::size_t{1} << width, 0);
            filter_mask_ = filter_.size() - 1;
            if (auto error = parallel([&](unsigned t) {
                    scan(t, [&](Key, std::uint64_t hash, const Run&) {
                        auto& counter = filter_[hash & filter_mask_];
                        if (counter < 255) ++counter;
                    });
                }))
                return *error;
        }
        std::vector<KeyTable<Key>> counts(threads_);
        std::vector<std::uint64_t> positions(threads_, 0);
        if (auto error = parallel([&](unsigned t) {
                scan(t, [&](Key key, std::uint64_t hash, const Run&) {
                    ++positions[t];
                    if (!filter_.empty() && filter_[hash & filter_mask_] < std::min<std::uint64_t>(options_.min_frequency, 255)) return;
                    ++counts[t].slot(key, hash);
                });
            }))
            return *error;
        for (const auto p : positions) table.positions += p;
        // Survivors of the frequency threshold, numbered per thread; range and dispersion in a last pass.
        std::vector<KeyTable<Key>> survivors;
        std::vector<std::vector<Key>> keys(threads_);
        std::vector<std::vector<Stat>> stats(threads_);
        for (unsigned t = 0; t < threads_; ++t) {
            survivors.emplace_back(counts[t].size() / 4);
            counts[t].each([&](Key key, std::uint32_t count) {
                if (count < options_.min_frequency) return;
                keys[t].push_back(key);
                stats[t].push_back({.frequency = count});
                survivors[t].slot(key, hash_key(key)) = static_cast<std::uint32_t>(keys[t].size());
            });
            counts[t] = KeyTable<Key>();
        }
        if (auto error = parallel([&](unsigned t) {
                scan(t, [&](Key key, std::uint64_t hash, const Run& run) {
                    const auto index = survivors[t].find(key, hash);
                    if (index == 0) return;
                    auto& stat = stats[t][index - 1];
                    if (stat.last_turn != run.turn) {
                        stat.last_turn = run.turn;
                        ++stat.turns;
                    }
                    if (stat.last_event != run.event) {
                        flush(stat);
                        stat.last_event = run.event;
                        stat.in_event = 0;
                        ++stat.events;
                    }
                    ++stat.in_event;
                });
            }))
            return *error;
        for (unsigned t = 0; t < threads_; ++t) {
            for (std::size_t i = 0; i < keys[t].size(); ++i) {
                auto& stat = stats[t][i];
                flush(stat);
                NgramRow row{.ngram = value(keys[t][i]), .frequency = stat.frequency, .events = stat.events, .turns = stat.turns,
                             .dp = std::max(0.0, 0.5 * (stat.dp_sum + 1.0))};
                if (row.frequency < options_.min_frequency || row.events < options_.min_events || row.turns < options_.min_turns) continue;
                if (options_.max_dp && row.dp > *options_.max_dp) continue;
                table.rows.push_back(std::move(row));
            }
        }
        std::sort(table.rows.begin(), table.rows.end(), [](const NgramRow& a, const NgramRow& b) {
            return a.frequency != b.frequency ? a.frequency > b.frequency : a.ngram < b.ngram;
        });
        return table;
    }

private:
    // Gries' DP = 0.5 Σ_i |v_i - s_i| over all parts; the parts an n-gram is absent from add s_i each, and
    // Σ s_i = 1, so it is 0.5 (1 + Σ_present (|v_i - s_i| - s_i)), kept per n-gram as it goes.
    void flush(Stat& stat) const {
        if (stat.last_event == kNone || stat.in_event == 0) return;
        const double share = static_cast<double>(runs_.event_tokens[stat.last_event]) / static_cast<double>(runs_.tokens);
        stat.dp_sum += std::abs(static_cast<double>(stat.in_event) / static_cast<double>(stat.frequency) - share) - share;
        stat.in_event = 0;
    }
    template <typename Work>
    std::optional<Error> parallel(const Work& work) {
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads_; ++t) pool.emplace_back([&, t] { work(t); });
        work(0);
        for (auto& thread : pool) thread.join();
        ++pass_;
        if (options_.cancel && options_.cancel->load()) return plain_error("cancelled");
        return std::nullopt;
    }

    // Calls emit(key, hash, run) for every n-gram of every run whose hash this thread owns.
    template <typename Emit>
    void scan(unsigned thread, const Emit& emit) const {
        const unsigned n = options_.n;
        const Key mask = n * vocabulary_.bits >= sizeof(Key) * 8 ? ~Key{0} : (Key{1} << (n * vocabulary_.bits)) - 1;
        std::vector<std::uint32_t> ids;
        std::uint64_t done = 0, reported = 0;
        for (const auto& run : runs_.runs) {
            if (options_.cancel && options_.cancel->load(std::memory_order_relaxed)) return;
            const auto& segment = *index_.segments()[run.segment];
            const auto& compact = vocabulary_.compact[run.segment];
            ids.clear();
            read_attribute(segment, options_.attribute, run.from, run.to, ids);
            Key key = 0;
            std::size_t valid = 0;  // ids since the last ineligible one
            std::size_t since_containing = containing_ == UINT32_MAX - 1 ? 0 : n;  // ids since `containing`
            for (const auto raw : ids) {
                const auto id = raw < compact.size() ? compact[raw] : kNone;
                if (id == kNone) {
                    valid = 0;
                    key = 0;
                    continue;
                }
                key = ((key << vocabulary_.bits) | id) & mask;
                ++valid;
                since_containing = id == containing_ ? 0 : since_containing + 1;
                if (valid < n || (containing_ != UINT32_MAX - 1 && since_containing >= n)) continue;
                const auto hash = hash_key(key);
                if (hash % threads_ == thread) emit(key, hash, run);
            }
            done += run.to - run.from;
            if (thread == 0 && options_.progress && done - reported > (1u << 22)) {
                reported = done;
                options_.progress(pass_ * runs_.tokens + done, passes_ * runs_.tokens);
            }
        }
    }

    std::string value(Key key) const {
        std::string out;
        const Key id_mask = (Key{1} << vocabulary_.bits) - 1;
        for (unsigned j = 0; j < options_.n; ++j) {
            const auto id = static_cast<std::uint32_t>((key >> (vocabulary_.bits * (options_.n - 1 - j))) & id_mask);
            if (j > 0) out += ' ';
            out += vocabulary_.terms[id];
        }
        return out;
    }

    const index::Index& index_;
    const Runs& runs_;
    const Vocabulary& vocabulary_;
    const NgramOptions& options_;
    unsigned threads_;
    std::uint32_t containing_ = UINT32_MAX - 1;  // UINT32_MAX - 1: no --containing
    std::vector<std::uint8_t> filter_;
    std::uint64_t filter_mask_ = 0;
    unsigned pass_ = 0, passes_ = 2;
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
    // Threads split the n-grams by hash, so a power of two keeps the counters of different threads apart.
    unsigned threads = options.threads == 0 ? query::hardware_threads() : options.threads;
    threads = std::bit_floor(std::max(1u, threads));
    const unsigned bits = options.n * vocabulary.bits;
    if (bits <= 64) return Counter<std::uint64_t>(index, runs, vocabulary, effective, threads).run();
    if (bits <= 128) return Counter<Wide>(index, runs, vocabulary, effective, threads).run();
    return plain_error("too many distinct terms (" + std::to_string(vocabulary.terms.size()) + ") for " + std::to_string(options.n) +
                       "-grams: raise the minimum frequency");
}

}  // namespace presser::analysis
