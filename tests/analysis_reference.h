// Plain reference implementations of the analysis statistics, written from their textbook formulas, to
// check the engine's tables against (docs/analysis.md): every token of a subcorpus read with
// Segment::term_at, counted by string; D, DP, G², log ratio and %DIFF computed directly.
#pragma once

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/frequency_list.h"
#include "analysis/keyness.h"
#include "analysis/keyness_counts.h"
#include "analysis/token_spans.h"
#include "index/index.h"

namespace presser::testing {

struct ReferenceRow {
    std::uint64_t frequency = 0;
    std::set<std::pair<std::size_t, std::uint64_t>> events, turns;  // (segment, region)
    std::map<std::pair<std::size_t, std::uint64_t>, std::uint64_t> per_event;
    std::optional<double> d;
    double dp = 0;
};

struct ReferenceTable {
    std::uint64_t tokens = 0;
    std::set<std::pair<std::size_t, std::uint64_t>> events, turns;
    std::map<std::pair<std::size_t, std::uint64_t>, std::uint64_t> event_tokens;  // the dispersion parts
    std::map<std::string, ReferenceRow> rows;
};

inline ReferenceTable reference_table(const index::Index& index, const analysis::TokenSpans& spans, index::Attribute attribute) {
    ReferenceTable table;
    const auto& segments = index.segments();
    for (std::size_t s = 0; s < spans.segments.size(); ++s) {
        const auto& segment = *segments[s];
        for (const auto& span : spans.segments[s]) {
            for (std::uint32_t position = span.start; position < span.end; ++position) {
                const std::pair<std::size_t, std::uint64_t> event{s, *segment.regions(index::Structure::event).find(position)};
                const std::pair<std::size_t, std::uint64_t> turn{s, *segment.regions(index::Structure::turn).find(position)};
                ++table.tokens;
                ++table.event_tokens[event];
                table.events.insert(event);
                table.turns.insert(turn);
                const auto term = segment.term_at(attribute, position);
                if (term == index::Segment::kNoTerm) continue;
                auto& row = table.rows[std::string(segment.lexicon(attribute).term(term))];
                ++row.frequency;
                row.events.insert(event);
                row.turns.insert(turn);
                ++row.per_event[event];
            }
        }
    }
    const double n = double(table.event_tokens.size());
    for (auto& [term, row] : table.rows) {
        // Juilland's D: V = sd / mean of the parts' relative frequencies (population sd), D = 1 - V / sqrt(n - 1).
        double sum = 0;
        for (const auto& [part, size] : table.event_tokens) {
            const auto found = row.per_event.find(part);
            sum += double(found == row.per_event.end() ? 0 : found->second) / double(size);
        }
        const double mean = sum / n;
        double squares = 0;
        double dp = 0;
        for (const auto& [part, size] : table.event_tokens) {
            const auto found = row.per_event.find(part);
            const double v = double(found == row.per_event.end() ? 0 : found->second);
            squares += (v / double(size) - mean) * (v / double(size) - mean);
            // Gries' DP: half the sum of |observed share of the term's occurrences - expected share (part size)|.
            dp += std::abs(v / double(row.frequency) - double(size) / double(table.tokens));
        }
        if (n >= 2) row.d = 1.0 - (std::sqrt(squares / n) / mean) / std::sqrt(n - 1.0);
        row.dp = dp / 2.0;
    }
    return table;
}

// Within 1e-9 relative (1e-12 absolute for values that are 0 up to rounding, such as D of a term in one part).
inline void expect_close(double expected, double actual, const std::string& what) {
    EXPECT_LE(std::abs(expected - actual), std::max(1e-9 * std::abs(expected), 1e-12)) << what << ": expected " << expected << ", got " << actual;
}

// G² of Rayson & Garside (2000) in the two-cell form of Wmatrix and CQPweb: the term's own cells only.
// a, b: the term's frequencies in target and reference; c, d: their sizes.
inline double reference_g2(double a, double b, double c, double d) {
    const double expected_target = c * (a + b) / (c + d), expected_reference = d * (a + b) / (c + d);
    double sum = 0;
    if (a > 0) sum += a * std::log(a / expected_target);
    if (b > 0) sum += b * std::log(b / expected_reference);
    return 2 * sum;
}

// Keyness of `target` against the rest of the index, computed by the engine with `alpha`, checked against
// the reference: every term whose G² reaches `critical_g2` (the χ² critical value of alpha; 0 for every
// term) and is not used alike is listed, on the right side, with both frequencies, G², log ratio (Hardie
// 2014, a zero counted as 0.5) and %DIFF (none when the reference has 0); no other term is. Returns the
// number of keywords the reference expects.
inline std::size_t expect_keyness_of_target_against_rest(const index::Index& index, const analysis::TokenSpans& target,
                                                          index::Attribute attribute, double alpha, double critical_g2) {
    const auto rest = analysis::complement(index, target);
    // The rest as keyness_counts() counts it: by subtraction when the index has no deleted event.
    auto counted = analysis::keyness_counts(index, target, index, rest, true, {.attribute = attribute});
    EXPECT_TRUE(counted.ok());
    if (!counted.ok()) return 0;
    const auto table = analysis::keyness(counted->target, counted->reference, {.alpha = alpha});
    const auto expected_t = reference_table(index, target, attribute);
    const auto expected_r = reference_table(index, rest, attribute);
    const double c = double(expected_t.tokens), d = double(expected_r.tokens);
    EXPECT_EQ(expected_t.tokens + expected_r.tokens, index.tokens());
    std::map<std::string, std::pair<const analysis::KeywordRow*, bool>> listed;  // term -> (row, positive)
    for (const auto& row : table.positive) listed[row.term] = {&row, true};
    for (const auto& row : table.negative) listed[row.term] = {&row, false};
    std::map<std::string, std::pair<double, double>> counts;
    for (const auto& [term, row] : expected_t.rows) counts[term].first = double(row.frequency);
    for (const auto& [term, row] : expected_r.rows) counts[term].second = double(row.frequency);
    if (critical_g2 == 0) {
        EXPECT_EQ(table.types_compared, counts.size());
    }
    std::size_t keywords = 0;
    for (const auto& [term, ab] : counts) {
        const auto [a, b] = ab;
        const double g2 = reference_g2(a, b, c, d);
        const bool expected_listed = a * d != b * c && g2 >= critical_g2;
        const auto found = listed.find(term);
        EXPECT_EQ(found != listed.end(), expected_listed) << term << " G2 " << g2;
        if (!expected_listed || found == listed.end()) continue;
        ++keywords;
        const auto& row = *found->second.first;
        EXPECT_EQ(row.target_frequency, a) << term;
        EXPECT_EQ(row.reference_frequency, b) << term;
        EXPECT_EQ(found->second.second, a * d > b * c) << term << " is on the wrong side";
        expect_close(g2, row.log_likelihood, term + " G2");
        expect_close(std::log2(((a == 0 ? 0.5 : a) / c) / ((b == 0 ? 0.5 : b) / d)), row.log_ratio.value(), term + " log ratio");
        if (b == 0) {
            EXPECT_FALSE(row.percent_diff.has_value()) << term;
        } else {
            expect_close((a / c - b / d) / (b / d) * 100, row.percent_diff.value(), term + " %DIFF");
        }
    }
    return keywords;
}

}  // namespace presser::testing
