// Question-and-answer aggregates over the exchange table of an index (docs/qa.md): who asks, how officials
// answer, what events look like. Read from the columns of `exchange` regions (written at index time:
// index/exchange_facts.h), the events' dates and ids, and the turns' kinds; exact counts.
//
//   QaOptions options;
//   options.by = QaGrouping::official;
//   auto table = presser::analysis::qa_stats(index, options);
//
// Contract:
//  * An exchange counts when its first token lies in a live event, it overlaps `scope` (when given: so
//    `--speaker X` keeps the exchanges X asked or answered in), it is on `topic` (when
//    given: at least one hit of the topic's query starts inside the exchange; for a topic of several words,
//    each word's query) and passes every `where` condition.
//  * Groups: official = the first answerer (empty: "(no answer)"), outlet = the asker's outlets as stored
//    ("; "-joined, empty: "(none)"), journalist = the asker ("(anonymous)"), month = YYYY-MM of the event
//    date ("(undated)"), event = event id. Groups are sorted by exchanges, then key.
//  * Deflection rate = deflected / exchanges whose language has a lexicon (signal != "n/a"); absent when
//    none has one. Unanswered = exchanges without an answer turn.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/deflection_lexicon.h"
#include "analysis/token_spans.h"
#include "index/index.h"
#include "model/error.h"
#include "query/corpus_query.h"

namespace presser::analysis {

enum class QaGrouping { official, outlet, journalist, month, event };
[[nodiscard]] std::optional<QaGrouping> parse_qa_grouping(std::string_view name);
[[nodiscard]] std::string_view to_string(QaGrouping grouping);

// A numeric condition on an exchange column: answer_tokens>=100, followup_depth=0, position<=3.
struct QaCondition {
    std::string column;
    enum class Op { eq, ne, lt, le, gt, ge } op = Op::eq;
    std::int64_t value = 0;
};
// Parses "COLUMN OP NUMBER" (ops = != < <= > >=) for the numeric columns question_tokens, answer_tokens,
// answer_seconds, position, followup_depth, named_by_moderator; the error names what was expected.
[[nodiscard]] Result<QaCondition> parse_qa_condition(std::string_view text);

struct QaOptions {
    QaGrouping by = QaGrouping::official;
    std::optional<TokenSpans> scope;                  // a subcorpus: exchanges overlapping it
    std::vector<std::vector<query::IndexHit>> topic;  // per topic word: its hits; an exchange needs one of each
    bool has_topic = false;
    std::vector<QaCondition> where;
    const DeflectionLexicon* lexicon = nullptr;       // a user's lexicon, matched now over the answers
    std::size_t limit = 0;                            // groups shown; 0 = all (totals always cover all)
};

struct QaGroup {
    std::string key;
    std::uint64_t exchanges = 0;
    std::uint64_t events = 0;             // distinct events with an exchange of the group
    std::uint64_t first_in_event = 0;     // exchanges at position 1
    std::uint64_t named_by_moderator = 0;
    std::uint64_t followups = 0;          // followup_depth > 0
    std::uint64_t unanswered = 0;
    std::uint64_t with_lexicon = 0;       // signal != "n/a"
    std::uint64_t deflected = 0;          // signal not "none" and not "n/a"
    std::uint64_t question_tokens = 0;    // sums
    std::uint64_t answer_tokens = 0;
    std::uint64_t answer_tokens_median = 0;  // of the answered exchanges
    std::uint64_t answer_tokens_p90 = 0;
    std::uint64_t timed = 0;                 // exchanges with answer_seconds
    std::uint64_t answer_seconds_median = 0;
    std::vector<std::pair<std::string, std::uint64_t>> signals;  // deflection label -> exchanges, by count
    // --by event only: the event's tokens and its opening statement (tokens before its first exchange).
    std::uint64_t event_tokens = 0;
    std::uint64_t opening_tokens = 0;
};

struct QaTable {
    QaGrouping by = QaGrouping::official;
    QaGroup totals;                 // key "all"
    std::uint64_t groups_total = 0; // groups before the limit
    std::vector<QaGroup> groups;
};

[[nodiscard]] Result<QaTable> qa_stats(const index::Index& index, const QaOptions& options);

}  // namespace presser::analysis

namespace presser::analysis {

// The hits that define a topic: "cql:PATTERN" is one CQL query; other text is its words, each a query
// `[lemma="w"] | [lower="w"]` that the exchange must contain (the search box's AND of words, without its
// operators). An error names a CQL query that does not parse.
[[nodiscard]] Result<std::vector<std::vector<query::IndexHit>>> topic_hits(const index::Index& index, std::string_view topic,
                                                                           unsigned threads = 0);

}  // namespace presser::analysis
