// Talking points: passages of at least N tokens that recur, verbatim or nearly, in different events of
// one language, clustered, with every occurrence's event, speaker and source bytes (docs/talking-points.md).
//
//   auto summary = presser::analysis::build_talking_points(index, {});      // writes DIR/talking-points/
//   auto points = presser::analysis::load_talking_points(index);            // what list/show read
//   auto found = presser::analysis::similar_passages(index, "Between peace and war, choose peace", {});
//
// Contract:
//  * Tokens are `lower` (or `lemma`) terms compared by their strings; punctuation is left out (never a
//    difference), case is folded. Passages never cross a turn.
//  * An occurrence pair is two stretches of turns of different events of the same language, of at least
//    min_tokens tokens each, whose edit distance is at most max_edit_share of the longer. Pairs are found
//    from shared winnowed k-token shingles (each occurrence of a shingle is paired with the list's first
//    occurrence and the previous one of another event) and extended by X-drop alignment in a band.
//  * A talking point is a connected group of occurrences (pairs, and occurrences of one turn overlapping
//    by at least half the longer), the occurrences of one turn in one group joined into one, present in
//    at least two events. Repetition inside one event alone is never a talking point.
//  * Boilerplate: a talking point in at least boilerplate_share of its language's live events (when the
//    language has at least boilerplate_min_events events) is marked boilerplate, not dropped.
//  * Storage: DIR/talking-points/ holds STATE.json (version, the index generation it was built from, the
//    parameters, the segments covered, each data file's size and XXH3-64) and the data files of that
//    build, named by the store's own generation. New files are written first, STATE.json is replaced
//    atomically last: an interrupted build leaves the previous talking points whole.
//  * build is incremental: segments not covered by the stored build are fingerprinted and matched against
//    the stored fingerprints and talking points (old events are not compared with each other again);
//    occurrences of deleted events drop out. `full` (or other parameters) recomputes everything.
//  * Loading a missing or stale store (built from another index generation) is an error naming the
//    command to run.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/passage_alignment.h"
#include "index/index.h"
#include "model/error.h"

namespace presser::analysis {

inline constexpr const char* kTalkingPointsFolder = "talking-points";
inline constexpr int kTalkingPointsVersion = 1;

struct TalkingPointOptions {
    index::Attribute attribute = index::Attribute::lower;  // lower or lemma
    unsigned min_tokens = 8;     // N: the shortest passage
    unsigned shingle = 5;        // k
    unsigned window = 3;         // w: any w + k - 1 = 7 tokens in common give a shared fingerprint
    unsigned band = 3;           // diagonals each side of a seed's
    int x_drop = 5;
    double max_edit_share = 0.2;
    double boilerplate_share = 0.25;
    std::uint64_t boilerplate_min_events = 4;
    bool full = false;           // recompute everything even when a stored build could be extended
    unsigned threads = 0;        // 0: every core
    std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
    // Tests only: called after the new files are written and before STATE.json names them; an error
    // returned stops the build there, as a crash would.
    std::function<std::optional<Error>()> before_commit;
};

struct TalkingPointOccurrence {
    std::string segment;           // index segment and its positions
    std::uint32_t event = 0, turn = 0, start = 0, end = 0;
    std::uint32_t store_turn = 0, first = 0, last = 0;  // the store's turn and passage tokens [first, last)
    std::string event_id, date, title, organiser, language, speaker, role, turn_id, source, text;
    std::optional<std::uint64_t> source_begin, source_end;
    std::uint32_t tokens = 0;      // passage tokens (no punctuation)
};

struct TalkingPoint {
    std::uint64_t id = 0;
    std::string canonical;          // the most frequent variant (first seen among equals)
    std::string language;
    std::vector<TalkingPointOccurrence> occurrences;  // by date, event, position
    std::string first_seen, last_seen;
    std::uint64_t events = 0, speakers = 0, organisers = 0, variants = 0;
    double event_share = 0;         // events / live events of the language
    bool boilerplate = false;
    [[nodiscard]] bool travels() const { return speakers > 1 || organisers > 1; }
};

struct TalkingPointSet {
    std::uint64_t generation = 0;        // of the store
    std::uint64_t index_generation = 0;  // the index's, when built
    index::Attribute attribute = index::Attribute::lower;
    TalkingPointOptions parameters;      // as built
    std::map<std::string, std::uint64_t> language_events;
    std::vector<TalkingPoint> points;    // by id
};

struct TalkingPointBuildSummary {
    bool incremental = false;
    std::uint64_t segments_added = 0, events_added = 0, events_dropped = 0;
    std::uint64_t turns = 0, tokens = 0, fingerprints = 0, seeds = 0, alignments = 0, pairs = 0;
    std::uint64_t points = 0, boilerplate = 0, occurrences = 0;
};

[[nodiscard]] Result<TalkingPointBuildSummary> build_talking_points(const index::Index& index, const TalkingPointOptions& options);

// The stored talking points of `index`; an error naming `presser talking-points build` when there are
// none or they were built from another generation of the index.
[[nodiscard]] Result<TalkingPointSet> load_talking_points(const index::Index& index);
// The same, by directory, checked against the index's MANIFEST generation there (the server's way).
[[nodiscard]] Result<TalkingPointSet> load_talking_points(const std::filesystem::path& index_directory, std::uint64_t index_generation);

struct SimilarOptions {
    std::size_t limit = 20;
    double min_similarity = 0.5;  // 1 - edits / query tokens
};

struct SimilarToken {
    AlignmentOp::Kind kind = AlignmentOp::Kind::equal;
    std::string query, text;  // the words (query: as pasted; text: the corpus's `word`)
};

struct SimilarMatch {
    TalkingPointOccurrence occurrence;  // text, metadata and provenance of the stretch matched
    double similarity = 0;
    unsigned edits = 0;
    std::vector<SimilarToken> differences;  // the alignment, token by token
    std::optional<std::uint64_t> talking_point;  // the talking point this stretch belongs to, if any
};

struct SimilarResult {
    std::uint32_t query_tokens = 0;
    std::vector<SimilarMatch> matches;  // by decreasing similarity, then date
};

// Where else was `text` said: its passage tokens (analysed as the index was; each language of the store in
// turn) fingerprinted, looked up in the stored fingerprints, aligned. Fewer than the store's min_tokens
// passage tokens: an error saying how many there are and how many are needed.
[[nodiscard]] Result<SimilarResult> similar_passages(const index::Index& index, std::string_view text, const SimilarOptions& options);

}  // namespace presser::analysis
