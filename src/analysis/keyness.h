// Keyness: which terms a target subcorpus uses significantly more (positive keywords) or less (negative
// keywords) than a reference: both frequencies and per-million figures, log-likelihood G² (Rayson & Garside
// 2000, the two-cell form of Wmatrix and CQPweb), log ratio (Hardie 2014), %DIFF (Gabrielatos & Marchi 2012).
// Formulas, the zero-frequency rules and the significance threshold in docs/analysis.md.
//
//   auto target = frequency_table(index, officials.spans, {.attribute = Attribute::lemma, .dispersion = false});
//   auto reference = frequency_table(index, complement(index, officials.spans), ...);
//   auto keywords = keyness(*target, *reference, {.alpha = 0.01, .bonferroni = true});
//
// Contract:
//  * Every term of either table is a candidate; a term is compared when its frequency in the side it is
//    relatively more frequent in (target for positive, reference for negative) is at least min_frequency.
//  * With a threshold, a keyword's G² is at least the chi-square (1 degree of freedom) critical value of
//    alpha, or of alpha / (types compared) with the Bonferroni correction. Without one (alpha = 0), every
//    compared term with different relative frequencies is listed.
//  * Undefined values are nullopt, never NaN: log ratio with both frequencies 0, %DIFF with a reference
//    frequency of 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/frequency_list.h"
#include "analysis/subcorpus.h"

namespace presser::analysis {

// a, b: the term's frequencies in target and reference; c, d: their sizes in tokens.
[[nodiscard]] double log_likelihood(double a, double b, double c, double d);
[[nodiscard]] std::optional<double> log_ratio(double a, double b, double c, double d);
[[nodiscard]] std::optional<double> percent_diff(double a, double b, double c, double d);
// The G² a result needs to be significant at `alpha` (chi-square, 1 degree of freedom): 3.841 for 0.05.
[[nodiscard]] double critical_value(double alpha);

struct KeynessOptions {
    double alpha = 0.05;  // 0: no threshold
    bool bonferroni = false;
    std::uint64_t min_frequency = 1;
    enum class Sort { log_likelihood, log_ratio } sort = Sort::log_likelihood;
};

struct KeywordRow {
    std::string term{};
    std::uint64_t target_frequency = 0, reference_frequency = 0;
    double target_per_million = 0, reference_per_million = 0;
    double log_likelihood = 0;
    std::optional<double> log_ratio{};
    std::optional<double> percent_diff{};
};

struct KeynessTable {
    SubcorpusSize target, reference;
    std::uint64_t types_compared = 0;
    double alpha = 0;           // after the Bonferroni correction when asked
    double critical_value = 0;  // 0 without a threshold
    std::vector<KeywordRow> positive;  // more frequent in the target, strongest first
    std::vector<KeywordRow> negative;  // less frequent in the target, strongest first
};

[[nodiscard]] KeynessTable keyness(const FrequencyTable& target, const FrequencyTable& reference, const KeynessOptions& options);

// The checks before a comparison: neither side empty, and (on one index) no token in both. Errors name the
// subcorpora: "target subcorpus 'x' (speaker=...) is empty: ...".
[[nodiscard]] Result<bool> check_comparison(const Subcorpus& target, const Subcorpus& reference, bool same_index);

}  // namespace presser::analysis
