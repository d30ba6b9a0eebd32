// GET /api/qa: the question-and-answer aggregates of `presser qa` (docs/qa.md), the same options and the
// same JSON as its --format json. A user lexicon is a CLI option only: the server reads no file a request names.
#include "analysis/qa_json.h"
#include "analysis/qa_stats.h"
#include "analysis/subcorpus_store.h"
#include "server/api.h"
#include "server/json_params.h"

namespace presser::server {
namespace {

Json qa_route(Call& call) {
    std::vector<std::string_view> allowed{"by", "topic", "where", "limit", "subcorpus", "region"};
    allowed.insert(allowed.end(), kFilterNames.begin(), kFilterNames.end());
    const Params params(call.request, allowed);
    analysis::QaOptions options;
    options.by = *analysis::parse_qa_grouping(params.choice("by", {"official", "outlet", "journalist", "month", "event"}, "official"));
    options.limit = params.integer("limit", 30, 0, UINT64_MAX);
    analysis::QaRequestEcho echo;
    echo.where = params.all("where");
    for (const auto& text : echo.where) {
        auto condition = analysis::parse_qa_condition(text);
        if (!condition) throw ApiError{400, "where: " + condition.error().message};
        options.where.push_back(condition.value());
    }
    analysis::SubcorpusDefinition definition;
    auto set = [&](std::optional<std::string>& field, const char* name) {
        if (params.has(name)) field = params.text(name);
    };
    set(definition.filter.date_from, "from");
    set(definition.filter.date_to, "to");
    set(definition.filter.speaker, "speaker");
    set(definition.filter.role, "role");
    set(definition.filter.kind, "kind");
    set(definition.filter.outlet, "outlet");
    set(definition.filter.event, "event");
    set(definition.filter.language, "language");
    set(definition.filter.organiser, "organiser");
    definition.cql = params.text("region");
    if (params.has("subcorpus") || !definition.whole_corpus()) {
        if (params.has("subcorpus") && !definition.whole_corpus())
            throw ApiError{400, "give 'subcorpus' (a saved subcorpus) or filters and a region, not both"};
        auto resolved = params.has("subcorpus") ? analysis::open_subcorpus(call.api.index, params.text("subcorpus"))
                                                : analysis::resolve_subcorpus(call.api.index, definition);
        if (!resolved) throw ApiError{400, std::string(params.has("subcorpus") ? "subcorpus" : "region") + ": " + resolved.error().message};
        if (resolved->size.tokens == 0)
            throw ApiError{400, analysis::subcorpus_label(resolved.value()) + " is empty (0 tokens): expected a subcorpus with tokens"};
        options.scope = resolved->spans;
        echo.subcorpus = analysis::subcorpus_label(resolved.value());
    }
    echo.topic = params.text("topic");
    if (!echo.topic.empty()) {
        auto hits = analysis::topic_hits(call.api.index, echo.topic, 1);
        if (!hits) throw ApiError{400, "topic: " + hits.error().message};
        options.topic = std::move(hits.value());
        options.has_topic = true;
    }
    auto table = analysis::qa_stats(call.api.index, options);
    if (!table) throw ApiError{500, table.error().message};
    return analysis::qa_json(table.value(), echo);
}

}  // namespace

std::vector<Route> qa_routes() { return {{"/api/qa", "/api/qa", qa_route}}; }

}  // namespace presser::server
