#include "analysis/subcorpus.h"

#include <nlohmann/json.hpp>

#include "query/cql_parser.h"

namespace presser::analysis {
namespace {

using query::MetadataFilter;

// The filter fields with the names the CLI options and the stored JSON give them.
struct FilterField {
    const char* name;
    std::optional<std::string> MetadataFilter::*field;
};
constexpr FilterField kFilterFields[] = {
    {"from", &MetadataFilter::date_from}, {"to", &MetadataFilter::date_to},      {"speaker", &MetadataFilter::speaker},
    {"role", &MetadataFilter::role},       {"kind", &MetadataFilter::kind},       {"outlet", &MetadataFilter::outlet},
    {"event", &MetadataFilter::event},     {"language", &MetadataFilter::language}, {"organiser", &MetadataFilter::organiser},
};

bool has_turn_filter(const MetadataFilter& filter) { return filter.speaker || filter.role || filter.kind || filter.outlet; }

// The tokens of a query's hits, per segment.
Result<TokenSpans> hit_spans(const index::Index& index, const query::cql::Query& parsed, const MetadataFilter& filter,
                             unsigned threads) {
    query::QueryOptions options;
    options.filter = filter;
    auto compiled = query::CorpusQuery::compile(index, parsed, options);
    if (!compiled) return compiled.error();
    auto hits = compiled.value()->all_hits(threads);
    if (!hits) return hits.error();
    TokenSpans spans;
    spans.segments.resize(index.segments().size());
    for (const auto& hit : hits.value()) spans.segments[hit.segment].push_back({hit.start, hit.end});
    for (auto& list : spans.segments) normalise(list);
    return spans;
}

// How many regions of the tiled structure `regions` hold at least one token of `spans` (sorted, disjoint).
std::uint64_t regions_touched(const index::Regions& regions, const std::vector<TokenSpan>& spans) {
    std::uint64_t count = 0;
    std::optional<std::uint64_t> last;  // the last region counted
    std::uint64_t hint = 0;
    for (const auto& span : spans) {
        const auto first = regions.find_from(span.start, hint);
        if (!first) continue;
        hint = *first;
        for (auto region = *first; region < regions.size() && regions.start(region) < span.end; ++region) {
            if (regions.start(region) == regions.end(region) || (last && region <= *last)) continue;
            ++count;
            last = region;
        }
    }
    return count;
}

}  // namespace

nlohmann::json definition_json(const SubcorpusDefinition& definition) {
    nlohmann::json filters = nlohmann::json::object();
    for (const auto& [name, field] : kFilterFields)
        if (const auto& value = definition.filter.*field) filters[name] = *value;
    nlohmann::json out = nlohmann::json::object();
    out["filters"] = std::move(filters);
    if (!definition.cql.empty()) out["cql"] = definition.cql;
    return out;
}

Result<SubcorpusDefinition> parse_definition(const nlohmann::json& json) {
    if (!json.is_object()) return plain_error("a subcorpus definition must be a JSON object with \"filters\" and \"cql\"");
    SubcorpusDefinition definition;
    if (json.contains("filters")) {
        const auto& filters = json.at("filters");
        if (!filters.is_object()) return plain_error("\"filters\" must be an object of filter names and strings");
        for (const auto& [key, value] : filters.items()) {
            const auto* found = std::find_if(std::begin(kFilterFields), std::end(kFilterFields),
                                             [&key](const FilterField& f) { return key == f.name; });
            if (found == std::end(kFilterFields))
                return plain_error("unknown filter \"" + key + "\": expected from, to, speaker, role, kind, outlet, event, language or organiser");
            if (!value.is_string()) return plain_error("filter \"" + key + "\" must be a string");
            definition.filter.*(found->field) = value.get<std::string>();
        }
    }
    if (json.contains("cql")) {
        if (!json.at("cql").is_string()) return plain_error("\"cql\" must be a string (a CQL region query)");
        definition.cql = json.at("cql").get<std::string>();
    }
    return definition;
}

std::string describe(const SubcorpusDefinition& definition) {
    if (definition.whole_corpus()) return "whole corpus";
    std::string out;
    for (const auto& [name, field] : kFilterFields) {
        if (const auto& value = definition.filter.*field) out += (out.empty() ? "" : ", ") + std::string(name) + "=" + *value;
    }
    if (!definition.cql.empty()) out += (out.empty() ? "" : ", ") + std::string("cql=") + definition.cql;
    return out;
}

Subcorpus rest_of_corpus(const index::Index& index, const Subcorpus& target) {
    Subcorpus rest;
    rest.name = "rest";
    rest.spans = complement(index, target.spans);
    rest.size = measure(index, rest.spans);
    return rest;
}

std::string subcorpus_label(const Subcorpus& subcorpus) {
    if (subcorpus.name == "rest" && subcorpus.definition.whole_corpus()) return "the rest of the corpus";
    if (!subcorpus.name.empty()) return "subcorpus '" + subcorpus.name + "' (" + describe(subcorpus.definition) + ")";
    return "the subcorpus " + describe(subcorpus.definition);
}

SubcorpusSize measure(const index::Index& index, const TokenSpans& spans) {
    SubcorpusSize size;
    size.tokens = spans.tokens();
    const auto& segments = index.segments();
    for (std::size_t s = 0; s < segments.size() && s < spans.segments.size(); ++s) {
        size.turns += regions_touched(segments[s]->regions(index::Structure::turn), spans.segments[s]);
        size.events += regions_touched(segments[s]->regions(index::Structure::event), spans.segments[s]);
    }
    return size;
}

Result<Subcorpus> resolve_subcorpus(const index::Index& index, const SubcorpusDefinition& definition, std::string name,
                                    unsigned threads) {
    Subcorpus out;
    out.name = std::move(name);
    out.definition = definition;
    out.spans = whole_corpus(index);
    if (!definition.filter.empty()) {
        // The turns (or, with event filters only, the events) that pass: the filters as `presser query` applies them.
        auto parsed = query::cql::parse_cql(has_turn_filter(definition.filter) ? "<turn/>" : "<event/>");
        if (!parsed) return parsed.error();
        auto filtered = hit_spans(index, parsed.value(), definition.filter, threads);
        if (!filtered) return filtered.error();
        out.spans = std::move(filtered.value());
    }
    if (!definition.cql.empty()) {
        auto parsed = query::cql::parse_cql(definition.cql);
        if (!parsed) return plain_error("CQL '" + definition.cql + "': " + parsed.error().message);
        if (parsed->kind != query::cql::Query::Kind::region)
            return plain_error("CQL '" + definition.cql +
                               "' is not a region query: expected one like <turn role=\"official\"/> or "
                               "<exchange/> containing [lemma=\"tariff\"]");
        auto regions = hit_spans(index, parsed.value(), {}, threads);
        if (!regions) return plain_error("CQL '" + definition.cql + "': " + regions.error().message);
        out.spans = intersect(out.spans, regions.value());
    }
    out.size = measure(index, out.spans);
    return out;
}

}  // namespace presser::analysis
