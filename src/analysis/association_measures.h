// Association measures of a node and a collocate from four frequencies, as Sketch Engine's statistics
// documentation defines them (docs/analysis.md, "Collocations"):
//   f_ab  co-occurrences (collocate tokens in the nodes' windows),
//   f_a   nodes (the query's matches),
//   f_b   the collocate's frequency in the subcorpus,
//   n     the subcorpus's size in tokens.
// The window size does not enter the expected value (E = f_a f_b / n), as in Sketch Engine and NLTK.
// A measure that is undefined for the counts (a logarithm of zero, a negative cell of the 2x2 table when a
// collocate falls in several windows) is nullopt, never NaN.
#pragma once

#include <optional>
#include <string_view>

namespace presser::analysis {

struct AssociationCounts {
    double f_ab = 0, f_a = 0, f_b = 0, n = 0;
};

enum class Measure { freq, logdice, mi, mi3, t_score, log_likelihood };

[[nodiscard]] std::optional<double> log_dice(const AssociationCounts& c);        // 14 + log2(2 f_ab / (f_a + f_b))
[[nodiscard]] std::optional<double> mutual_information(const AssociationCounts& c);  // log2(f_ab n / (f_a f_b))
[[nodiscard]] std::optional<double> mi3(const AssociationCounts& c);             // log2(f_ab^3 n / (f_a f_b))
[[nodiscard]] std::optional<double> t_score(const AssociationCounts& c);         // (f_ab - f_a f_b / n) / sqrt(f_ab)
[[nodiscard]] std::optional<double> log_likelihood(const AssociationCounts& c);  // G² of the 2x2 table
[[nodiscard]] std::optional<double> measure(Measure which, const AssociationCounts& c);

// "logdice", "mi", "mi3", "t", "ll", "freq"; nullopt for anything else.
[[nodiscard]] std::optional<Measure> parse_measure(std::string_view name);
[[nodiscard]] std::string_view to_string(Measure measure);
inline constexpr std::string_view kMeasuresExpected = "logdice, mi, mi3, t, ll or freq";

}  // namespace presser::analysis
