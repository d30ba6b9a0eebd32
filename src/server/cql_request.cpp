#include "server/cql_request.h"

#include "query/cql_parser.h"

namespace presser::server {

std::shared_ptr<const query::CorpusQuery> compile_cql(const Call& call, const std::string& cql, const Filters& filters,
                                                     query::MatchingStrategy matching, bool deadline) {
    if (cql.empty()) throw ApiError{400, "parameter 'cql' is required: a CQL query (docs/cql.md)"};
    auto parsed = query::cql::parse_cql(cql);
    if (!parsed) throw ApiError{400, "CQL: " + parsed.error().message, column_of(parsed.error().message)};
    auto ast = std::move(parsed.value());
    auto options = apply_filters(filters, ast);
    options.matching = matching;
    if (deadline && call.api.options.timeout_ms) options.deadline = call.deadline;
    if (deadline) options.checkpoint = call.checkpoint;
    auto compiled = query::CorpusQuery::compile(call.api.index, ast, options);
    if (!compiled) throw ApiError{400, "CQL: " + compiled.error().message, column_of(compiled.error().message)};
    return compiled.value();
}

std::string matching_name(const query::CorpusQuery& query) { return std::string(query::to_string(query.options().matching)); }

[[noreturn]] void evaluation_failed(const Call& call, const Error& error) {
    if (error.code == ErrorCode::timed_out || error.code == ErrorCode::cancelled) call.timed_out();
    if (error.code == ErrorCode::overloaded) throw ApiError{503, error.message};
    throw ApiError{500, "CQL evaluation failed: " + error.message};
}

std::vector<query::IndexHit> all_hits(const Call& call, const query::CorpusQuery& query) {
    auto hits = query.all_hits(0);
    if (!hits) evaluation_failed(call, hits.error());
    return std::move(hits.value());
}

std::vector<query::IndexHit> hits_page(const Call& call, const query::CorpusQuery& query, std::uint64_t offset, std::uint64_t limit) {
    auto page = query.page(offset, limit);
    if (!page) evaluation_failed(call, page.error());
    return std::move(page.value());
}

query::HitCounts hit_counts(const Call& call, const query::CorpusQuery& query) {
    auto counts = query::count_hits(query, 0);
    if (!counts) evaluation_failed(call, counts.error());
    return counts.value();
}

query::Distribution distribution(const Call& call, const query::CorpusQuery& query, const query::GroupBy& by) {
    auto counted = query::distribution(query, by, 0);
    if (!counted) evaluation_failed(call, counted.error());
    return std::move(counted.value());
}

std::string kind_at(const index::Index& index, const query::IndexHit& hit) {
    const auto& turns = index.segments()[hit.segment]->regions(index::Structure::turn);
    const auto* column = turns.column("kind");
    const auto turn = turns.find(hit.start);
    return column && !column->numeric() && turn ? std::string(column->string(*turn)) : std::string();
}

Json kwic_json(const index::Index& index, const query::KwicLine& line) {
    Json j = {{"segment", line.hit.segment},
              {"start", line.hit.start},
              {"end", line.hit.end},
              {"left", line.left},
              {"match", line.match},
              {"right", line.right},
              {"speaker", line.speaker},
              {"role", line.role},
              {"kind", kind_at(index, line.hit)},
              {"outlet", line.outlet},
              {"office", line.office},
              {"date", line.date},
              {"event_title", line.event_title},
              {"event_id", line.event_id},
              {"language", line.language},
              {"source", line.source}};
    j["source_begin"] = line.source_begin ? Json(*line.source_begin) : Json(nullptr);
    j["source_end"] = line.source_end ? Json(*line.source_end) : Json(nullptr);
    Json labels = Json::object();
    for (const auto& label : line.labels) labels[label.name] = {{"start", label.start}, {"end", label.end}, {"text", label.text}};
    j["labels"] = std::move(labels);
    return j;
}

}  // namespace presser::server
