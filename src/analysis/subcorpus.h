// A subcorpus: the metadata filters of `presser query` and/or a CQL region query, resolved on an index into
// the TokenSpans every analysis reads, with its exact size.
//
//   SubcorpusDefinition officials;
//   officials.cql = "<turn role=\"official\"/>";
//   officials.filter.date_from = "2023";
//   auto sub = presser::analysis::resolve_subcorpus(index, officials, "officials-2023");
//   sub->spans ... sub->size.tokens, sub->size.turns, sub->size.events
//
// Contract:
//  * The filters select the tokens of the turns (turn filters: speaker, role, kind, outlet) of the events
//    (event filters: dates, event id, language, organiser) that pass them, exactly as `presser query`'s
//    filters restrict a query. The CQL query must be a region query (`<turn role="official"/>`,
//    `<exchange/> containing [lemma="tariff"]`); it selects the tokens of its matching regions. With both,
//    the subcorpus is the tokens both select. With neither, it is the whole (live) corpus.
//  * Sizes are exact: tokens covered, turns and events of which at least one token is covered.
//  * A definition is stored, not its spans: it is resolved again on every open (subcorpus_store.h), so a
//    rebuilt index keeps its subcorpora right.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "analysis/token_spans.h"
#include "index/index.h"
#include "model/error.h"
#include "query/corpus_query.h"

namespace presser::analysis {

struct SubcorpusDefinition {
    query::MetadataFilter filter;
    std::string cql;  // a region query, or "" for none
    [[nodiscard]] bool whole_corpus() const { return filter.empty() && cql.empty(); }
};

// {"filters": {"from": ..., "speaker": ...}, "cql": ...}: only the parts that are set.
[[nodiscard]] nlohmann::json definition_json(const SubcorpusDefinition& definition);
// The inverse; an error names the member that is not what was expected.
[[nodiscard]] Result<SubcorpusDefinition> parse_definition(const nlohmann::json& json);
// "speaker=Qin Gang, from=2023, cql=<turn/>", or "whole corpus": for messages and tables.
[[nodiscard]] std::string describe(const SubcorpusDefinition& definition);

struct SubcorpusSize {
    std::uint64_t tokens = 0;
    std::uint64_t turns = 0;   // turns with at least one token in the subcorpus
    std::uint64_t events = 0;  // events with at least one token in the subcorpus
};

struct Subcorpus {
    std::string name;  // "" for an unnamed one
    SubcorpusDefinition definition;
    TokenSpans spans;
    SubcorpusSize size;
};

// The exact size of `spans` on `index`.
[[nodiscard]] SubcorpusSize measure(const index::Index& index, const TokenSpans& spans);

// Resolves `definition` on `index`; an error for a CQL query that does not parse or is not a region query
// (naming it and what was expected), or a cancelled evaluation. An empty result is not an error here:
// the analyses refuse it, naming it.
[[nodiscard]] Result<Subcorpus> resolve_subcorpus(const index::Index& index, const SubcorpusDefinition& definition,
                                                  std::string name = "", unsigned threads = 0);

// The live tokens of `index` outside `target`, named "rest": the reference of "target against the rest".
[[nodiscard]] Subcorpus rest_of_corpus(const index::Index& index, const Subcorpus& target);

// "subcorpus 'NAME' (DESCRIPTION)", "the subcorpus DESCRIPTION" or "the rest of the corpus": how messages
// and tables name one.
[[nodiscard]] std::string subcorpus_label(const Subcorpus& subcorpus);

}  // namespace presser::analysis
