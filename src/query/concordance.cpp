#include "query/concordance.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <deque>
#include <map>
#include <thread>

#include "query/region_bits.h"
#include "text/analyzer.h"

namespace presser::query {

using index::Attribute;
using index::Segment;
using index::Structure;

namespace {


// Term `id` of `attribute`, empty for an id the lexicon does not have (a damaged segment).
std::string_view term_text(const Segment& segment, Attribute attribute, std::uint32_t id) {
    const auto& lexicon = segment.lexicon(attribute);
    return id < lexicon.size() ? lexicon.term(id) : std::string_view();
}

std::string_view term_string(const Segment& segment, Attribute attribute, std::uint32_t pos) {
    return term_text(segment, attribute, segment.term_at(attribute, pos));
}

// Most tokens are words, which neither close nor open: their first byte settles it without a lookup.
bool starts_a_word(std::string_view token) {
    const auto c = static_cast<unsigned char>(token.empty() ? ' ' : token.front());
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z' && c != 'n');
}

bool closes(std::string_view token) {
    if (starts_a_word(token)) return false;
    static constexpr std::string_view kClosing[] = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "…", "»", "”", "’",
                                                    "...", "'s", "n't"};
    return std::find(std::begin(kClosing), std::end(kClosing), token) != std::end(kClosing);
}

bool opens(std::string_view token) {
    if (starts_a_word(token)) return false;
    static constexpr std::string_view kOpening[] = {"(", "[", "{", "¿", "¡", "«", "“", "‘"};
    return std::find(std::begin(kOpening), std::end(kOpening), token) != std::end(kOpening);
}

// A hyphen or slash between two words is mostly written without spaces ("long-dormant", "and/or": 260,137
// and 300,152 times in ../shared/corpora, against about 9,200 and 2 with a space on one side or both: a
// line broken after a hyphen, "short- and long-term", Spanish "-dijo-"), so it joins both. The index keeps
// the exact spacing only in the stored paragraphs, which the reader shows.
bool joins(std::string_view token) { return token == "-" || token == "/"; }

// Joins the words of [from, to) (their ids in `ids`, from `first` on).
std::string join(const Segment& segment, const std::vector<std::uint32_t>& ids, std::uint32_t first, std::uint32_t from,
                 std::uint32_t to, bool unspaced) {
    std::string out;
    out.reserve(8 * (to - from));  // most words are shorter: one allocation per context
    std::string_view previous;
    for (std::uint32_t p = from; p < to; ++p) {
        const auto word = term_text(segment, Attribute::word, ids[p - first]);
        if (p > from && !unspaced && !closes(word) && !opens(previous) && !joins(word) && !joins(previous)) out += ' ';
        out += word;
        previous = word;
    }
    return out;
}

}  // namespace

struct Concordancer::Paragraph {
    std::uint32_t segment = 0;
    std::uint64_t index = 0;
    std::uint32_t first_token = 0;
    index::StoredParagraph stored;  // the offsets in the text of its first tokens, and the anchors (no text)
};

const Concordancer::Paragraph* Concordancer::paragraph(std::uint32_t segment, std::uint32_t pos, std::uint32_t through) {
    const Segment& seg = *index_.segments()[segment];
    const auto& paragraphs = seg.regions(Structure::p);
    auto p = find(segment, Structure::p, pos);
    if (!p) return nullptr;
    const std::uint32_t first = paragraphs.start(*p);
    // Measuring a token costs a lexicon lookup, and a paragraph can be hundreds of tokens long.
    const std::uint64_t needed = std::min(std::max(through, pos), paragraphs.end(*p) - 1) - first + 1;
    std::shared_ptr<Paragraph>* slot = nullptr;
    for (auto& cached : recent_)
        if (cached->segment == segment && cached->index == *p) {
            if (cached->stored.token_offsets.size() >= needed) return cached.get();
            slot = &cached;
        }
    auto stored = seg.paragraph_layout(*p, needed);
    if (!stored) return nullptr;
    auto entry = std::make_shared<Paragraph>();
    entry->segment = segment;
    entry->index = *p;
    entry->first_token = first;
    entry->stored = std::move(stored.value());
    if (slot) {
        *slot = std::move(entry);
        return slot->get();
    }
    if (recent_.size() >= 16) recent_.erase(recent_.begin());
    recent_.push_back(entry);
    return entry.get();
}

