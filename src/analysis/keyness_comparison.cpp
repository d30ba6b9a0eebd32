#include "analysis/keyness_comparison.h"

#include <algorithm>

#include "analysis/keyness_counts.h"
#include "analysis/ngrams.h"

namespace presser::analysis {
namespace {

// The n-grams of `spans` as a frequency table (rows sorted by n-gram), sized by n-gram positions.
Result<FrequencyTable> ngram_frequencies(const index::Index& index, const Subcorpus& side, const KeynessRequest& request) {
    NgramOptions options;
    options.attribute = request.attribute;
    options.n = request.n;
    options.threads = request.threads;
    options.cancel = request.cancel;
    options.checkpoint = request.checkpoint;
    options.progress = request.progress;
    auto grams = ngrams(index, side.spans, options);
    if (!grams) return grams.error();
    FrequencyTable table;
    table.size = side.size;
    table.size.tokens = grams->positions;
    table.rows.reserve(grams->rows.size());
    for (auto& row : grams->rows) table.rows.push_back({.term = std::move(row.ngram), .frequency = row.frequency});
    std::sort(table.rows.begin(), table.rows.end(), [](const FrequencyRow& a, const FrequencyRow& b) { return a.term < b.term; });
    return table;
}

}  // namespace

Result<KeynessComparison> compare_keyness(const index::Index& index, Subcorpus target, KeynessReference reference,
                                          const KeynessRequest& request) {
    if (request.n < 1 || request.n > kMaxKeyNgram)
        return plain_error("n: expected 1 (words) to " + std::to_string(kMaxKeyNgram) + " (key n-grams), got " + std::to_string(request.n));
    const index::Index& reference_index = reference.index ? *reference.index : index;
    KeynessComparison out;
    out.n = request.n;
    if (reference.subcorpus) {
        out.reference = std::move(*reference.subcorpus);
    } else if (reference.index) {
        auto whole = resolve_subcorpus(reference_index, {}, "", request.threads);
        if (!whole) return whole.error();
        out.reference = std::move(whole.value());
    } else {
        out.reference = rest_of_corpus(index, target);
    }
    out.target = std::move(target);
    if (auto checked = check_comparison(out.target, out.reference, reference.index == nullptr); !checked) return checked.error();
    if (request.n >= 2) {
        auto target_table = ngram_frequencies(index, out.target, request);
        if (!target_table) return target_table.error();
        auto reference_table = ngram_frequencies(reference_index, out.reference, request);
        if (!reference_table) return reference_table.error();
        out.table = keyness(target_table.value(), reference_table.value(), request.options);
        return out;
    }
    FrequencyOptions counting;
    counting.attribute = request.attribute;
    counting.dispersion = false;
    counting.threads = request.threads;
    counting.cancel = request.cancel;
    counting.checkpoint = request.checkpoint;
    counting.progress = request.progress;
    const bool rest = !reference.subcorpus && !reference.index;
    auto counts = keyness_counts(index, out.target.spans, reference_index, out.reference.spans, rest, counting);
    if (!counts) return counts.error();
    out.table = keyness(counts->target, counts->reference, request.options);
    return out;
}

}  // namespace presser::analysis
