#include "search/unit_filter.h"

namespace presser::search {

using index::Structure;

Result<std::vector<ColumnFilter>> column_filters(const SearchOptions& options, const std::vector<MetadataFilter>& query_filters,
                                                 text::Analyzer& analyzer) {
    const auto unit = options.unit;
    std::vector<ColumnFilter> filters;
    const bool is_turn = unit == Unit::turn;
    // `term`: a speaker:/outlet: term of the query (substrings), else a filter of the options (the filter model).
    auto add_filter = [&](std::string_view name, const std::vector<std::string>& values, bool term,
                          bool negate) -> std::optional<Error> {
        if (values.empty()) return std::nullopt;
        const std::string_view model = name == "id" ? "event" : name;
        auto matcher = [&] {
            return term ? ValueMatcher(analyzer, values) : ValueMatcher(index::FilterValues(values, index::filter_compare(model)));
        };
        if (name == "speaker" || name == "outlet" || name == "role" || name == "kind") {
            if (unit == Unit::event) return plain_error("the " + std::string(name) + " filter does not apply to --unit event");
            if (name == "kind" && !is_turn) return plain_error("the kind filter applies to --unit turn only");
            if (is_turn) {
                filters.push_back({Structure::turn, name == "outlet" ? "affiliation" : std::string(name),
                                   matcher(), negate});
            } else if (name == "speaker") {
                // Either side of the exchange: one filter over two columns (SegmentFilter reads both).
                filters.push_back({Structure::exchange, "asker|answerer", matcher(), negate});
            } else {
                filters.push_back({Structure::exchange, name == "outlet" ? "asker_affiliation" : "answerer_role",
                                   matcher(), negate});
            }
            return std::nullopt;
        }
        filters.push_back({Structure::event, std::string(name), matcher(), negate});
        return std::nullopt;
    };
    std::optional<Error> problem;
    auto check = [&](std::optional<Error> e) {
        if (e && !problem) problem = std::move(e);
    };
    check(add_filter("speaker", options.speakers, false, false));
    check(add_filter("outlet", options.outlets, false, false));
    check(add_filter("role", options.roles, false, false));
    check(add_filter("kind", options.kinds, false, false));
    check(add_filter("id", options.events, false, false));
    check(add_filter("language", options.languages, false, false));
    check(add_filter("organiser", options.organisers, false, false));
    for (const auto& f : query_filters)
        check(add_filter(f.field == MetadataFilter::Field::speaker ? "speaker" : "outlet", {f.value}, true, f.excluded));
    if (problem) return *problem;
    return filters;
}

}  // namespace presser::search