std::optional<std::uint64_t> Concordancer::find(std::uint32_t segment, Structure structure, std::uint32_t pos) {
    if (hints_.size() <= segment) hints_.resize(segment + 1);
    auto& hint = hints_[segment][static_cast<int>(structure)];
    const auto found = index_.segments()[segment]->regions(structure).find_from(pos, hint);
    if (found) hint = *found;
    return found;
}

Concordancer::Concordancer(const index::Index& index) : index_(index) {}
Concordancer::~Concordancer() = default;

KwicLine Concordancer::line(const IndexHit& hit, const KwicOptions& options, const std::vector<LabelSpan>& labels) {
    KwicLine line;
    line.hit = hit;
    const Segment& segment = *index_.segments()[hit.segment];
    const auto& events = segment.regions(Structure::event);
    const auto& turns = segment.regions(Structure::turn);
    const auto event = find(hit.segment, Structure::event, hit.start);
    const auto turn = find(hit.segment, Structure::turn, hit.start);
    std::uint32_t lower = 0, upper = static_cast<std::uint32_t>(segment.tokens());
    if (event) lower = events.start(*event), upper = std::min(upper, events.end(*event));
    if (options.within_turn) {
        if (turn) lower = std::max(lower, turns.start(*turn));
        if (auto t = find(hit.segment, Structure::turn, hit.end - 1)) upper = std::min(upper, turns.end(*t));
    }
    const std::uint32_t from = std::max(std::min(lower, hit.start), hit.start - std::min(hit.start, options.context));
    const std::uint32_t to = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::max(upper, hit.end), std::uint64_t{hit.end} + options.context));
    auto event_value = [&](std::string_view column) { return event ? events.string(column, *event) : std::string_view(); };
    auto turn_value = [&](std::string_view column) { return turn ? turns.string(column, *turn) : std::string_view(); };
    line.language = event_value("language");
    const bool unspaced = text::is_unspaced_script_language(line.language);
    words_.clear();
    segment.stream().read(from, to, words_);
    line.left = join(segment, words_, from, from, hit.start, unspaced);
    line.match = join(segment, words_, from, hit.start, hit.end, unspaced);
    line.right = join(segment, words_, from, hit.end, to, unspaced);
    for (const auto& label : labels)
        if (hit.start <= label.start && label.start < label.end && label.end <= hit.end)
            line.labels.push_back({label.name, label.start, label.end, join(segment, words_, from, label.start, label.end, unspaced)});
    line.speaker = turn_value("speaker");
    line.role = turn_value("role");
    line.outlet = turn_value("affiliation");
    line.office = turn_value("title");
    line.date = event_value("date");
    line.event_title = event_value("title");
    line.event_id = event_value("id");
    line.source = event_value("source");

    // Provenance: the stored paragraph knows where each of its tokens starts; a token spans its word.
    auto token_bytes = [&](std::uint32_t pos, bool end) -> std::optional<std::uint64_t> {
        const Paragraph* p = paragraph(hit.segment, pos, hit.end - 1);
        if (!p || pos - p->first_token >= p->stored.token_offsets.size()) return std::nullopt;
        std::uint32_t offset = p->stored.token_offsets[pos - p->first_token];
        if (end) offset += static_cast<std::uint32_t>(term_text(segment, Attribute::word, words_[pos - from]).size());
        return p->stored.source_offset(end ? offset - 1 : offset) + (end ? 1 : 0);
    };
    line.source_begin = token_bytes(hit.start, false);
    line.source_end = token_bytes(hit.end - 1, true);
    if (!line.source_begin || !line.source_end) line.source_begin.reset(), line.source_end.reset();
    return line;
}

