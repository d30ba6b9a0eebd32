#include "analysis/keyness.h"

#include <algorithm>
#include <cmath>

namespace presser::analysis {
namespace {

// x ln(x / expected), 0 when x is 0 (its limit).
double cell(double observed, double expected) { return observed > 0 ? observed * std::log(observed / expected) : 0.0; }

}  // namespace

double log_likelihood(double a, double b, double c, double d) {
    const double expected_target = c * (a + b) / (c + d);
    const double expected_reference = d * (a + b) / (c + d);
    return 2.0 * (cell(a, expected_target) + cell(b, expected_reference));
}

std::optional<double> log_ratio(double a, double b, double c, double d) {
    if (a == 0 && b == 0) return std::nullopt;
    // Hardie (2014): a zero frequency counts as 0.5, so that the ratio stays finite.
    const double target = a == 0 ? 0.5 : a, reference = b == 0 ? 0.5 : b;
    return std::log2((target / c) / (reference / d));
}

std::optional<double> percent_diff(double a, double b, double c, double d) {
    if (b == 0) return std::nullopt;
    const double target = a * 1e6 / c, reference = b * 1e6 / d;
    return (target - reference) * 100.0 / reference;
}

double critical_value(double alpha) {
    // The chi-square (1 df) quantile is the square of the normal one: P(|Z| > z) = erfc(z / sqrt 2) = alpha.
    double low = 0, high = 40;
    for (int step = 0; step < 200; ++step) {
        const double middle = (low + high) / 2;
        if (std::erfc(middle / std::sqrt(2.0)) > alpha) low = middle;
        else high = middle;
    }
    const double z = (low + high) / 2;
    return z * z;
}

KeynessTable keyness(const FrequencyTable& target, const FrequencyTable& reference, const KeynessOptions& options) {
    KeynessTable out;
    out.target = target.size;
    out.reference = reference.size;
    const double c = double(target.size.tokens), d = double(reference.size.tokens);
    std::vector<KeywordRow> compared;
    // Both tables are sorted by term: a merge joins them.
    std::size_t i = 0, j = 0;
    while (i < target.rows.size() || j < reference.rows.size()) {
        KeywordRow row;
        const bool take_target = j == reference.rows.size() || (i < target.rows.size() && target.rows[i].term <= reference.rows[j].term);
        const bool take_reference = i == target.rows.size() || (j < reference.rows.size() && reference.rows[j].term <= target.rows[i].term);
        if (take_target) {
            row.term = target.rows[i].term;
            row.target_frequency = target.rows[i++].frequency;
        }
        if (take_reference) {
            row.term = reference.rows[j].term;
            row.reference_frequency = reference.rows[j++].frequency;
        }
        const double a = double(row.target_frequency), b = double(row.reference_frequency);
        const bool over = a * d > b * c;
        if ((over ? row.target_frequency : row.reference_frequency) < options.min_frequency) continue;
        row.target_per_million = c > 0 ? a * 1e6 / c : 0;
        row.reference_per_million = d > 0 ? b * 1e6 / d : 0;
        row.log_likelihood = log_likelihood(a, b, c, d);
        row.log_ratio = log_ratio(a, b, c, d);
        row.percent_diff = percent_diff(a, b, c, d);
        compared.push_back(std::move(row));
    }
    out.types_compared = compared.size();
    if (options.alpha > 0) {
        out.alpha = options.bonferroni && out.types_compared > 0 ? options.alpha / double(out.types_compared) : options.alpha;
        out.critical_value = critical_value(out.alpha);
    }
    for (auto& row : compared) {
        const double a = double(row.target_frequency), b = double(row.reference_frequency);
        if (a * d == b * c) continue;
        if (out.critical_value > 0 && row.log_likelihood < out.critical_value) continue;
        (a * d > b * c ? out.positive : out.negative).push_back(std::move(row));
    }
    auto strength = [&](const KeywordRow& row) {
        return options.sort == KeynessOptions::Sort::log_likelihood ? row.log_likelihood : std::abs(row.log_ratio.value_or(0));
    };
    auto order = [&](const KeywordRow& x, const KeywordRow& y) {
        const double sx = strength(x), sy = strength(y);
        if (sx != sy) return sx > sy;
        return x.term < y.term;
    };
    std::sort(out.positive.begin(), out.positive.end(), order);
    std::sort(out.negative.begin(), out.negative.end(), order);
    return out;
}

Result<bool> check_comparison(const Subcorpus& target, const Subcorpus& reference, bool same_index) {
    if (target.size.tokens == 0)
        return plain_error("target " + subcorpus_label(target) + " is empty (0 tokens): expected a subcorpus with tokens");
    if (reference.size.tokens == 0)
        return plain_error("reference " + subcorpus_label(reference) + " is empty (0 tokens): expected a subcorpus with tokens");
    if (same_index) {
        const auto shared = intersect(target.spans, reference.spans).tokens();
        if (shared > 0)
            return plain_error("target " + subcorpus_label(target) + " and reference " + subcorpus_label(reference) + " overlap (" +
                               std::to_string(shared) + " tokens in both): expected disjoint subcorpora, e.g. --reference rest");
    }
    return true;
}

}  // namespace presser::analysis
