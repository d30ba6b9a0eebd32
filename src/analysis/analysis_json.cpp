#include "analysis/analysis_json.h"

#include <algorithm>

namespace presser::analysis {
namespace {

OrderedJson number_or_null(const std::optional<double>& value) { return value ? OrderedJson(*value) : OrderedJson(nullptr); }

OrderedJson limit_json(const Paging& paging) { return paging.limit ? OrderedJson(*paging.limit) : OrderedJson(nullptr); }

// The [first, last) range of `size` rows a page shows.
std::pair<std::size_t, std::size_t> page_range(std::size_t size, const Paging& paging) {
    const auto first = static_cast<std::size_t>(std::min<std::uint64_t>(paging.offset, size));
    const auto last = paging.limit ? static_cast<std::size_t>(std::min<std::uint64_t>(size, first + *paging.limit)) : size;
    return {first, last};
}

OrderedJson keyword_json(const KeywordRow& row) {
    return {{"term", row.term},
            {"target_frequency", row.target_frequency},
            {"reference_frequency", row.reference_frequency},
            {"target_per_million", row.target_per_million},
            {"reference_per_million", row.reference_per_million},
            {"log_likelihood", row.log_likelihood},
            {"log_ratio", number_or_null(row.log_ratio)},
            {"percent_diff", number_or_null(row.percent_diff)}};
}

}  // namespace

OrderedJson subcorpus_json(const Subcorpus& subcorpus) {
    return {{"name", subcorpus.name},
            {"definition", OrderedJson(definition_json(subcorpus.definition))},
            {"tokens", subcorpus.size.tokens},
            {"turns", subcorpus.size.turns},
            {"events", subcorpus.size.events}};
}

OrderedJson unresolved_subcorpus_json(const std::string& name, const Error& error) {
    return {{"name", name}, {"error", error.describe()}};
}

OrderedJson frequency_json(index::Attribute attribute, const Subcorpus& subcorpus, const FrequencyPage& page, const Paging& paging) {
    OrderedJson rows = OrderedJson::array();
    for (const auto& row : page.rows)
        rows.push_back({{"term", row.term},
                        {"frequency", row.frequency},
                        {"per_million", row.per_million},
                        {"events", row.events},
                        {"turns", row.turns},
                        {"juilland_d", number_or_null(row.juilland_d)},
                        {"gries_dp", number_or_null(row.gries_dp)}});
    return {{"attribute", index::to_string(attribute)}, {"subcorpus", subcorpus_json(subcorpus)},
            {"parts", page.parts},                      {"total_rows", page.total_rows},
            {"offset", paging.offset},                  {"limit", limit_json(paging)},
            {"took_ms", paging.took_ms},                {"rows", std::move(rows)}};
}

OrderedJson keyness_json(index::Attribute attribute, const KeynessComparison& comparison, bool bonferroni, const Paging& paging) {
    auto side = [&](const std::vector<KeywordRow>& rows) {
        OrderedJson out = OrderedJson::array();
        const auto [first, last] = page_range(rows.size(), paging);
        for (auto i = first; i < last; ++i) out.push_back(keyword_json(rows[i]));
        return out;
    };
    const auto& table = comparison.table;
    return {{"attribute", index::to_string(attribute)},
            {"n", comparison.n},
            {"target", subcorpus_json(comparison.target)},
            {"reference", subcorpus_json(comparison.reference)},
            {"types_compared", table.types_compared},
            {"alpha", table.alpha},
            {"bonferroni", bonferroni},
            {"critical_value", table.critical_value},
            {"positive_total", table.positive.size()},
            {"negative_total", table.negative.size()},
            {"total_rows", table.positive.size() + table.negative.size()},
            {"offset", paging.offset},
            {"limit", limit_json(paging)},
            {"took_ms", paging.took_ms},
            {"positive", side(table.positive)},
            {"negative", side(table.negative)}};
}

OrderedJson collocations_json(std::string_view query, const CollocationOptions& options, const Subcorpus& subcorpus,
                              const CollocationTable& table, const Paging& paging) {
    OrderedJson rows = OrderedJson::array();
    const auto [first, last] = page_range(table.rows.size(), paging);
    for (auto i = first; i < last; ++i) {
        const auto& row = table.rows[i];
        rows.push_back({{"collocate", row.collocate},
                        {"cooccurrences", row.cooccurrences},
                        {"collocate_frequency", row.collocate_frequency},
                        {"logdice", number_or_null(row.logdice)},
                        {"mi", number_or_null(row.mi)},
                        {"mi3", number_or_null(row.mi3)},
                        {"t", number_or_null(row.t_score)},
                        {"ll", number_or_null(row.log_likelihood)},
                        {"cql", row.cql}});
    }
    OrderedJson out = {{"query", query},
                       {"attribute", index::to_string(options.attribute)},
                       {"measure", to_string(options.sort)}};
    if (options.within) out["within"] = index::to_string(*options.within);
    else out["window"] = {{"left", options.left}, {"right", options.right}};
    out["nodes"] = table.nodes;
    out["corpus_tokens"] = table.corpus_tokens;
    out["subcorpus"] = subcorpus_json(subcorpus);
    out["total_rows"] = table.collocates;
    out["offset"] = paging.offset;
    out["limit"] = limit_json(paging);
    out["took_ms"] = paging.took_ms;
    out["rows"] = std::move(rows);
    return out;
}

OrderedJson ngrams_json(const NgramOptions& options, const Subcorpus& subcorpus, const NgramTable& table, const Paging& paging) {
    OrderedJson rows = OrderedJson::array();
    const auto [first, last] = page_range(table.rows.size(), paging);
    for (auto i = first; i < last; ++i) {
        const auto& row = table.rows[i];
        rows.push_back({{"ngram", row.ngram},
                        {"frequency", row.frequency},
                        {"per_million", row.frequency * 1e6 / std::max<double>(1, double(table.tokens))},
                        {"events", row.events},
                        {"turns", row.turns},
                        {"gries_dp", row.dp}});
    }
    return {{"n", options.n},
            {"attribute", index::to_string(options.attribute)},
            {"subcorpus", subcorpus_json(subcorpus)},
            {"positions", table.positions},
            {"total_rows", table.rows.size()},
            {"offset", paging.offset},
            {"limit", limit_json(paging)},
            {"took_ms", paging.took_ms},
            {"rows", std::move(rows)}};
}

}  // namespace presser::analysis