std::vector<KwicLine> kwic_lines(const index::Index& index, const std::vector<IndexHit>& hits, const KwicOptions& options,
                                 unsigned threads, const CorpusQuery* labelled) {
    std::vector<KwicLine> lines(hits.size());
    // A line costs a few microseconds; a thread (started, and its memory given back) costs more than a
    // page of them, so only long lists are shared out.
    threads = static_cast<unsigned>(std::clamp<std::size_t>(hits.size() / 256, 1, std::max(1u, threads)));
    // Contiguous shares, so neighbouring hits (same paragraphs) meet the same cache.
    auto work = [&](std::size_t from, std::size_t to) {
        Concordancer concordancer(index);
        std::optional<HitLabeler> labeler;
        if (labelled) labeler.emplace(*labelled);
        if (labeler && !labeler->any()) labeler.reset();
        for (std::size_t i = from; i < to; ++i)
            lines[i] = concordancer.line(hits[i], options, labeler ? labeler->labels(hits[i]) : std::vector<LabelSpan>{});
    };
    std::vector<std::thread> pool;
    const std::size_t share = (hits.size() + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work, std::min(hits.size(), t * share), std::min(hits.size(), (t + 1) * share));
    work(0, std::min(hits.size(), share));
    for (auto& t : pool) t.join();
    return lines;
}

namespace {

constexpr std::string_view kSortKeySyntax = "match|left|right[:word|lower|lemma][:desc] or date|speaker|role|outlet|event[:desc]";
constexpr std::size_t kMaxSortKeys = 4;

struct PartName {
    std::string_view name;
    SortKey::Part part;
};
constexpr PartName kPartNames[] = {{"match", SortKey::Part::match},     {"left", SortKey::Part::left},
                                   {"right", SortKey::Part::right},     {"date", SortKey::Part::date},
                                   {"speaker", SortKey::Part::speaker}, {"role", SortKey::Part::role},
                                   {"outlet", SortKey::Part::outlet},   {"event", SortKey::Part::event}};

}  // namespace

std::optional<MetadataColumn> metadata_column(SortKey::Part part) {
    switch (part) {
        case SortKey::Part::match:
        case SortKey::Part::left:
        case SortKey::Part::right: return std::nullopt;
        case SortKey::Part::date: return MetadataColumn{Structure::event, "date"};
        case SortKey::Part::event: return MetadataColumn{Structure::event, "title"};
        case SortKey::Part::speaker: return MetadataColumn{Structure::turn, "speaker"};
        case SortKey::Part::role: return MetadataColumn{Structure::turn, "role"};
        case SortKey::Part::outlet: return MetadataColumn{Structure::turn, "affiliation"};
    }
    return std::nullopt;
}

Result<SortKey> parse_sort_key(std::string_view text) {
    SortKey key;
    std::vector<std::string_view> parts;
    for (std::size_t at = 0; at <= text.size();) {
        auto next = text.find(':', at);
        if (next == std::string_view::npos) next = text.size();
        parts.push_back(text.substr(at, next - at));
        at = next + 1;
    }
    if (parts.size() > 3) return plain_error("expected " + std::string(kSortKeySyntax) + ", got " + std::to_string(parts.size()) + " parts");
    const auto* named = std::find_if(std::begin(kPartNames), std::end(kPartNames), [&](const PartName& p) { return p.name == parts[0]; });
    if (named == std::end(kPartNames))
        return plain_error("unknown part '" + std::string(parts[0]) + "': expected match, left, right, date, speaker, role, outlet or event");
    key.part = named->part;
    const bool metadata = metadata_column(key.part).has_value();
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (parts[i] == "desc") {
            if (i + 1 != parts.size()) return plain_error("':desc' must come last: expected " + std::string(kSortKeySyntax));
            key.descending = true;
        } else if (metadata) {
            return plain_error("'" + std::string(parts[0]) + "' takes no attribute, got '" + std::string(parts[i]) +
                               "': expected " + std::string(parts[0]) + " or " + std::string(parts[0]) + ":desc");
        } else if (auto attribute = index::parse_attribute(parts[i])) {
            if (i != 1) return plain_error("'" + std::string(parts[i]) + "' after the attribute: expected :desc or nothing");
            key.attribute = *attribute;
        } else {
            return plain_error("unknown attribute '" + std::string(parts[i]) + "': expected word, lower or lemma (then optionally :desc)");
        }
    }
    return key;
}

