// Frequency lists: every distinct `word`, `lower` or `lemma` of a subcorpus with its absolute frequency,
// per-million frequency, range (events and turns it occurs in) and dispersion over events (Juilland's D,
// Gries' DP). Formulas in docs/analysis.md.
//
//   auto table = presser::analysis::frequency_table(index, subcorpus.spans, {.attribute = Attribute::lower});
//   auto page = presser::analysis::select_rows(std::move(table.value()), {.match = "^sanction", .limit = 50});
//
// Contract:
//  * Complete and exact: one row per distinct term string of the attribute that occurs in the spans
//    (segments' term ids joined by string), with every count taken over exactly the spans' tokens.
//  * Dispersion parts are the events the spans touch, each sized by its tokens inside the spans. With
//    fewer than two parts, Juilland's D is undefined (nullopt); DP is 0 with one part.
//  * The whole corpus's list of lower or lemma comes from the per-turn term frequencies (turns.tf), not the
//    token stream, when every segment has them: the same figures, from one entry per (term, turn) rather
//    than one per token (turn_frequency_list.h).
//  * Work is checked against `cancel` and the checkpoint between blocks of tokens (or terms); a cancelled
//    table is the error "cancelled", a checkpoint's stop its error (interruption.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/interruption.h"
#include "analysis/subcorpus.h"
#include "analysis/token_spans.h"
#include "index/index.h"
#include "model/error.h"

namespace presser::analysis {

struct FrequencyOptions {
    index::Attribute attribute = index::Attribute::lower;
    bool dispersion = true;  // range, D and DP; keyness needs frequencies only
    unsigned threads = 0;    // 0 = hardware threads
    const std::atomic<bool>* cancel = nullptr;
    Checkpoint checkpoint{};
    bool use_turn_frequencies = true;  // off: the whole corpus is scanned too (tests compare both ways)
    // Called with (tokens done, tokens in all) from the worker threads, now and then.
    std::function<void(std::uint64_t, std::uint64_t)> progress{};
};

struct FrequencyRow {
    std::string term{};
    std::uint64_t frequency = 0;
    double per_million = 0;      // per million tokens of the subcorpus
    std::uint64_t events = 0;    // range: events it occurs in
    std::uint64_t turns = 0;     // range: turns it occurs in
    std::optional<double> juilland_d{};  // undefined with fewer than two parts
    std::optional<double> gries_dp{};
};

struct FrequencyTable {
    SubcorpusSize size;
    std::uint64_t parts = 0;  // dispersion parts: the events the subcorpus touches
    std::vector<FrequencyRow> rows;  // sorted by term
};

[[nodiscard]] Result<FrequencyTable> frequency_table(const index::Index& index, const TokenSpans& spans,
                                                     const FrequencyOptions& options = {});

enum class FrequencySort { frequency, term, range, dispersion };
// "frequency", "term", "range", "dispersion"; nullopt for anything else.
[[nodiscard]] std::optional<FrequencySort> parse_frequency_sort(std::string_view text);

struct RowSelection {
    std::string match{};          // RE2 regex the term must contain a match of (unanchored); "" = all
    std::uint64_t min_frequency = 1;
    FrequencySort sort = FrequencySort::frequency;
    std::uint64_t offset = 0;
    std::uint64_t limit = UINT64_MAX;
};

struct FrequencyPage {
    SubcorpusSize size;
    std::uint64_t parts = 0;
    std::uint64_t total_rows = 0;  // rows that pass the filters, before paging
    std::vector<FrequencyRow> rows;
};

// Filters, sorts and pages a table. Sorts: frequency (descending), term (code point order), range (events,
// then turns, descending), dispersion (DP ascending: the most evenly spread first); ties by frequency
// descending, then term. An error for a regex RE2 refuses, naming it.
[[nodiscard]] Result<FrequencyPage> select_rows(FrequencyTable table, const RowSelection& selection);

// The error naming `regex` when RE2 refuses it (select_rows and frequency_page would refuse it too).
[[nodiscard]] std::optional<Error> invalid_term_pattern(const std::string& regex);

// select_rows(frequency_table(index, spans, options), selection), the same page, faster when it can be: for
// the whole corpus sorted by frequency or term, only the page's rows are given range and dispersion
// (turn_frequency_list.h). A regex RE2 refuses is an error naming it, checked before any counting.
[[nodiscard]] Result<FrequencyPage> frequency_page(const index::Index& index, const TokenSpans& spans, const FrequencyOptions& options,
                                                   const RowSelection& selection);

}  // namespace presser::analysis
