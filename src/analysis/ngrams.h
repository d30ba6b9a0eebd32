// N-grams (2-6 tokens of one attribute) of a subcorpus with frequency, range and dispersion: the formulae
// that recur across many events. docs/analysis.md, "N-grams", defines every figure.
//
//   auto table = presser::analysis::ngrams(index, whole_corpus(index), {.n = 3, .min_frequency = 5});
//
// Contract:
//  * An n-gram is n consecutive tokens of one turn inside one span of the subcorpus: n-grams never cross a
//    turn (nor, therefore, an event), and may cross a sentence. Its value is the tokens' attribute values
//    joined by single spaces.
//  * Exact and complete: every n-gram passing every threshold, with its frequency, range (distinct events
//    and turns in which it starts) and Gries' DP over the subcorpus's events (parts sized by their tokens
//    in the subcorpus). Rows by decreasing frequency, then by value.
//  * The subcorpus's tokens are read once into an array of term ids (2 bytes a token when the terms kept
//    allow, else 4; terms whose corpus frequency is below the thresholds are dropped there). The n-gram
//    starts are then sorted, with their turns, one range of first terms at a time (at most about 3M starts
//    each, threads taking ranges in turn), so that each n-gram's occurrences lie together, in position order: frequency, range and DP
//    follow in one walk.
//  * Stops at `cancel` or at the checkpoint's error (the error "cancelled" for `cancel`).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/interruption.h"
#include "analysis/token_spans.h"
#include "index/index.h"
#include "model/error.h"

namespace presser::analysis {

struct NgramOptions {
    index::Attribute attribute = index::Attribute::lower;
    unsigned n = 3;  // 2 to 6
    std::uint64_t min_frequency = 1;
    std::uint64_t min_events = 0;  // range: distinct events it occurs in
    std::uint64_t min_turns = 0;   // range: distinct turns
    std::optional<double> max_dp;  // dispersion: at most this DP (0 even, 1 all in one event)
    std::string containing;        // only n-grams with this value (of `attribute`) as one of their tokens
    unsigned threads = 0;          // 0: every core
    // Called now and then from the counting threads with the tokens read so far and the total to read.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
    Checkpoint checkpoint{};  // asked every few thousand turns; its error stops the count (interruption.h)
};

struct NgramRow {
    std::string ngram;
    std::uint64_t frequency = 0, events = 0, turns = 0;
    double dp = 0;
};

struct NgramTable {
    std::uint64_t tokens = 0;     // of the subcorpus
    std::uint64_t events = 0;     // events with tokens in the subcorpus (DP's parts)
    std::uint64_t positions = 0;  // n-gram starts counted (every n-gram occurrence, before thresholds)
    std::vector<NgramRow> rows;
};

inline constexpr unsigned kMinNgram = 2, kMaxNgram = 6;

[[nodiscard]] Result<NgramTable> ngrams(const index::Index& index, const TokenSpans& subcorpus, const NgramOptions& options);

}  // namespace presser::analysis