Result<std::vector<SortKey>> parse_sort_keys(std::string_view text) {
    std::vector<SortKey> keys;
    std::size_t number = 0;
    for (std::size_t at = 0; at <= text.size();) {
        auto next = text.find(',', at);
        if (next == std::string_view::npos) next = text.size();
        const auto item = text.substr(at, next - at);
        at = next + 1;
        ++number;
        if (item.empty())
            return plain_error("sort key " + std::to_string(number) + " is empty: expected keys " + std::string(kSortKeySyntax) +
                               " separated by commas");
        if (number > kMaxSortKeys)
            return plain_error("sort key " + std::to_string(number) + " '" + std::string(item) + "': at most " +
                               std::to_string(kMaxSortKeys) + " keys");
        auto key = parse_sort_key(item);
        if (!key) return plain_error("sort key " + std::to_string(number) + " '" + std::string(item) + "': " + key.error().message);
        keys.push_back(key.value());
    }
    return keys;
}

void sort_hits(const index::Index& index, std::vector<IndexHit>& hits, const std::vector<SortKey>& keys, std::uint32_t depth) {
    if (keys.empty() || hits.size() < 2) return;
    // Every hit's keys, one after the other, in one array rather than a vector per hit. What is sorted is a
    // small record per hit pointing at its tokens: the first key is compared without any other lookup, the
    // lengths of the later keys are read only on ties.
    struct Keyed {
        const std::string_view* tokens = nullptr;
        std::uint32_t first_length = 0;
        std::uint32_t order = 0;  // the hit's index in `hits`
    };
    const std::size_t later_keys = keys.size() - 1;
    std::vector<std::string_view> tokens;
    tokens.reserve(hits.size() * keys.size());
    std::vector<Keyed> keyed(hits.size());
    std::vector<std::uint32_t> later_lengths(hits.size() * later_keys);  // hit h's key k > 0: [h * later_keys + k - 1]
    for (std::size_t h = 0; h < hits.size(); ++h) {
        const auto& hit = hits[h];
        const Segment& segment = *index.segments()[hit.segment];
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const auto& key = keys[k];
            const std::size_t first = tokens.size();
            auto full = [&] { return tokens.size() - first >= depth; };
            switch (key.part) {
                case SortKey::Part::date:
                case SortKey::Part::speaker:
                case SortKey::Part::role:
                case SortKey::Part::outlet:
                case SortKey::Part::event: {
                    // One value, whatever the depth; "" where the hit has no region or the column is missing.
                    const auto where = *metadata_column(key.part);
                    const auto& regions = segment.regions(where.structure);
                    const auto region = regions.find(hit.start);
                    tokens.push_back(region ? regions.string(where.column, *region) : std::string_view());
                    break;
                }
                case SortKey::Part::match:
                    for (std::uint32_t p = hit.start; p < hit.end && !full(); ++p) tokens.push_back(term_string(segment, key.attribute, p));
                    break;
                case SortKey::Part::left:
                    for (std::uint32_t p = hit.start; p > 0 && !full(); --p) tokens.push_back(term_string(segment, key.attribute, p - 1));
                    break;
                case SortKey::Part::right:
                    for (std::uint32_t p = hit.end; p < segment.tokens() && !full(); ++p)
                        tokens.push_back(term_string(segment, key.attribute, p));
                    break;
            }
            const auto length = static_cast<std::uint32_t>(tokens.size() - first);
            if (k == 0) keyed[h].first_length = length;
            else later_lengths[h * later_keys + k - 1] = length;
        }
        keyed[h].order = static_cast<std::uint32_t>(h);
    }
    if (tokens.empty()) return;  // every key empty: all tied, corpus order stays
    // The array no longer grows: point each record at its tokens.
    const std::string_view* next = tokens.data();
    for (std::size_t h = 0; h < hits.size(); ++h) {
        keyed[h].tokens = next;
        next += keyed[h].first_length;
        for (std::size_t k = 0; k < later_keys; ++k) next += later_lengths[h * later_keys + k];
    }
    // <0, 0, >0 as tokens [a, a + a_length) sort before, with or after [b, b + b_length) (a prefix first).
    auto compare = [](const std::string_view* a, std::uint32_t a_length, const std::string_view* b, std::uint32_t b_length) {
        const std::uint32_t common = std::min(a_length, b_length);
        for (std::uint32_t i = 0; i < common; ++i)
            if (const int c = a[i].compare(b[i]); c != 0) return c;
        return static_cast<int>(a_length > common) - static_cast<int>(b_length > common);
    };
    std::stable_sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
        if (const int c = compare(a.tokens, a.first_length, b.tokens, b.first_length); c != 0) return keys[0].descending ? c > 0 : c < 0;
        const std::string_view* x = a.tokens + a.first_length;
        const std::string_view* y = b.tokens + b.first_length;
        for (std::size_t k = 1; k < keys.size(); ++k) {
            const auto x_length = later_lengths[a.order * later_keys + k - 1];
            const auto y_length = later_lengths[b.order * later_keys + k - 1];
            if (const int c = compare(x, x_length, y, y_length); c != 0) return keys[k].descending ? c > 0 : c < 0;
            x += x_length;
            y += y_length;
        }
        return false;
    });
    std::vector<IndexHit> sorted;
    sorted.reserve(hits.size());
    for (const auto& k : keyed) sorted.push_back(hits[k.order]);
    hits = std::move(sorted);
}

