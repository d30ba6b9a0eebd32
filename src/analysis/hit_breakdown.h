// The distribution of a CQL query's matches by the matches' own forms (`--group-by match.lower`), or by the
// form of one labelled token of them (`--group-by a.lemma` for `a:[] [lower="sanctions"]`): KonText's
// frequency distribution and BlackLab's group-by-hit. A multi-token match's form is its tokens' values
// joined by single spaces. Complete and exact: every distinct form, rows by decreasing hits, then form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/corpus_query.h"
#include "query/cql_ast.h"

namespace presser::analysis {

struct MatchGroupBy {
    index::Attribute attribute = index::Attribute::word;
    std::string label;  // "" for the whole match
};

// "match.word", "match.lower", "match.lemma", or "LABEL.ATTRIBUTE" (a.lower) for a label of the query.
// Text whose first part names a structure (turn.speaker) is not a match grouping: nullopt. "match.X" or
// "LABEL.X" with X not a token attribute is an error naming X.
[[nodiscard]] std::optional<Result<MatchGroupBy>> parse_match_group_by(std::string_view text);

// Where a labelled token sits in every match: `offset` tokens after its first token, or before its last.
struct LabelPosition {
    bool from_end = false;
    std::uint32_t offset = 0;
};
// An error when the query has no such label, or when the label's distance from the start and from the end
// of the match can vary (a quantifier, a group or alternatives on both sides of it).
[[nodiscard]] Result<LabelPosition> label_position(const query::cql::Query& query, std::string_view label);

struct BreakdownRow {
    std::string form;
    std::uint64_t hits = 0;
    double share = 0;                   // of all hits, 0-1
    std::optional<double> per_million;  // hits per million tokens of the corpus searched, when known
};

struct Breakdown {
    std::uint64_t hits = 0;
    std::vector<BreakdownRow> rows;
};

// `corpus_tokens`: the size of the corpus the query ran over, for per-million figures (nullopt: none).
// `label`: where by.label sits (label_position), when by.label is set.
[[nodiscard]] Result<Breakdown> hit_breakdown(const query::CorpusQuery& query, const MatchGroupBy& by,
                                              std::optional<std::uint64_t> corpus_tokens, unsigned threads = 0,
                                              std::optional<LabelPosition> label = std::nullopt);

}  // namespace presser::analysis
