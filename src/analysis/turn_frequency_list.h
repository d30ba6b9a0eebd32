// The whole corpus's frequency list of lower or lemma from the per-turn term frequencies (`turns.tf`): each
// term's list of (turn, frequency) gives its frequency, its turns, and, mapped to events, its counts per
// event for range and dispersion, without reading the token stream. frequency_table() uses it for the
// whole (live) corpus; the figures are those of the token scan, bit for bit (both accumulate D and DP
// with TermSpread, event after event).
#pragma once

#include <optional>

#include "analysis/frequency_list.h"
#include "analysis/interruption.h"
#include "index/index.h"

namespace presser::analysis {

// The rows (sorted by term) and parts of the whole corpus's table; its size is the caller's. nullopt when
// the lists cannot give it: the word attribute, a segment without turns.tf, or a list that does not
// decode. A stop leaves the table incomplete: the caller asks `stop` again.
[[nodiscard]] std::optional<FrequencyTable> whole_corpus_from_turns(const index::Index& index, const FrequencyOptions& options,
                                                                    unsigned threads, std::uint64_t total_tokens, Interruption& stop);

// The page `selection` asks of the whole corpus's table when it sorts by frequency or term: every term's
// frequency from the lexicons' counts, and range and dispersion decoded for the page's rows only. The rows
// are those of select_rows(whole_corpus_from_turns(...)), to the last bit. nullopt when the counts cannot
// stand for the lists or the page is long (over 5,000 rows): a sort by range or dispersion, the word
// attribute, a segment without turns.tf, with deleted events or with tokens outside turns, or a list that
// does not decode. A stop leaves the page incomplete: the caller asks `stop` again. `selection.match` must
// be a valid regex (select_rows checks it).
[[nodiscard]] std::optional<FrequencyPage> whole_corpus_page_from_turns(const index::Index& index, const FrequencyOptions& options,
                                                                        const RowSelection& selection, unsigned threads,
                                                                        const SubcorpusSize& size, Interruption& stop);

}  // namespace presser::analysis
