#include "server/json_params.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>

#include "model/transcript.h"
#include "query/option_values.h"
#include "server/api.h"

namespace presser::server {

namespace {

template <class Items>
std::string join(const Items& items) {
    std::string out;
    for (auto item : items) out += (out.empty() ? "" : ", ") + std::string(item);
    return out;
}

// An RE2 alternation matching exactly one of `values`.
std::string any_of(const std::vector<std::string>& values) {
    std::string out = "(?:";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "|" : "") + RE2::QuoteMeta(values[i]);
    return out + ")";
}

void within(query::cql::Query& query, std::string structure, std::string attribute, std::string regex) {
    query::cql::WithinClause clause;
    clause.region.structure = std::move(structure);
    query::cql::AttributeTest test;
    test.attribute.name = std::move(attribute);
    test.pattern.regex = std::move(regex);
    clause.region.tests.push_back(std::move(test));
    query.within.push_back(std::move(clause));
}

}  // namespace

bool Filters::empty() const {
    return from.empty() && to.empty() && speakers.empty() && roles.empty() && kinds.empty() && outlets.empty() &&
           events.empty() && languages.empty() && organisers.empty();
}

Params::Params(const httplib::Request& request, const std::vector<std::string_view>& allowed, bool filters) : request_(request) {
    for (const auto& [name, value] : request.params) {
        if (name == "token") continue;
        const bool known = std::find(allowed.begin(), allowed.end(), name) != allowed.end() ||
                           (filters && std::find(kFilterNames.begin(), kFilterNames.end(), name) != kFilterNames.end());
        if (!known) {
            std::string expected = join(allowed);
            if (filters) expected += std::string(expected.empty() ? "" : ", ") + join(kFilterNames);
            throw ApiError{400, "unknown parameter '" + name + "'; expected " + (expected.empty() ? "none" : expected)};
        }
    }
}

bool Params::has(const std::string& name) const { return request_.has_param(name.c_str()); }

std::string Params::text(const std::string& name, const std::string& fallback) const {
    if (!has(name)) return fallback;
    if (request_.get_param_value_count(name.c_str()) > 1) throw ApiError{400, "parameter '" + name + "' given more than once"};
    return request_.get_param_value(name.c_str());
}

std::vector<std::string> Params::all(const std::string& name) const {
    std::vector<std::string> out;
    const auto count = request_.get_param_value_count(name.c_str());
    for (std::size_t i = 0; i < count; ++i) out.push_back(request_.get_param_value(name.c_str(), i));
    return out;
}

std::uint64_t Params::integer(const std::string& name, std::uint64_t fallback, std::uint64_t min, std::uint64_t max) const {
    if (!has(name)) return fallback;
    const auto value = text(name);
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size() || number < min || number > max)
        throw ApiError{400, "parameter '" + name + "': expected an integer from " + std::to_string(min) + " to " +
                                std::to_string(max) + ", got '" + value + "'"};
    return number;
}

std::string Params::choice(const std::string& name, std::initializer_list<std::string_view> choices, const std::string& fallback) const {
    if (!has(name)) return fallback;
    const auto value = text(name);
    if (std::find(choices.begin(), choices.end(), value) == choices.end())
        throw ApiError{400, "parameter '" + name + "': expected one of " + join(choices) + ", got '" + value + "'"};
    return value;
}

bool Params::flag(const std::string& name) const {
    const auto value = choice(name, {"1", "0", "true", "false"}, "0");
    return value == "1" || value == "true";
}

Filters Params::filters() const {
    Filters f;
    f.from = text("from");
    f.to = text("to");
    for (const auto* date : {&f.from, &f.to})
        if (!date->empty() && !query::is_date_bound(*date))
            throw ApiError{400, "parameter '" + std::string(date == &f.from ? "from" : "to") + "': expected " +
                                    std::string(query::kDateBoundExpected) + ", got '" + *date + "'"};
    f.speakers = all("speaker");
    f.roles = all("role");
    f.kinds = all("kind");
    f.outlets = all("outlet");
    f.events = all("event");
    f.languages = all("language");
    f.organisers = all("organiser");
    for (const auto& role : f.roles)
        if (!model::parse_role(role))
            throw ApiError{400, "parameter 'role': expected official, moderator, journalist, other or unknown, got '" + role + "'"};
    for (const auto& kind : f.kinds)
        if (!model::parse_turn_kind(kind))
            throw ApiError{400, "parameter 'kind': expected question, answer, statement, moderation, narration, "
                                "stage_direction, source_note or played_media, got '" + kind + "'"};
    return f;
}

Filters Params::filters(const CorpusTables& identities) const {
    Filters f = filters();
    widen_to_identities(f.speakers, f.outlets, identities);
    add_stored_spellings(f.speakers, f.outlets, f.organisers, f.languages, identities);
    return f;
}

void Params::refuse(const std::string& name, const std::string& why) const {
    if (has(name)) throw ApiError{400, "parameter '" + name + "' does not apply here: " + why};
}

query::MatchingStrategy Params::matching() const {
    const auto name = choice("matching", {"standard", "shortest", "longest", "all"}, "standard");
    return *query::parse_matching_strategy(name);
}

query::QueryOptions apply_filters(const Filters& filters, query::cql::Query& query) {
    query::QueryOptions options;
    if (!filters.from.empty()) options.filter.date_from = filters.from;
    if (!filters.to.empty()) options.filter.date_to = filters.to;
    if (!filters.speakers.empty()) within(query, "turn", "speaker", any_of(filters.speakers));
    if (!filters.roles.empty()) within(query, "turn", "role", any_of(filters.roles));
    if (!filters.kinds.empty()) within(query, "turn", "kind", any_of(filters.kinds));
    // The column joins a speaker's affiliations with "; ".
    if (!filters.outlets.empty()) within(query, "turn", "affiliation", "(?:.*; )?" + any_of(filters.outlets) + "(?:; .*)?");
    if (!filters.events.empty()) within(query, "event", "id", any_of(filters.events));
    if (!filters.languages.empty()) within(query, "event", "language", any_of(filters.languages));
    if (!filters.organisers.empty()) within(query, "event", "organiser", any_of(filters.organisers));
    return options;  // the values are exact here: Params::filters(tables) added the stored spellings they stand for
}

void apply_filters(const Filters& filters, search::SearchOptions& options) {
    options.from = filters.from;
    options.to = filters.to;
    options.speakers = filters.speakers;
    options.roles = filters.roles;
    options.kinds = filters.kinds;
    options.outlets = filters.outlets;
    options.events = filters.events;
    options.languages = filters.languages;
    options.organisers = filters.organisers;
}

std::optional<std::uint32_t> column_of(std::string_view message) {
    constexpr std::string_view kPrefix = "column ";
    if (!message.starts_with(kPrefix)) return std::nullopt;
    std::uint32_t column = 0;
    const auto* begin = message.data() + kPrefix.size();
    const auto [end, error] = std::from_chars(begin, message.data() + message.size(), column);
    if (error != std::errc() || end == begin) return std::nullopt;
    return column;
}

}  // namespace presser::server
