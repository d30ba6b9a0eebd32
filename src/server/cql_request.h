// A CQL query of a request: parsed (syntax errors as 400 with their column), filtered, compiled, evaluated
// under the request's deadline (503 past it). Shared by /api/query, groups, timeline, the reader and export.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "query/concordance.h"
#include "query/corpus_query.h"
#include "server/api.h"
#include "server/json_params.h"

namespace presser::server {

// `deadline` false: no time limit (export).
[[nodiscard]] std::shared_ptr<const query::CorpusQuery> compile_cql(const Call& call, const std::string& cql, const Filters& filters,
                                                                    query::MatchingStrategy matching, bool deadline = true);
// The strategy `query` was compiled with, as answers name it beside their counts.
[[nodiscard]] std::string matching_name(const query::CorpusQuery& query);
[[nodiscard]] std::vector<query::IndexHit> all_hits(const Call& call, const query::CorpusQuery& query);
// Hits [offset, offset + limit) in corpus order; the evaluation stops after the last of them.
[[nodiscard]] std::vector<query::IndexHit> hits_page(const Call& call, const query::CorpusQuery& query, std::uint64_t offset,
                                                     std::uint64_t limit);
// Hits, distinct events and distinct turns, counted without keeping the hits.
[[nodiscard]] query::HitCounts hit_counts(const Call& call, const query::CorpusQuery& query);
// The query's distribution over `by`, counted without keeping its hits.
[[nodiscard]] query::Distribution distribution(const Call& call, const query::CorpusQuery& query, const query::GroupBy& by);

// Ends the request for an evaluation that failed: 503 past the deadline (or cancelled), else 500.
[[noreturn]] void evaluation_failed(const Call& call, const Error& error);

// The turn kind at a hit's first token.
[[nodiscard]] std::string kind_at(const index::Index& index, const query::IndexHit& hit);
[[nodiscard]] Json kwic_json(const index::Index& index, const query::KwicLine& line);

}  // namespace presser::server