void sort_hits(const index::Index& index, std::vector<IndexHit>& hits, const SortKey& key, std::uint32_t depth) {
    sort_hits(index, hits, std::vector<SortKey>{key}, depth);
}

HitCounts count_hits(const index::Index& index, const std::vector<IndexHit>& hits) {
    RegionBits bits(index);
    for (const auto& hit : hits) bits.add(hit);
    return bits.counts();
}

Result<HitCounts> count_hits(const CorpusQuery& query, unsigned threads) {
    if (threads == 0) threads = hardware_threads();
    std::deque<RegionBits> shares;  // one per thread, never moved
    for (unsigned t = 0; t < threads; ++t) shares.emplace_back(query.index());
    auto used = query.for_each_parallel(threads, [&](unsigned worker, const IndexHit& hit) { shares[worker].add(hit); });
    if (!used) return used.error();
    for (unsigned t = 1; t < threads; ++t) shares[0].merge(shares[t]);
    return shares[0].counts();
}

Result<GroupBy> parse_group_by(std::string_view text) {
    GroupBy by;
    auto dot = text.find('.');
    if (dot == std::string_view::npos) return plain_error("--group-by: expected STRUCTURE.ATTRIBUTE, e.g. turn.speaker or event.date:month");
    auto structure = index::parse_structure(text.substr(0, dot));
    if (!structure) return plain_error("--group-by: unknown structure '" + std::string(text.substr(0, dot)) + "'");
    by.structure = *structure;
    std::string_view rest = text.substr(dot + 1);
    auto colon = rest.find(':');
    by.column = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) {
        auto part = rest.substr(colon + 1);
        if (by.column != "date") return plain_error("--group-by: only event.date takes :day, :month or :year");
        if (part == "year") by.date_part = GroupBy::DatePart::year;
        else if (part == "month") by.date_part = GroupBy::DatePart::month;
        else if (part == "day") by.date_part = GroupBy::DatePart::day;
        else return plain_error("--group-by: expected :day, :month or :year after event.date");
    }
    if (by.column.empty()) return plain_error("--group-by: missing attribute after '.'");
    return by;
}

namespace {

// Hits counted per (segment, value id) of the grouping column, and those with no value. Hits that come in
// order mostly fall in the region of the previous hit, which is remembered with its value id.
class alignas(64) GroupTally {
public:
    GroupTally(const index::Index& index, const GroupBy& by) : index_(index), by_(by), per_id_(index.segments().size()) {}
    GroupTally(const GroupTally&) = delete;  // it points into itself
    GroupTally& operator=(const GroupTally&) = delete;

    [[nodiscard]] std::uint64_t hits() const { return hits_; }

    void add(const IndexHit& hit) {
        ++hits_;
        if (hit.segment != segment_) enter(hit.segment);
        if (hit.start < region_start_ || hit.start >= region_end_) {
            const auto region = regions_->find_from(hit.start, hint_);
            if (region) {
                hint_ = *region;
                region_start_ = regions_->start(*region);
                region_end_ = regions_->end(*region);
            } else {
                region_start_ = 1;  // looked up again for the next hit
                region_end_ = 0;
            }
            region_id_ = region && column_ ? std::optional<std::uint32_t>(column_->id(*region)) : std::nullopt;
        }
        if (region_id_ && *region_id_ < counts_->size()) ++(*counts_)[*region_id_];
        else ++no_value_;
    }

