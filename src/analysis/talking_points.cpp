#include "analysis/talking_points.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "analysis/interruption.h"
#include "analysis/on_threads.h"
#include "analysis/passage_tokens.h"
#include "analysis/talking_point_store.h"
#include "query/concordance.h"
#include "query/corpus_query.h"

namespace presser::analysis {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

struct WorkTurn {
    std::uint32_t segment = 0;  // in the index
    std::uint32_t turn = 0, event = 0;  // regions of the segment
    std::uint32_t event_key = 0;        // events numbered across the work
    std::uint32_t language = 0;         // in the state's list
    std::uint64_t begin = 0;            // of its tokens in Work::values, when loaded
    std::uint32_t length = 0;
    bool loaded = false;
};

struct Seed {
    std::uint32_t turn_a, offset_a, turn_b, offset_b;  // turn_a < turn_b
    auto operator<=>(const Seed&) const = default;
};

struct Alignment {
    std::uint32_t turn_a, first_a, last_a, turn_b, first_b, last_b;
};

struct Node {
    std::uint32_t turn, first, last;
};

class UnionFind {
public:
    explicit UnionFind(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), 0u); }
    std::uint32_t find(std::uint32_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void join(std::uint32_t a, std::uint32_t b) {
        a = find(a), b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<std::uint32_t> parent_;
};

bool same_parameters(const TalkingPointOptions& a, const TalkingPointOptions& b) {
    return a.attribute == b.attribute && a.min_tokens == b.min_tokens && a.shingle == b.shingle && a.window == b.window && a.band == b.band &&
           a.x_drop == b.x_drop && a.max_edit_share == b.max_edit_share && a.boilerplate_share == b.boilerplate_share &&
           a.boilerplate_min_events == b.boilerplate_min_events;
}

class Builder {
public:
    Builder(const index::Index& index, const TalkingPointOptions& options)
        : index_(index), options_(options), stop_(options.cancel, checkpoint_),
          threads_(std::max(1u, options.threads == 0 ? query::hardware_threads() : options.threads)) {}

    Result<TalkingPointBuildSummary> run();

private:
    void progress(std::string_view stage, std::uint64_t done, std::uint64_t total) const {
        if (options_.progress) options_.progress(stage, done, total);
    }
    std::uint32_t language_id(std::string_view language) {
        const auto found = std::find(state_.languages.begin(), state_.languages.end(), language);
        if (found != state_.languages.end()) return static_cast<std::uint32_t>(found - state_.languages.begin());
        state_.languages.emplace_back(language);
        return static_cast<std::uint32_t>(state_.languages.size() - 1);
    }
    std::uint32_t event_key(std::uint32_t segment, std::uint32_t event) {
        const auto [it, added] = event_keys_.try_emplace((std::uint64_t{segment} << 32) | event, static_cast<std::uint32_t>(event_keys_.size()));
        return it->second;
    }
    const TokenTables& tables(std::uint32_t segment) {
        auto& slot = tables_[segment];
        if (!slot) slot = std::make_unique<TokenTables>(token_tables(*index_.segments()[segment], options_.attribute));
        return *slot;
    }
    std::span<const std::uint32_t> tokens(const WorkTurn& turn) const { return {values_.data() + turn.begin, turn.length}; }
    void load(WorkTurn& turn);
    void keep_stored_turns(const TalkingPointStore& store);
    void read_new_segments(const std::vector<bool>& fresh);
    void fingerprint_new_turns(std::uint32_t first_new);
    void merge_stored_fingerprints(const TalkingPointStore& store);
    void make_seeds(std::uint32_t first_new);
    void align();
    void align_group(const Seed* begin, const Seed* end, std::vector<Alignment>& out, std::uint64_t& extensions) const;
    TalkingPointSet cluster(const TalkingPointSet* previous);

    const index::Index& index_;
    const TalkingPointOptions& options_;
    Checkpoint checkpoint_{};
    Interruption stop_;
    unsigned threads_;
    TalkingPointState state_;
    TalkingPointBuildSummary summary_;
    std::vector<WorkTurn> turns_;
    std::vector<std::uint32_t> values_;
    std::vector<StoredFingerprint> fingerprints_;
    std::vector<Seed> seeds_;
    std::vector<Alignment> alignments_;
    std::vector<std::uint32_t> old_turn_to_new_;  // stored turn -> work turn, or kNone
    std::unordered_map<std::uint64_t, std::uint32_t> event_keys_;
    std::vector<std::unique_ptr<TokenTables>> tables_;
    std::vector<std::uint32_t> scratch_lower_, scratch_lemma_;
};

void Builder::load(WorkTurn& turn) {
    if (turn.loaded) return;
    const auto& segment = *index_.segments()[turn.segment];
    const auto& regions = segment.regions(index::Structure::turn);
    turn.begin = values_.size();
    read_passage_tokens(segment, tables(turn.segment), regions.start(turn.turn), regions.end(turn.turn), values_, nullptr, scratch_lower_,
                        scratch_lemma_);
    turn.length = static_cast<std::uint32_t>(values_.size() - turn.begin);
    turn.loaded = true;
}

void Builder::keep_stored_turns(const TalkingPointStore& store) {
    std::unordered_map<std::string, std::uint32_t> segment_by_name;
    for (std::uint32_t s = 0; s < index_.segments().size(); ++s) segment_by_name[index_.segments()[s]->info().name] = s;
    old_turn_to_new_.assign(store.turns.size(), kNone);
    for (std::uint32_t t = 0; t < store.turns.size(); ++t) {
        const auto& stored = store.turns[t];
        const auto found = segment_by_name.find(store.state.segments[stored.segment]);
        if (found == segment_by_name.end()) continue;  // merged or dropped: its events are gone
        const auto& segment = *index_.segments()[found->second];
        if (stored.event >= segment.events() || segment.event_deleted(stored.event) || stored.turn >= segment.regions(index::Structure::turn).size())
            continue;
        WorkTurn turn;
        turn.segment = found->second;
        turn.turn = stored.turn;
        turn.event = stored.event;
        turn.event_key = event_key(turn.segment, turn.event);
        turn.language = language_id(store.state.languages[stored.language]);
        old_turn_to_new_[t] = static_cast<std::uint32_t>(turns_.size());
        turns_.push_back(turn);
    }
    std::set<std::uint64_t> dropped;
    for (std::uint32_t t = 0; t < store.turns.size(); ++t)
        if (old_turn_to_new_[t] == kNone) dropped.insert((std::uint64_t{store.turns[t].segment} << 32) | store.turns[t].event);
    summary_.events_dropped = dropped.size();
}

void Builder::read_new_segments(const std::vector<bool>& fresh) {
    std::uint64_t total = 0, done = 0;
    for (std::uint32_t s = 0; s < index_.segments().size(); ++s)
        if (fresh[s]) total += index_.segments()[s]->tokens();
    for (std::uint32_t s = 0; s < index_.segments().size(); ++s) {
        if (!fresh[s]) continue;
        ++summary_.segments_added;
        const auto& segment = *index_.segments()[s];
        const auto& events = segment.regions(index::Structure::event);
        const auto& turns = segment.regions(index::Structure::turn);
        for (std::uint32_t e = 0; e < events.size(); ++e) {
            if (stop_.requested()) return;
            if (segment.event_deleted(e)) continue;
            ++summary_.events_added;
            const auto language = language_id(events.string("language", e));
            const auto from = events.start(e), to = events.end(e);
            if (from >= to) continue;
            auto t = turns.find(from);
            for (std::uint64_t r = t ? *t : turns.size(); r < turns.size() && turns.start(r) < to; ++r) {
                WorkTurn turn;
                turn.segment = s;
                turn.turn = static_cast<std::uint32_t>(r);
                turn.event = e;
                turn.language = language;
                load(turn);
                if (turn.length < options_.min_tokens) {  // too short to hold a passage
                    values_.resize(turn.begin);
                    continue;
                }
                turn.event_key = event_key(s, e);
                turns_.push_back(turn);
            }
            done += to - from;
            progress("reading", done, total);
        }
    }
}

void Builder::fingerprint_new_turns(std::uint32_t first_new) {
    std::vector<std::uint64_t> shingles;
    std::vector<std::uint32_t> kept;
    const auto k = options_.shingle;
    for (std::uint32_t t = first_new; t < turns_.size(); ++t) {
        const auto& turn = turns_[t];
        summary_.tokens += turn.length;
        if (turn.length < k) continue;
        const auto values = tokens(turn);
        const auto seed = language_seed(state_.languages[turn.language]);
        shingles.clear();
        for (std::uint32_t i = 0; i + k <= turn.length; ++i) shingles.push_back(shingle_hash(values.data() + i, k, seed));
        kept.clear();
        winnow(shingles, options_.window, kept);
        for (const auto offset : kept) fingerprints_.push_back({shingles[offset], t, offset});
    }
    std::sort(fingerprints_.begin(), fingerprints_.end());
}

void Builder::merge_stored_fingerprints(const TalkingPointStore& store) {
    std::vector<StoredFingerprint> old;
    old.reserve(store.fingerprints.size());
    for (const auto& f : store.fingerprints) {
        if (f.turn >= old_turn_to_new_.size() || old_turn_to_new_[f.turn] == kNone) continue;
        old.push_back({f.hash, old_turn_to_new_[f.turn], f.offset});
    }
    std::vector<StoredFingerprint> merged(old.size() + fingerprints_.size());
    std::merge(old.begin(), old.end(), fingerprints_.begin(), fingerprints_.end(), merged.begin());
    fingerprints_ = std::move(merged);
}

// Each occurrence of a shared shingle is paired with the list's first occurrence and with the nearest
// earlier one of another event: a linear number of seeds however common the shingle, enough to connect
// every occurrence of a passage; only occurrences in new turns are paired (old ones were before).
void Builder::make_seeds(std::uint32_t first_new) {
    constexpr int kLookBack = 16;
    for (std::size_t begin = 0; begin < fingerprints_.size();) {
        std::size_t end = begin + 1;
        while (end < fingerprints_.size() && fingerprints_[end].hash == fingerprints_[begin].hash) ++end;
        if (end - begin >= 2) {
            const auto& rep = fingerprints_[begin];
            for (std::size_t i = begin + 1; i < end; ++i) {
                const auto& o = fingerprints_[i];
                if (o.turn < first_new) continue;
                const auto event = turns_[o.turn].event_key;
                std::uint32_t paired_with = kNone;
                if (turns_[rep.turn].event_key != event) {
                    seeds_.push_back({rep.turn, rep.offset, o.turn, o.offset});
                    paired_with = static_cast<std::uint32_t>(begin);
                }
                for (std::size_t back = i, steps = 0; back > begin + 1 && steps < kLookBack; ++steps) {
                    --back;
                    if (turns_[fingerprints_[back].turn].event_key == event) continue;
                    if (back != paired_with) seeds_.push_back({fingerprints_[back].turn, fingerprints_[back].offset, o.turn, o.offset});
                    break;
                }
            }
        }
        begin = end;
    }
    // Fingerprints are sorted by (hash, turn): a seed's first turn is never after its second.
    std::sort(seeds_.begin(), seeds_.end());
    seeds_.erase(std::unique(seeds_.begin(), seeds_.end()), seeds_.end());
    summary_.seeds = seeds_.size();
}

void Builder::align_group(const Seed* begin, const Seed* end, std::vector<Alignment>& out, std::uint64_t& extensions) const {
    // Seeds of one turn pair, by offset in a: a seed inside a stretch already extended adds nothing.
    std::vector<Alignment> covered;
    const auto k = options_.shingle;
    for (const Seed* seed = begin; seed != end; ++seed) {
        const bool inside = std::any_of(covered.begin(), covered.end(), [&](const Alignment& c) {
            return seed->offset_a >= c.first_a && seed->offset_a < c.last_a && seed->offset_b >= c.first_b && seed->offset_b < c.last_b;
        });
        if (inside) continue;
        const auto a = tokens(turns_[seed->turn_a]);
        const auto b = tokens(turns_[seed->turn_b]);
        if (seed->offset_a + k > a.size() || seed->offset_b + k > b.size() ||
            !std::equal(a.begin() + seed->offset_a, a.begin() + seed->offset_a + k, b.begin() + seed->offset_b))
            continue;  // a hash collision
        ++extensions;
        const auto back = extend(a.first(seed->offset_a), b.first(seed->offset_b), true, options_.band, options_.x_drop);
        const auto forward = extend(a.subspan(seed->offset_a + k), b.subspan(seed->offset_b + k), false, options_.band, options_.x_drop);
        Alignment found{seed->turn_a, seed->offset_a - back.a, seed->offset_a + k + forward.a,
                        seed->turn_b, seed->offset_b - back.b, seed->offset_b + k + forward.b};
        covered.push_back(found);
        const auto length_a = found.last_a - found.first_a, length_b = found.last_b - found.first_b;
        const auto longer = std::max(length_a, length_b);
        if (std::min(length_a, length_b) < options_.min_tokens) continue;
        const auto edits = edit_distance(a.subspan(found.first_a, length_a), b.subspan(found.first_b, length_b), options_.band);
        if (edits > static_cast<unsigned>(options_.max_edit_share * longer + 1e-9)) continue;
        out.push_back(found);
    }
}

void Builder::align() {
    // Groups of seeds of one turn pair, shared out between threads in contiguous runs.
    std::vector<std::size_t> group_starts;
    for (std::size_t i = 0; i < seeds_.size(); ++i)
        if (i == 0 || seeds_[i].turn_a != seeds_[i - 1].turn_a || seeds_[i].turn_b != seeds_[i - 1].turn_b) group_starts.push_back(i);
    group_starts.push_back(seeds_.size());
    const std::size_t groups = group_starts.size() - 1;
    constexpr std::size_t kChunk = 4096;
    std::atomic<std::size_t> next{0};
    std::atomic<std::uint64_t> done{0};
    std::vector<std::vector<std::pair<std::size_t, std::vector<Alignment>>>> found(threads_);
    std::vector<std::uint64_t> extensions(threads_, 0);
    std::mutex progress_mutex;
    on_threads(threads_, [&](unsigned t) {
        for (auto chunk = next.fetch_add(1); chunk * kChunk < groups; chunk = next.fetch_add(1)) {
            if (stop_.requested()) return;
            std::vector<Alignment> out;
            const auto last = std::min(groups, (chunk + 1) * kChunk);
            for (std::size_t g = chunk * kChunk; g < last; ++g)
                align_group(seeds_.data() + group_starts[g], seeds_.data() + group_starts[g + 1], out, extensions[t]);
            found[t].emplace_back(chunk, std::move(out));
            const auto now = done.fetch_add(last - chunk * kChunk) + (last - chunk * kChunk);
            const std::lock_guard lock(progress_mutex);
            progress("aligning", now, groups);
        }
    });
    std::vector<std::pair<std::size_t, std::vector<Alignment>>> chunks;
    for (auto& list : found)
        for (auto& chunk : list) chunks.push_back(std::move(chunk));
    std::sort(chunks.begin(), chunks.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& chunk : chunks) alignments_.insert(alignments_.end(), chunk.second.begin(), chunk.second.end());
    summary_.pairs = groups;
    summary_.alignments = std::accumulate(extensions.begin(), extensions.end(), std::uint64_t{0});
    std::vector<Seed>().swap(seeds_);
}

TalkingPointSet Builder::cluster(const TalkingPointSet* previous) {
    std::vector<Node> nodes;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    if (previous != nullptr) {
        for (const auto& point : previous->points) {
            std::uint32_t first_node = kNone;
            for (const auto& o : point.occurrences) {
                if (o.store_turn >= old_turn_to_new_.size() || old_turn_to_new_[o.store_turn] == kNone) continue;
                nodes.push_back({old_turn_to_new_[o.store_turn], o.first, o.last});
                const auto node = static_cast<std::uint32_t>(nodes.size() - 1);
                if (first_node == kNone) first_node = node;
                else edges.emplace_back(first_node, node);
            }
        }
    }
    for (const auto& a : alignments_) {
        nodes.push_back({a.turn_a, a.first_a, a.last_a});
        nodes.push_back({a.turn_b, a.first_b, a.last_b});
        edges.emplace_back(static_cast<std::uint32_t>(nodes.size() - 2), static_cast<std::uint32_t>(nodes.size() - 1));
    }
    UnionFind groups(nodes.size());
    for (const auto& [x, y] : edges) groups.join(x, y);
    // Occurrences of one turn overlapping by at least half the longer are one passage.
    std::vector<std::uint32_t> order(nodes.size());
    std::iota(order.begin(), order.end(), 0u);
    auto by_place = [&](std::uint32_t x, std::uint32_t y) {
        return std::tie(nodes[x].turn, nodes[x].first, nodes[x].last) < std::tie(nodes[y].turn, nodes[y].first, nodes[y].last);
    };
    std::sort(order.begin(), order.end(), by_place);
    std::vector<std::uint32_t> active;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto& node = nodes[order[i]];
        if (i > 0 && nodes[order[i - 1]].turn != node.turn) active.clear();
        std::erase_if(active, [&](std::uint32_t other) { return nodes[other].last <= node.first; });
        for (const auto other : active) {
            const auto overlap = std::min(nodes[other].last, node.last) - node.first;
            // Half of the longer, not of the shorter: a long stretch holding several short passages must not
            // chain them all into one talking point.
            const auto longer = std::max(nodes[other].last - nodes[other].first, node.last - node.first);
            if (2 * overlap >= longer) groups.join(other, order[i]);
        }
        active.push_back(order[i]);
    }
    // Per group, the occurrences of one turn that overlap joined into one.
    std::map<std::uint32_t, std::vector<Node>> members;
    for (const auto i : order) {
        auto& list = members[groups.find(i)];
        const auto& node = nodes[i];
        if (!list.empty() && list.back().turn == node.turn && node.first < list.back().last) list.back().last = std::max(list.back().last, node.last);
        else list.push_back(node);
    }
    // Metadata and provenance of each occurrence, from KWIC lines (context 0).
    std::vector<std::vector<Node>> kept;
    for (auto& [root, list] : members) {
        std::set<std::uint32_t> events;
        for (const auto& node : list) events.insert(turns_[node.turn].event_key);
        if (events.size() >= 2) kept.push_back(std::move(list));
    }
    std::vector<query::IndexHit> hits;
    std::vector<std::uint32_t> positions, values;
    for (const auto& list : kept) {
        for (const auto& node : list) {
            const auto& turn = turns_[node.turn];
            const auto& segment = *index_.segments()[turn.segment];
            const auto& regions = segment.regions(index::Structure::turn);
            positions.clear(), values.clear();
            read_passage_tokens(segment, tables(turn.segment), regions.start(turn.turn), regions.end(turn.turn), values, &positions,
                                scratch_lower_, scratch_lemma_);
            hits.push_back({turn.segment, positions[node.first], positions[node.last - 1] + 1});
        }
    }
    progress("clustering", 0, hits.size());
    const auto lines = query::kwic_lines(index_, hits, {.context = 0}, threads_);
    TalkingPointSet set;
    set.attribute = options_.attribute;
    set.parameters = options_;
    set.language_events = state_.language_events;
    std::size_t line = 0;
    for (const auto& list : kept) {
        TalkingPoint point;
        std::set<std::string> speakers, organisers, events;
        std::map<std::vector<std::uint32_t>, std::uint64_t> variant_counts;
        for (const auto& node : list) {
            const auto& turn = turns_[node.turn];
            const auto& kwic = lines[line];
            const auto& segment = *index_.segments()[turn.segment];
            const auto& event_regions = segment.regions(index::Structure::event);
            TalkingPointOccurrence o;
            o.segment = segment.info().name;
            o.event = turn.event;
            o.turn = turn.turn;
            o.start = hits[line].start;
            o.end = hits[line].end;
            o.store_turn = node.turn;
            o.first = node.first;
            o.last = node.last;
            o.event_id = kwic.event_id;
            o.date = kwic.date;
            o.title = event_regions.string("title", turn.event);
            o.organiser = event_regions.string("organiser", turn.event);
            o.language = state_.languages[turn.language];
            o.speaker = kwic.speaker;
            o.role = kwic.role;
            o.turn_id = segment.regions(index::Structure::turn).string("id", turn.turn);
            o.source = kwic.source;
            o.text = kwic.match;
            o.source_begin = kwic.source_begin;
            o.source_end = kwic.source_end;
            o.tokens = node.last - node.first;
            if (!o.speaker.empty()) speakers.insert(o.speaker);
            if (!o.organiser.empty()) organisers.insert(o.organiser);
            events.insert(o.segment + "/" + std::to_string(o.event));
            const auto values_of = tokens(turn).subspan(node.first, node.last - node.first);
            ++variant_counts[std::vector<std::uint32_t>(values_of.begin(), values_of.end())];
            point.occurrences.push_back(std::move(o));
            ++line;
        }
        std::vector<std::size_t> by_date(point.occurrences.size());
        std::iota(by_date.begin(), by_date.end(), std::size_t{0});
        std::stable_sort(by_date.begin(), by_date.end(), [&](std::size_t x, std::size_t y) {
            const auto& a = point.occurrences[x];
            const auto& b = point.occurrences[y];
            return std::tie(a.date, a.event_id, a.start) < std::tie(b.date, b.event_id, b.start);
        });
        std::vector<TalkingPointOccurrence> sorted;
        std::vector<std::uint64_t> counts;
        for (const auto i : by_date) {
            const auto& node = list[i];
            const auto values_of = tokens(turns_[node.turn]).subspan(node.first, node.last - node.first);
            counts.push_back(variant_counts[std::vector<std::uint32_t>(values_of.begin(), values_of.end())]);
            sorted.push_back(std::move(point.occurrences[i]));
        }
        point.occurrences = std::move(sorted);
        const auto most = std::max_element(counts.begin(), counts.end()) - counts.begin();  // the first among equals
        point.canonical = point.occurrences[static_cast<std::size_t>(most)].text;
        point.language = point.occurrences.front().language;
        point.first_seen = point.occurrences.front().date;
        point.last_seen = point.occurrences.back().date;
        point.events = events.size();
        point.speakers = speakers.size();
        point.organisers = organisers.size();
        point.variants = variant_counts.size();
        const auto language_events = state_.language_events[point.language];
        point.event_share = language_events > 0 ? static_cast<double>(point.events) / static_cast<double>(language_events) : 0;
        point.boilerplate = language_events >= options_.boilerplate_min_events && point.event_share >= options_.boilerplate_share;
        set.points.push_back(std::move(point));
    }
    // Ids: by decreasing events, then occurrences, then first seen, then canonical text.
    std::sort(set.points.begin(), set.points.end(), [](const TalkingPoint& a, const TalkingPoint& b) {
        if (a.events != b.events) return a.events > b.events;
        if (a.occurrences.size() != b.occurrences.size()) return a.occurrences.size() > b.occurrences.size();
        return std::tie(a.first_seen, a.canonical) < std::tie(b.first_seen, b.canonical);
    });
    for (std::size_t i = 0; i < set.points.size(); ++i) {
        set.points[i].id = i + 1;
        summary_.occurrences += set.points[i].occurrences.size();
        summary_.boilerplate += set.points[i].boilerplate;
    }
    summary_.points = set.points.size();
    return set;
}

