// A whole keyness comparison as the CLI and the API ask for it: a target subcorpus against the rest of its
// corpus, another subcorpus, or another index; over words or n-grams (key n-grams).
//
//   auto result = compare_keyness(index, std::move(target), KeynessReference{}, {.attribute = Attribute::lemma});
//   result->table.positive ...   result->target.size, result->reference.size
//
// Contract:
//  * The reference is `reference.subcorpus` when given (of `reference.index` when that is set, else of
//    `index`), else the rest of the target's corpus (the corpus minus the target, never the whole corpus
//    counted twice), else with `reference.index` alone, that index's whole corpus.
//  * On one index the two sides must not share a token, and neither may be empty: errors name them.
//  * With n >= 2 the compared items are n-grams of the attribute and each side's size (c and d of the
//    formulas) is its number of n-gram positions, not of tokens; the reported subcorpus sizes stay exact.
//  * Against the rest of its own index, words are counted on the target only and the rest's counts are the
//    whole corpus's minus the target's (keyness_counts.h).
//  * Cancellation (`cancel`, `checkpoint`) and progress reach the counting passes.
#pragma once

#include <atomic>
#include <functional>
#include <optional>

#include "analysis/interruption.h"
#include "analysis/keyness.h"
#include "analysis/subcorpus.h"
#include "index/index.h"

namespace presser::analysis {

struct KeynessReference {
    const index::Index* index = nullptr;  // another index; nullptr: the target's
    std::optional<Subcorpus> subcorpus;   // resolved on that index; nullopt: the rest (or the other index's whole)
};

struct KeynessRequest {
    index::Attribute attribute = index::Attribute::lemma;
    unsigned n = 1;  // 1: words; 2 to 4: key n-grams
    KeynessOptions options{};
    unsigned threads = 0;
    const std::atomic<bool>* cancel = nullptr;
    Checkpoint checkpoint{};  // its error stops the counting (interruption.h)
    // (done, in all) from the counting threads: tokens for words (both sides together), per side for n-grams.
    std::function<void(std::uint64_t, std::uint64_t)> progress{};
};

inline constexpr unsigned kMaxKeyNgram = 4;

struct KeynessComparison {
    Subcorpus target, reference;
    unsigned n = 1;
    KeynessTable table;
};

[[nodiscard]] Result<KeynessComparison> compare_keyness(const index::Index& index, Subcorpus target, KeynessReference reference,
                                                        const KeynessRequest& request);

}  // namespace presser::analysis
