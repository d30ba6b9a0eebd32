// The two frequency tables of a keyness comparison (keyness.h), counted so that "the target against the
// rest of its corpus" reads only the target's tokens: the rest's counts are the whole corpus's (the
// segments' lexicon counts) minus the target's.
//
//   auto counts = presser::analysis::keyness_counts(index, target.spans, index, rest.spans, true, {.attribute = Attribute::lemma});
//   auto table = presser::analysis::keyness(counts->target, counts->reference, {.alpha = 0.01});
//
// Contract:
//  * The tables are those of frequency_table() on each side, with dispersion off: the same rows and sizes
//    whichever way the reference is counted.
//  * `reference_is_rest` promises that `reference` is the complement of `target` on the same index
//    (rest_of_corpus()); the subtraction is used only then, and only when no segment has a deleted event
//    (the lexicons count those tokens too); otherwise both sides are counted.
//  * Progress counts the tokens read, against the tokens of the sides that are read; a stop (cancel or
//    checkpoint) is its error.
#pragma once

#include "analysis/frequency_list.h"
#include "analysis/token_spans.h"
#include "index/index.h"
#include "model/error.h"

namespace presser::analysis {

struct KeynessCounts {
    FrequencyTable target, reference;
};

// Whether keyness_counts() reads the reference's tokens (or subtracts): for a progress bar's total.
[[nodiscard]] bool reads_reference(const index::Index& index, const index::Index& reference_index, bool reference_is_rest);

[[nodiscard]] Result<KeynessCounts> keyness_counts(const index::Index& index, const TokenSpans& target, const index::Index& reference_index,
                                                   const TokenSpans& reference, bool reference_is_rest, const FrequencyOptions& options);

}  // namespace presser::analysis
