// Plain reference implementations of the analyses, for the tests to compare the engine's full tables with:
// every token read with Segment::term_at, windows and n-grams counted by string, regions found by walking
// them, each measure from its textbook formula. Slow and obvious on purpose.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/token_spans.h"
#include "index/index.h"
#include "query/corpus_query.h"

namespace presser::testing::colloc {

struct ReferenceCollocate {
    std::uint64_t f_ab = 0, f_b = 0;
    std::optional<double> logdice, mi, mi3, t, ll;
};

struct ReferenceCollocations {
    std::uint64_t nodes = 0, n = 0;
    std::map<std::string, ReferenceCollocate> rows;  // every collocate with f_ab >= 1
};

// Window `left`/`right` tokens, or the node's region of `within` (s or turn) when given.
ReferenceCollocations reference_collocations(const index::Index& index, const std::vector<query::IndexHit>& hits,
                                             const analysis::TokenSpans& subcorpus, index::Attribute attribute, std::uint32_t left,
                                             std::uint32_t right, std::optional<index::Structure> within);

// The textbook forms: E = f_a f_b / n; MI = log2(O / E); MI3 = log2(O^3 / E); t = (O - E) / sqrt(O);
// logDice = 14 + log2(2 O / (f_a + f_b)); G² = 2 Σ O_ij ln(O_ij / E_ij) over the 2x2 table.
void reference_measures(double f_ab, double f_a, double f_b, double n, ReferenceCollocate& out);

struct ReferenceNgram {
    std::uint64_t frequency = 0, events = 0, turns = 0;
    double dp = 0;
};

// Every n-gram of the subcorpus (no thresholds), by its value.
std::map<std::string, ReferenceNgram> reference_ngrams(const index::Index& index, const analysis::TokenSpans& subcorpus,
                                                      index::Attribute attribute, unsigned n);

// |a - b| <= 1e-9 max(|a|, |b|) (or both tiny).
bool close(double a, double b);

}  // namespace presser::testing::colloc
