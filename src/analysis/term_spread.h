// Juilland's D and Gries' DP of one term (docs/analysis.md), accumulated over the parts (events) it occurs in.
// The token-scan and the turns.tf frequency lists share it: visiting the parts in the same (event) order,
// they give the same figures to the last bit.
//
//   TermSpread spread;
//   for (part with the term) spread.add(count, part_tokens, frequency, total_tokens);
//   const double mean = spread.mean(parts);
//   for (part with the term) spread.add_square(count, part_tokens, mean);
//   row.gries_dp = spread.dp(total_tokens); row.juilland_d = spread.d(parts, parts_with_term, mean);
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace presser::analysis {

struct TermSpread {
    double sum_relative = 0, distance = 0, squares = 0;
    std::uint64_t tokens_of_parts_with = 0;

    void add(std::uint64_t count, std::uint64_t part_tokens, std::uint64_t frequency, std::uint64_t total_tokens) {
        sum_relative += double(count) / double(part_tokens);
        distance += std::abs(double(count) / double(frequency) - double(part_tokens) / double(total_tokens));
        tokens_of_parts_with += part_tokens;
    }
    [[nodiscard]] double mean(std::uint64_t parts) const { return sum_relative / double(parts); }
    // The deviations from the mean in a second pass: the textbook sum of squares, without the
    // cancellation of E[x²] - E[x]² when a term is spread evenly.
    void add_square(std::uint64_t count, std::uint64_t part_tokens, double mean) {
        const double deviation = double(count) / double(part_tokens) - mean;
        squares += deviation * deviation;
    }
    [[nodiscard]] double dp(std::uint64_t total_tokens) const {
        // Parts without the term: observed share 0, so |0 - expected share| adds their expected shares.
        const double absent_share = double(total_tokens - tokens_of_parts_with) / double(total_tokens);
        return 0.5 * (distance + absent_share);
    }
    [[nodiscard]] std::optional<double> d(std::uint64_t parts, std::uint64_t parts_with, double mean) const {
        if (parts < 2) return std::nullopt;
        const double absent_parts = double(parts - parts_with);
        const double variance = (squares + absent_parts * mean * mean) / double(parts);
        const double variation = std::sqrt(variance) / mean;
        return 1.0 - variation / std::sqrt(double(parts) - 1.0);
    }
};

}  // namespace presser::analysis
