// Collocations of a CQL query: its matches in a subcorpus are the nodes; the tokens in a window around each
// node are counted by one attribute, and each collocate gets Sketch Engine's association measures
// (association_measures.h). docs/analysis.md, "Collocations", defines every count.
//
//   auto table = presser::analysis::collocations(*query, whole_corpus(index), options);
//
// Contract:
//  * A node is a hit of the query lying wholly inside one span of the subcorpus. Its window is the `left`
//    tokens before its first token and the `right` tokens after its last, or with `within` the rest of the
//    s or turn holding its first token; a window never leaves the node's event nor the subcorpus span
//    that holds the node, and never includes the node's own tokens.
//  * f_ab counts (node, token) pairs: a token in the windows of two nodes counts twice, as in Sketch
//    Engine. f_b is the collocate's frequency in the whole subcorpus, from the postings (the lexicon's
//    count for a whole segment), and n the subcorpus's tokens.
//  * The table is complete: every collocate with f_ab >= min_cooccurrence and f_b >= min_collocate_frequency,
//    sorted by `sort` (descending, undefined values last, ties by f_ab then collocate), cut at `limit`.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/association_measures.h"
#include "analysis/interruption.h"
#include "analysis/token_spans.h"
#include "query/corpus_query.h"

namespace presser::analysis {

struct CollocationOptions {
    index::Attribute attribute = index::Attribute::lower;
    std::uint32_t left = 5, right = 5;
    std::optional<index::Structure> within;  // s or turn: the window is the node's region instead
    std::uint64_t min_cooccurrence = 1;
    std::uint64_t min_collocate_frequency = 1;
    Measure sort = Measure::logdice;
    std::uint64_t limit = 0;  // 0: every row
    unsigned threads = 0;     // 0: every core
    // The node query as the user wrote it, to build each row's CQL (empty: no CQL in the rows).
    std::string node_cql;
    // Checked every 1,024 nodes while counting windows (interruption.h); a stop is the table's error.
    const std::atomic<bool>* cancel = nullptr;
    Checkpoint checkpoint{};
};

struct CollocateRow {
    std::string collocate;
    std::uint64_t cooccurrences = 0;        // f_ab
    std::uint64_t collocate_frequency = 0;  // f_b
    std::optional<double> logdice, mi, mi3, t_score, log_likelihood;
    std::string cql;  // its KWIC lines: node and collocate within the window (docs/analysis.md)
    [[nodiscard]] std::optional<double> value(Measure measure) const;
};

struct CollocationTable {
    std::uint64_t nodes = 0;          // f_a
    std::uint64_t corpus_tokens = 0;  // n
    std::uint64_t window_tokens = 0;  // tokens read in all windows
    std::uint64_t collocates = 0;     // rows before `limit`
    std::vector<CollocateRow> rows;
};

[[nodiscard]] Result<CollocationTable> collocations(const query::CorpusQuery& query, const TokenSpans& subcorpus,
                                                    const CollocationOptions& options);

// The CQL whose hits are a node and the collocate `value` of `attribute` within the window (the row's KWIC).
[[nodiscard]] std::string collocate_cql(const CollocationOptions& options, std::string_view value);

// `value` as an RE2 pattern that matches exactly it.
[[nodiscard]] std::string escape_regex(std::string_view value);

}  // namespace presser::analysis
