#include "analysis/association_measures.h"

#include <cmath>

namespace presser::analysis {
namespace {

bool positive(const AssociationCounts& c) { return c.f_ab > 0 && c.f_a > 0 && c.f_b > 0 && c.n > 0; }

}  // namespace

std::optional<double> log_dice(const AssociationCounts& c) {
    if (!positive(c)) return std::nullopt;
    return 14.0 + std::log2(2.0 * c.f_ab / (c.f_a + c.f_b));
}

std::optional<double> mutual_information(const AssociationCounts& c) {
    if (!positive(c)) return std::nullopt;
    return std::log2(c.f_ab * c.n / (c.f_a * c.f_b));
}

std::optional<double> mi3(const AssociationCounts& c) {
    if (!positive(c)) return std::nullopt;
    return std::log2(c.f_ab * c.f_ab * c.f_ab * c.n / (c.f_a * c.f_b));
}

std::optional<double> t_score(const AssociationCounts& c) {
    if (!positive(c)) return std::nullopt;
    return (c.f_ab - c.f_a * c.f_b / c.n) / std::sqrt(c.f_ab);
}

std::optional<double> log_likelihood(const AssociationCounts& c) {
    if (!positive(c)) return std::nullopt;
    // Sketch Engine's form, 2 (Σ cells x ln x + n ln n - Σ marginals x ln x), subtracts terms of the order
    // of n ln n, which leaves a weak collocate's value with few exact digits. The same G² = 2 Σ O ln(O / E)
    // over the 2x2 table is computed here from each cell's O - E, which is ±(f_ab - f_a f_b / n) in every
    // cell: O ln(O / E) = O log1p((O - E) / E), exact to the last digits however large n is.
    const double excess = c.f_ab - c.f_a * c.f_b / c.n;
    const double observed[4] = {c.f_ab, c.f_a - c.f_ab, c.f_b - c.f_ab, c.n + c.f_ab - c.f_a - c.f_b};
    const double expected[4] = {c.f_a * c.f_b / c.n, c.f_a * (c.n - c.f_b) / c.n, (c.n - c.f_a) * c.f_b / c.n,
                                (c.n - c.f_a) * (c.n - c.f_b) / c.n};
    const double sign[4] = {1, -1, -1, 1};
    double sum = 0;
    for (int i = 0; i < 4; ++i) {
        if (observed[i] < 0) return std::nullopt;
        if (observed[i] == 0) continue;
        if (expected[i] <= 0) return std::nullopt;  // a cell observed where none is expected: no finite G²
        sum += observed[i] * std::log1p(sign[i] * excess / expected[i]);
    }
    return 2.0 * std::max(0.0, sum);
}

std::optional<double> measure(Measure which, const AssociationCounts& c) {
    switch (which) {
    case Measure::freq: return c.f_ab;
    case Measure::logdice: return log_dice(c);
    case Measure::mi: return mutual_information(c);
    case Measure::mi3: return mi3(c);
    case Measure::t_score: return t_score(c);
    case Measure::log_likelihood: return log_likelihood(c);
    }
    return std::nullopt;
}

std::optional<Measure> parse_measure(std::string_view name) {
    if (name == "logdice") return Measure::logdice;
    if (name == "mi") return Measure::mi;
    if (name == "mi3") return Measure::mi3;
    if (name == "t") return Measure::t_score;
    if (name == "ll") return Measure::log_likelihood;
    if (name == "freq") return Measure::freq;
    return std::nullopt;
}

std::string_view to_string(Measure measure) {
    switch (measure) {
    case Measure::freq: return "freq";
    case Measure::logdice: return "logdice";
    case Measure::mi: return "mi";
    case Measure::mi3: return "mi3";
    case Measure::t_score: return "t";
    case Measure::log_likelihood: return "ll";
    }
    return "";
}

}  // namespace presser::analysis