Result<TalkingPointBuildSummary> Builder::run() {
    if (options_.attribute == index::Attribute::word) return plain_error("talking points compare lower or lemma, not word");
    if (options_.min_tokens < options_.shingle || options_.min_tokens > 1000)
        return plain_error("the shortest passage (--n) must be from " + std::to_string(options_.shingle) + " to 1000 tokens, not " +
                           std::to_string(options_.min_tokens));
    tables_.resize(index_.segments().size());
    std::optional<TalkingPointStore> store;
    std::optional<TalkingPointSet> previous;
    if (!options_.full) {
        auto opened = open_talking_point_store(index_.directory());
        if (opened.ok() && same_parameters(opened->state.parameters, options_)) {
            auto points = read_points(opened.value());
            if (points.ok()) {
                store = std::move(opened.value());
                previous = std::move(points.value());
            }
        }
    }
    std::vector<bool> fresh(index_.segments().size(), true);
    if (store) {
        summary_.incremental = true;
        state_.generation = store->state.generation;
        state_.files = store->state.files;
        for (std::uint32_t s = 0; s < index_.segments().size(); ++s)
            fresh[s] = std::find(store->state.segments.begin(), store->state.segments.end(), index_.segments()[s]->info().name) ==
                       store->state.segments.end();
        keep_stored_turns(*store);
    } else if (auto opened = open_talking_point_store(index_.directory()); opened.ok()) {
        state_.generation = opened->state.generation;  // replaced: the generation goes on
    }
    state_.parameters = options_;
    state_.index_generation = index_.manifest().generation;
    for (const auto& segment : index_.segments()) state_.segments.push_back(segment->info().name);
    for (const auto& segment : index_.segments()) {
        const auto& events = segment->regions(index::Structure::event);
        for (std::uint64_t e = 0; e < events.size(); ++e)
            if (!segment->event_deleted(e)) ++state_.language_events[std::string(events.string("language", e))];
    }
    const auto first_new = static_cast<std::uint32_t>(turns_.size());
    read_new_segments(fresh);
    if (stop_.requested()) return stop_.error();
    progress("fingerprints", 0, 1);
    fingerprint_new_turns(first_new);
    if (store) merge_stored_fingerprints(*store);
    summary_.fingerprints = fingerprints_.size();
    summary_.turns = turns_.size();
    make_seeds(first_new);
    for (const auto& seed : seeds_) load(turns_[seed.turn_a]), load(turns_[seed.turn_b]);
    if (previous)
        for (const auto& point : previous->points)
            for (const auto& o : point.occurrences)
                if (o.store_turn < old_turn_to_new_.size() && old_turn_to_new_[o.store_turn] != kNone) load(turns_[old_turn_to_new_[o.store_turn]]);
    progress("fingerprints", 1, 1);
    align();
    if (stop_.requested()) return stop_.error();
    auto set = cluster(previous ? &previous.value() : nullptr);
    if (stop_.requested()) return stop_.error();
    std::vector<StoredTurn> stored_turns;
    stored_turns.reserve(turns_.size());
    for (const auto& turn : turns_) stored_turns.push_back({turn.segment, turn.turn, turn.event, turn.language});
    progress("writing", 0, 1);
    auto written = write_talking_point_store(index_.directory(), state_, fingerprints_, stored_turns, set, options_.before_commit);
    if (!written.ok()) return written.error();
    progress("writing", 1, 1);
    return summary_;
}

}  // namespace

Result<TalkingPointBuildSummary> build_talking_points(const index::Index& index, const TalkingPointOptions& options) {
    return Builder(index, options).run();
}

Result<TalkingPointSet> load_talking_points(const std::filesystem::path& index_directory, std::uint64_t index_generation) {
    auto store = open_talking_point_store(index_directory);
    if (!store.ok()) return store.error();
    if (const auto stale = staleness(index_directory, store->state, index_generation); !stale.empty()) return plain_error(stale);
    return read_points(store.value());
}

Result<TalkingPointSet> load_talking_points(const index::Index& index) {
    return load_talking_points(index.directory(), index.manifest().generation);
}

}  // namespace presser::analysis
