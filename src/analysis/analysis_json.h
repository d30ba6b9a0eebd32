// The analyses' results as JSON: one shape for `presser freq|keyness|colloc|ngrams --format json` and for
// the HTTP API's /api/freq, /api/keyness, /api/colloc and /api/ngrams (docs/api.md lists every member).
//
// Contract:
//  * Every result names the subcorpus it measured ("subcorpus"; keyness: "target" and "reference") with its
//    exact sizes, and carries "rows" (keyness: "positive" and "negative"), "total_rows", "offset", "limit"
//    (null for every row) and "took_ms".
//  * A statistic that is undefined for its counts is null, never NaN and never a silent 0.
//  * Members keep a fixed order (rows: the term first), which the API's CSV export uses as its columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analysis/collocations.h"
#include "analysis/frequency_list.h"
#include "analysis/keyness_comparison.h"
#include "analysis/ngrams.h"
#include "analysis/subcorpus.h"

namespace presser::analysis {

using OrderedJson = nlohmann::ordered_json;

// Which rows of a result a page shows: rows [offset, offset + limit); no limit = every row.
struct Paging {
    std::uint64_t offset = 0;
    std::optional<std::uint64_t> limit{};
    double took_ms = 0;
};

[[nodiscard]] OrderedJson subcorpus_json(const Subcorpus& subcorpus);
// {"name", "error"}: a saved subcorpus that no longer resolves on this index (listed, not hidden).
[[nodiscard]] OrderedJson unresolved_subcorpus_json(const std::string& name, const Error& error);

// `page` was selected with the same offset and limit (select_rows).
[[nodiscard]] OrderedJson frequency_json(index::Attribute attribute, const Subcorpus& subcorpus, const FrequencyPage& page,
                                         const Paging& paging);
// Each side's rows from `paging.offset`, at most `paging.limit`.
[[nodiscard]] OrderedJson keyness_json(index::Attribute attribute, const KeynessComparison& comparison, bool bonferroni,
                                       const Paging& paging);
// `table` holds every row the options' limit let through.
[[nodiscard]] OrderedJson collocations_json(std::string_view query, const CollocationOptions& options, const Subcorpus& subcorpus,
                                            const CollocationTable& table, const Paging& paging);
[[nodiscard]] OrderedJson ngrams_json(const NgramOptions& options, const Subcorpus& subcorpus, const NgramTable& table,
                                      const Paging& paging);

}  // namespace presser::analysis