    // `count` hits inside region `region` of `segment` (by_.structure), or outside every region.
    void add_in_region(std::uint32_t segment, std::uint64_t region, std::uint64_t count) {
        hits_ += count;
        if (segment != segment_) enter(segment);
        const auto id = column_ ? std::optional<std::uint32_t>(column_->id(region)) : std::nullopt;
        if (id && *id < counts_->size()) (*counts_)[*id] += count;
        else no_value_ += count;
    }
    void add_outside(std::uint64_t count) {
        hits_ += count;
        no_value_ += count;
    }

    void merge(const GroupTally& other) {
        hits_ += other.hits_;
        no_value_ += other.no_value_;
        for (std::size_t s = 0; s < per_id_.size(); ++s) {
            auto& mine = per_id_[s];
            const auto& theirs = other.per_id_[s];
            if (mine.size() < theirs.size()) mine.resize(theirs.size(), 0);
            for (std::size_t id = 0; id < theirs.size(); ++id) mine[id] += theirs[id];
        }
    }

    // Rows by decreasing hits, with each value's subcorpus size.
    std::vector<GroupRow> rows() const {
        auto shorten = [&](std::string_view v) {
            switch (by_.date_part) {
                case GroupBy::DatePart::year: return v.substr(0, std::min<std::size_t>(v.size(), 4));
                case GroupBy::DatePart::month: return v.substr(0, std::min<std::size_t>(v.size(), 7));
                case GroupBy::DatePart::day: return v.substr(0, std::min<std::size_t>(v.size(), 10));
                case GroupBy::DatePart::none: break;
            }
            return v;
        };
        std::map<std::string, GroupRow, std::less<>> rows;
        auto row = [&](std::string_view value) -> GroupRow& {
            auto it = rows.find(value);
            if (it == rows.end()) it = rows.emplace(std::string(value), GroupRow{std::string(value)}).first;
            return it->second;
        };
        if (no_value_) row("").hits += no_value_;
        for (std::size_t s = 0; s < index_.segments().size(); ++s) {
            const auto* column = string_column(s);
            if (!column) continue;
            for (std::uint32_t id = 0; id < per_id_[s].size(); ++id)
                if (per_id_[s][id]) row(shorten(column->values().at(id))).hits += per_id_[s][id];
        }
        for (std::size_t s = 0; s < index_.segments().size(); ++s) {
            const auto* column = string_column(s);
            if (!column) continue;
            const auto counted = index_.segments()[s]->tokens_per_value(by_.structure, by_.column);
            if (!counted) continue;
            const auto& tokens = *counted;
            for (std::uint32_t id = 0; id < tokens.size(); ++id) {
                if (!tokens[id]) continue;
                auto it = rows.find(shorten(column->values().at(id)));
                if (it != rows.end()) it->second.tokens += tokens[id];
            }
        }
        std::vector<GroupRow> out;
        for (auto& [value, r] : rows) {
            if (r.tokens) r.per_million = static_cast<double>(r.hits) * 1e6 / static_cast<double>(r.tokens);
            out.push_back(std::move(r));
        }
        std::stable_sort(out.begin(), out.end(), [](const GroupRow& a, const GroupRow& b) { return a.hits > b.hits; });
        return out;
    }

private:
    const index::RegionColumn* string_column(std::size_t segment) const {
        const auto* column = index_.segments()[segment]->regions(by_.structure).column(by_.column);
        return column && !column->numeric() ? column : nullptr;
    }

    void enter(std::uint32_t segment) {
        segment_ = segment;
        regions_ = &index_.segments()[segment]->regions(by_.structure);
        column_ = string_column(segment);
        counts_ = &per_id_[segment];
        if (column_ && counts_->empty()) counts_->assign(column_->values().size(), 0);
        region_start_ = 1;
        region_end_ = 0;
        hint_ = 0;
    }

    const index::Index& index_;
    const GroupBy& by_;
    std::vector<std::vector<std::uint64_t>> per_id_;
    std::uint64_t hits_ = 0, no_value_ = 0;
    std::uint32_t segment_ = UINT32_MAX;
    const index::Regions* regions_ = nullptr;
    const index::RegionColumn* column_ = nullptr;
    std::vector<std::uint64_t>* counts_ = nullptr;
    std::uint64_t region_start_ = 1, region_end_ = 0, hint_ = 0;
    std::optional<std::uint32_t> region_id_;
};

}  // namespace

