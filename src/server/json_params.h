// Query-string parameters of the API, read with clear 400 errors: unknown names, malformed numbers, values
// outside a list, and the common filters (docs/api.md) turned into the library's filter options.
#pragma once

#include <httplib.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "query/corpus_query.h"
#include "query/cql_ast.h"
#include "search/searcher.h"

namespace presser::server {

struct CorpusTables;

// from, to, speaker*, role*, kind*, outlet*, event*, language*, organiser* (* repeatable: alternatives).
struct Filters {
    std::string from, to;
    std::vector<std::string> speakers, roles, kinds, outlets, events, languages, organisers;
    [[nodiscard]] bool empty() const;
};

inline constexpr std::array<std::string_view, 9> kFilterNames = {"from", "to", "speaker", "role", "kind", "outlet",
                                                                  "event", "language", "organiser"};

class Params {
public:
    // ApiError 400 naming the first parameter not in `allowed` (the filters when `filters` is set; `token` always).
    Params(const httplib::Request& request, const std::vector<std::string_view>& allowed, bool filters = false);

    [[nodiscard]] bool has(const std::string& name) const;
    [[nodiscard]] std::string text(const std::string& name, const std::string& fallback = "") const;
    [[nodiscard]] std::vector<std::string> all(const std::string& name) const;
    // An integer in [min, max]; 400 otherwise.
    [[nodiscard]] std::uint64_t integer(const std::string& name, std::uint64_t fallback, std::uint64_t min, std::uint64_t max) const;
    // One of `choices`; 400 otherwise.
    [[nodiscard]] std::string choice(const std::string& name, std::initializer_list<std::string_view> choices,
                                     const std::string& fallback) const;
    [[nodiscard]] bool flag(const std::string& name) const;  // 1|true|0|false
    [[nodiscard]] Filters filters() const;
    // The filters with speaker and outlet values widened to every spelling of their identities, and every
    // folded value (speaker, outlet, organiser, language) joined by the stored values it matches, so that
    // CQL's exact matching and the Searcher's folded matching select the same (docs/api.md, "Filters").
    [[nodiscard]] Filters filters(const CorpusTables& identities) const;
    // `matching` (standard when absent); 400 listing the strategies otherwise.
    [[nodiscard]] query::MatchingStrategy matching() const;
    // 400 when `name` is given: it does not apply to this request, because `why`.
    void refuse(const std::string& name, const std::string& why) const;

private:
    const httplib::Request& request_;
};

// The filters as CorpusQuery options: dates as MetadataFilter, every other filter as a positive
// `within <turn|event .../>` clause appended to `query` (alternatives as an escaped regex alternation).
[[nodiscard]] query::QueryOptions apply_filters(const Filters& filters, query::cql::Query& query);
// The filters as Searcher options (which compare them as index/filter_values.h says).
void apply_filters(const Filters& filters, search::SearchOptions& options);

// "column 7: expected ..." -> 7.
[[nodiscard]] std::optional<std::uint32_t> column_of(std::string_view message);

}  // namespace presser::server
