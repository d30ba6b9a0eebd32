// What a query's hits become for people: KWIC lines with metadata and provenance, sort orders, counts and
// distributions over region attributes.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/index.h"
#include "query/corpus_query.h"
#include "query/hit_labels.h"

namespace presser::query {

struct KwicOptions {
    std::uint32_t context = 8;  // tokens each side; context never leaves the hit's event
    bool within_turn = false;   // nor, when set, its turn
};

// A label of the query in a line's match: its tokens (positions of the segment, as the hit's) and words.
struct KwicLabel {
    std::string name;
    std::uint32_t start = 0, end = 0;
    std::string text;  // joined as the match is
};

struct KwicLine {
    IndexHit hit;
    std::vector<KwicLabel> labels;  // those the hit's path bound (hit_labels.h), as the query defines them
    std::string left, match, right;
    std::string speaker, role, outlet, date, event_id, language;
    std::string office;       // the speaker's title (turn.title)
    std::string event_title;  // event.title
    std::string source;                                  // the event's source file
    std::optional<std::uint64_t> source_begin, source_end;  // the match's bytes in it
};

// Makes KWIC lines; keeps the last stored paragraphs it read, so one per thread.
class Concordancer {
public:
    explicit Concordancer(const index::Index& index);
    ~Concordancer();
    // `labels`: where the query's labels lie in this hit (HitLabeler), shown with their words.
    [[nodiscard]] KwicLine line(const IndexHit& hit, const KwicOptions& options, const std::vector<LabelSpan>& labels = {});

private:
    struct Paragraph;
    // The paragraph holding `pos`, its tokens measured up to `through` (or the paragraph's end) and no
    // further; the last few are kept, since a match's first and last tokens and neighbouring hits usually
    // share one.
    const Paragraph* paragraph(std::uint32_t segment, std::uint32_t pos, std::uint32_t through);
    // The region of `structure` holding `pos`, searched on from the last one found there (a page's hits
    // come mostly in corpus order).
    std::optional<std::uint64_t> find(std::uint32_t segment, index::Structure structure, std::uint32_t pos);

    const index::Index& index_;
    std::vector<std::shared_ptr<Paragraph>> recent_;
    std::vector<std::uint32_t> words_;  // a line's word ids
    std::vector<std::array<std::uint64_t, index::kStructures.size()>> hints_;  // per segment and structure
};

// KWIC lines of `hits`, built on up to `threads` threads (one Concordancer each), in order; with `labelled`,
// the query the hits are of, each line shows where its labels lie.
[[nodiscard]] std::vector<KwicLine> kwic_lines(const index::Index& index, const std::vector<IndexHit>& hits,
                                               const KwicOptions& options, unsigned threads = 2,
                                               const CorpusQuery* labelled = nullptr);

// "match:word", "left:lower", "right:lemma" (attribute optional, default word); a trailing ":desc" reverses.
// The metadata keys "date", "speaker", "role", "outlet" and "event" (its title) take no attribute: each is
// one value of the hit's event or turn (metadata_column), compared as a whole string.
struct SortKey {
    enum class Part { match, left, right, date, speaker, role, outlet, event } part = Part::match;
    index::Attribute attribute = index::Attribute::word;
    bool descending = false;
    auto operator<=>(const SortKey&) const = default;
};
[[nodiscard]] Result<SortKey> parse_sort_key(std::string_view text);
// Where a metadata key's value is kept: a string column of the hit's event or turn region; nullopt for the
// token keys (match, left, right).
struct MetadataColumn {
    index::Structure structure = index::Structure::event;
    std::string_view column;
};
[[nodiscard]] std::optional<MetadataColumn> metadata_column(SortKey::Part part);
// One or more keys separated by commas, "match:lower,left:lower" (CQPweb's and BlackLab's multi-level sort):
// hits ordered by the first key, ties by the next. An error names the malformed key and its position.
[[nodiscard]] Result<std::vector<SortKey>> parse_sort_keys(std::string_view text);
// Stable: hits with equal keys keep corpus order. Each key compares up to `depth` tokens.
void sort_hits(const index::Index& index, std::vector<IndexHit>& hits, const std::vector<SortKey>& keys, std::uint32_t depth = 8);
void sort_hits(const index::Index& index, std::vector<IndexHit>& hits, const SortKey& key, std::uint32_t depth = 8);

struct HitCounts {
    std::uint64_t hits = 0, events = 0, turns = 0;
};
[[nodiscard]] HitCounts count_hits(const index::Index& index, const std::vector<IndexHit>& hits);
// The same counts for every hit of `query`, taken as it runs (on up to `threads` threads) rather than from a
// list of its hits: distinct events and turns are bits per region, so nothing is kept per hit.
[[nodiscard]] Result<HitCounts> count_hits(const CorpusQuery& query, unsigned threads = 0);

// turn.speaker, turn.role, turn.affiliation, exchange.asker_affiliation, event.id, event.date:month ...
struct GroupBy {
    index::Structure structure = index::Structure::turn;
    std::string column;
    enum class DatePart { none, year, month, day } date_part = DatePart::none;
};
[[nodiscard]] Result<GroupBy> parse_group_by(std::string_view text);

struct GroupRow {
    std::string value;
    std::uint64_t hits = 0;
    std::uint64_t tokens = 0;  // size of the subcorpus with that value (live events only)
    double per_million = 0;    // hits per million tokens of that subcorpus
};
// Rows by decreasing hits, then value. A hit belongs to the region containing its first token.
[[nodiscard]] std::vector<GroupRow> distribution(const index::Index& index, const std::vector<IndexHit>& hits, const GroupBy& by);

struct Distribution {
    std::uint64_t hits = 0;  // every hit of the query
    std::vector<GroupRow> rows;
};
// The same rows for every hit of `query`, counted as the query runs (on up to `threads` threads) instead of
// from a list of its hits: a group-by of millions of hits keeps none of them.
[[nodiscard]] Result<Distribution> distribution(const CorpusQuery& query, const GroupBy& by, unsigned threads = 0);

}  // namespace presser::query