std::vector<GroupRow> distribution(const index::Index& index, const std::vector<IndexHit>& hits, const GroupBy& by) {
    GroupTally tally(index, by);
    for (const auto& hit : hits) tally.add(hit);
    return tally.rows();
}

namespace {

// The hits of a bare term query in one segment (CorpusQuery::bare_terms), tallied from its postings: with
// fewer regions than hits by a margin, per region (the positions inside it are the difference of two
// cursor ordinals, so no position is visited), else per position in a tight loop.
std::optional<Error> tally_bare_segment(GroupTally& tally, const CorpusQuery& query, std::uint32_t s,
                                        const std::vector<std::pair<index::Attribute, std::uint32_t>>& terms, const GroupBy& by) {
    const auto& segment = *query.index().segments()[s];
    const auto& options = query.options();
    std::uint64_t checked = 0;
    auto interrupted = [&]() -> std::optional<Error> {
        if ((++checked & 0xffff) != 0) return std::nullopt;
        return options.interruption();
    };
    const auto& regions = segment.regions(by.structure);
    std::uint64_t hits = 0;
    for (const auto& [attribute, id] : terms) hits += segment.lexicon(attribute).count(id);
    if (regions.size() * 8 < hits) {
        for (const auto& [attribute, id] : terms) {
            auto cursor = segment.postings(attribute, id);
            std::uint64_t inside = 0;
            for (std::uint64_t r = 0; r < regions.size() && cursor.valid(); ++r) {
                if (auto e = interrupted()) return e;
                cursor.seek(regions.start(r));
                const auto before = cursor.ordinal();
                cursor.seek(regions.end(r));
                const auto count = cursor.ordinal() - before;
                if (count > 0) tally.add_in_region(s, r, count);
                inside += count;
            }
            tally.add_outside(cursor.size() - inside);
        }
        return std::nullopt;
    }
    std::vector<std::uint32_t> positions;
    for (const auto& [attribute, id] : terms) {
        positions.clear();
        segment.postings(attribute, id).drain(positions);
        for (const auto p : positions) {
            if (auto e = interrupted()) return e;
            tally.add(IndexHit{s, p, p + 1});
        }
    }
    return std::nullopt;
}

}  // namespace

Result<Distribution> distribution(const CorpusQuery& query, const GroupBy& by, unsigned threads) {
    const auto& index = query.index();
    if (threads == 0) threads = hardware_threads();
    std::deque<GroupTally> tallies;  // one per thread, never moved
    for (unsigned t = 0; t < threads; ++t) tallies.emplace_back(index, by);
    // A bare term (in every segment): counted from the postings, segments in parallel.
    std::vector<std::vector<std::pair<index::Attribute, std::uint32_t>>> bare;
    for (std::size_t s = 0; s < index.segments().size(); ++s) {
        auto terms = query.bare_terms(s);
        if (!terms) break;
        bare.push_back(std::move(*terms));
    }
    if (bare.size() == index.segments().size()) {
        std::atomic<std::size_t> next{0};
        std::vector<std::optional<Error>> errors(threads);
        auto work = [&](unsigned worker) {
            for (std::size_t s; !errors[worker] && (s = next.fetch_add(1)) < bare.size();)
                errors[worker] = tally_bare_segment(tallies[worker], query, static_cast<std::uint32_t>(s), bare[s], by);
        };
        const auto workers = static_cast<unsigned>(std::min<std::size_t>(threads, bare.size()));
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work, t);
        work(0);
        for (auto& thread : pool) thread.join();
        for (const auto& error : errors)
            if (error) return *error;
        for (unsigned t = 1; t < threads; ++t) tallies[0].merge(tallies[t]);
        return Distribution{tallies[0].hits(), tallies[0].rows()};
    }
    auto used = query.for_each_parallel(threads, [&](unsigned worker, const IndexHit& hit) { tallies[worker].add(hit); });
    if (!used) return used.error();
    for (unsigned t = 1; t < threads; ++t) tallies[0].merge(tallies[t]);
    return Distribution{tallies[0].hits(), tallies[0].rows()};
}

}  // namespace presser::query
