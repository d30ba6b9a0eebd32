// GET /api/subcorpora, /api/freq, /api/keyness, /api/colloc, /api/ngrams: the analyses of docs/analysis.md
// over a subcorpus given by the filters (single, exact values, as the CLI's), a CQL region (`region`) or a
// saved name. JSON is the library's (analysis_json.h), the same as the CLI's --format json; format=csv|jsonl
// downloads every row of the table. Long counts stop at the request's checkpoint (deadline, slow lane).
#include <cctype>
#include <ctime>

#include "analysis/analysis_json.h"
#include "analysis/collocations.h"
#include "analysis/frequency_list.h"
#include "analysis/keyness_comparison.h"
#include "analysis/ngrams.h"
#include "analysis/subcorpus_store.h"
#include "export/export.h"
#include "query/cql_parser.h"
#include "server/api.h"
#include "server/cql_request.h"
#include "server/csv_rows.h"
#include "server/json_params.h"

namespace presser::server {
namespace {

constexpr std::uint64_t kMaxPage = 10000;

// The parameters that define a subcorpus, each with `prefix` ("" or "ref_" for keyness's reference).
std::vector<std::string> subcorpus_parameters(const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto name : kFilterNames) names.push_back(prefix + std::string(name));
    names.push_back(prefix + "region");
    return names;
}

analysis::SubcorpusDefinition definition_from(const Params& params, const std::string& prefix) {
    analysis::SubcorpusDefinition definition;
    auto& filter = definition.filter;
    auto set = [&](std::optional<std::string>& field, const char* name) {
        if (params.has(prefix + name)) field = params.text(prefix + name);
    };
    set(filter.date_from, "from");
    set(filter.date_to, "to");
    set(filter.speaker, "speaker");
    set(filter.role, "role");
    set(filter.kind, "kind");
    set(filter.outlet, "outlet");
    set(filter.event, "event");
    set(filter.language, "language");
    set(filter.organiser, "organiser");
    definition.cql = params.text(prefix + "region");
    return definition;
}

// The saved subcorpus `name_parameter` names, or the one the (prefixed) filters and region define; 400 for
// both, for one that does not resolve, and for an empty one.
analysis::Subcorpus subcorpus_from(const Call& call, const Params& params, const std::string& name_parameter, const std::string& prefix) {
    const auto definition = definition_from(params, prefix);
    Result<analysis::Subcorpus> resolved = plain_error("");
    if (params.has(name_parameter)) {
        if (!definition.whole_corpus())
            throw ApiError{400, "give '" + name_parameter + "' (a saved subcorpus) or filters and a region, not both"};
        resolved = analysis::open_subcorpus(call.api.index, params.text(name_parameter));
    } else {
        resolved = analysis::resolve_subcorpus(call.api.index, definition);
    }
    if (!resolved) {
        const auto parameter = params.has(name_parameter) ? name_parameter : prefix + "region";
        const std::string& message = resolved.error().message;
        // "CQL '<turn': column 6: ...": the column is the region query's.
        const auto at = message.find("column ");
        throw ApiError{400, parameter + ": " + message, at == std::string::npos ? std::nullopt : column_of(std::string_view(message).substr(at))};
    }
    if (resolved->size.tokens == 0)
        throw ApiError{400, analysis::subcorpus_label(resolved.value()) + " is empty (0 tokens): expected a subcorpus with tokens"};
    return std::move(resolved.value());
}

index::Attribute attribute_from(const Params& params, const std::string& fallback) {
    return *index::parse_attribute(params.choice("attr", {"word", "lower", "lemma"}, fallback));
}

// The value of a counting job, or the request ends: a stop at its checkpoint (deadline, slow lane, client
// gone) with evaluation_failed's answer, any other error with `status_of_error`.
template <class T>
T value_or_answer(const Call& call, Result<T> result, int status_of_error = 500) {
    if (!result) {
        if (result.error().code != ErrorCode::failed) evaluation_failed(call, result.error());
        throw ApiError{status_of_error, result.error().message};
    }
    return std::move(result.value());
}

struct Page {
    bool download = false;  // format=csv|jsonl: every row
    bool csv = false;
    analysis::Paging paging;
};

Page page_from(const Params& params, std::uint64_t default_limit) {
    Page page;
    const auto format = params.choice("format", {"json", "csv", "jsonl"}, "json");
    page.download = format != "json";
    page.csv = format == "csv";
    // A download holds every row: the page's offset and limit (still checked) do not apply to it.
    const auto offset = params.integer("offset", 0, 0, UINT64_MAX);
    const auto limit = params.integer("limit", default_limit, 1, kMaxPage);
    if (!page.download) {
        page.paging.offset = offset;
        page.paging.limit = limit;
    }
    return page;
}

// A file-name part: letters and digits kept, every other run of bytes one '-', at most 60 bytes.
std::string slug(std::string_view text) {
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
        if (out.size() >= 60) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string subcorpus_slug(const analysis::Subcorpus& subcorpus) {
    if (!subcorpus.name.empty()) return slug(subcorpus.name);
    return subcorpus.definition.whole_corpus() ? "corpus" : slug(analysis::describe(subcorpus.definition));
}

// Answers with every row as a file: presser-KIND-WHAT-DATE.csv|jsonl.
Json download(Call& call, const Page& page, const std::string& what, const Json& rows) {
    std::string body;
    if (page.csv && !rows.empty()) append_csv_header(body, rows.front());
    for (const auto& row : rows) append_row(body, row, page.csv);
    const auto name = "presser-" + what + "-" + exports::today() + (page.csv ? ".csv" : ".jsonl");
    call.response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    call.response.set_content(std::move(body), page.csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
    return nullptr;
}

Json subcorpora_route(Call& call) {
    const Params params(call.request, {});
    auto names = analysis::list_subcorpora(call.api.index.directory());
    if (!names) throw ApiError{500, names.error().describe()};
    Json out = Json::array();
    for (const auto& name : names.value()) {
        auto subcorpus = analysis::open_subcorpus(call.api.index, name);
        out.push_back(subcorpus ? analysis::subcorpus_json(subcorpus.value()) : analysis::unresolved_subcorpus_json(name, subcorpus.error()));
    }
    return {{"subcorpora", std::move(out)}};
}

std::vector<std::string_view> names_of(const std::vector<std::string>& owned, std::initializer_list<std::string_view> more) {
    std::vector<std::string_view> out(more);
    out.insert(out.end(), owned.begin(), owned.end());
    return out;
}

Json freq_route(Call& call) {
    const auto subcorpus_names = subcorpus_parameters("");
    const auto allowed = names_of(subcorpus_names, {"attr", "subcorpus", "match", "min_freq", "sort", "offset", "limit", "format"});
    const Params params(call.request, allowed);
    const auto attribute = attribute_from(params, "lower");
    const auto sort = *analysis::parse_frequency_sort(params.choice("sort", {"frequency", "term", "range", "dispersion"}, "frequency"));
    auto page = page_from(params, 100);
    const auto subcorpus = subcorpus_from(call, params, "subcorpus", "");
    analysis::FrequencyOptions options;
    options.attribute = attribute;
    options.checkpoint = call.checkpoint;
    analysis::RowSelection selection;
    selection.match = params.text("match");
    selection.min_frequency = params.integer("min_freq", 1, 1, UINT64_MAX);
    selection.sort = sort;
    selection.offset = page.paging.offset;
    selection.limit = page.paging.limit.value_or(UINT64_MAX);
    if (auto invalid = analysis::invalid_term_pattern(selection.match)) throw ApiError{400, "match: " + invalid->message};
    auto rows = value_or_answer(call, analysis::frequency_page(call.api.index, subcorpus.spans, options, selection));
    page.paging.took_ms = call.elapsed_ms();
    auto out = analysis::frequency_json(attribute, subcorpus, rows, page.paging);
    if (page.download)
        return download(call, page, "freq-" + std::string(index::to_string(attribute)) + "-" + subcorpus_slug(subcorpus), out["rows"]);
    return out;
}

Json keyness_route(Call& call) {
    const auto target_names = subcorpus_parameters(""), reference_names = subcorpus_parameters("ref_");
    auto allowed = names_of(target_names, {"attr", "n", "target", "reference", "alpha", "bonferroni", "min_freq", "sort", "offset", "limit", "format"});
    allowed.insert(allowed.end(), reference_names.begin(), reference_names.end());
    const Params params(call.request, allowed);
    analysis::KeynessRequest request;
    request.attribute = attribute_from(params, "lemma");
    request.n = static_cast<unsigned>(params.integer("n", 1, 1, analysis::kMaxKeyNgram));
    const auto alpha = params.text("alpha", "0.05");
    if (alpha == "none") {
        request.options.alpha = 0;
    } else {
        char* end = nullptr;
        request.options.alpha = std::strtod(alpha.c_str(), &end);
        if (alpha.empty() || *end != '\0' || !(request.options.alpha > 0 && request.options.alpha < 1))
            throw ApiError{400, "alpha '" + alpha + "': expected a probability between 0 and 1 (0.05, 0.01, 0.001) or none"};
    }
    request.options.bonferroni = params.flag("bonferroni");
    request.options.min_frequency = params.integer("min_freq", 1, 1, UINT64_MAX);
    if (params.choice("sort", {"log-likelihood", "log-ratio"}, "log-likelihood") == "log-ratio")
        request.options.sort = analysis::KeynessOptions::Sort::log_ratio;
    auto page = page_from(params, 50);
    auto target = subcorpus_from(call, params, "target", "");
    analysis::KeynessReference reference;
    // The reference: rest (the default), a saved subcorpus, or the ref_ filters and region.
    const bool saved_reference = params.text("reference", "rest") != "rest";
    if (saved_reference || !definition_from(params, "ref_").whole_corpus()) {
        if (params.has("reference") && !saved_reference) throw ApiError{400, "give 'reference' (rest or a saved subcorpus) or ref_ filters, not both"};
        reference.subcorpus = subcorpus_from(call, params, saved_reference ? "reference" : "", "ref_");
    }
    request.checkpoint = call.checkpoint;
    auto compared = value_or_answer(call, analysis::compare_keyness(call.api.index, std::move(target), std::move(reference), request), 400);
    page.paging.took_ms = call.elapsed_ms();
    if (page.download) {
        Json rows = Json::array();
        const auto everything = analysis::keyness_json(request.attribute, compared, request.options.bonferroni, {});
        for (const char* side : {"positive", "negative"})
            for (const auto& row : everything[side]) {
                Json tagged = {{"keyword", side}};
                for (const auto& [key, value] : row.items()) tagged[key] = value;
                rows.push_back(std::move(tagged));
            }
        const std::string what = "keyness-" + std::string(index::to_string(request.attribute)) + (request.n > 1 ? "-" + std::to_string(request.n) + "grams" : "") +
                                 "-" + subcorpus_slug(compared.target) + "-vs-" + subcorpus_slug(compared.reference);
        return download(call, page, what, rows);
    }
    return analysis::keyness_json(request.attribute, compared, request.options.bonferroni, page.paging);
}

Json colloc_route(Call& call) {
    const auto subcorpus_names = subcorpus_parameters("");
    const auto allowed = names_of(subcorpus_names, {"q", "attr", "window", "left", "right", "within", "subcorpus", "measure", "min_freq",
                                                    "min_collocate_freq", "offset", "limit", "format"});
    const Params params(call.request, allowed);
    const auto cql = params.text("q");
    if (cql.empty()) throw ApiError{400, "parameter 'q' is required: the CQL query whose hits are the nodes"};
    analysis::CollocationOptions options;
    options.attribute = attribute_from(params, "lower");
    const auto measure_name = params.choice("measure", {"logdice", "mi", "mi3", "t", "ll", "freq"}, "logdice");
    options.sort = *analysis::parse_measure(measure_name);
    options.min_cooccurrence = params.integer("min_freq", 1, 1, UINT64_MAX);
    options.min_collocate_frequency = params.integer("min_collocate_freq", 1, 1, UINT64_MAX);
    options.node_cql = cql;
    const auto window = static_cast<std::uint32_t>(params.integer("window", 5, 0, 50));
    options.left = static_cast<std::uint32_t>(params.integer("left", window, 0, 50));
    options.right = static_cast<std::uint32_t>(params.integer("right", window, 0, 50));
    if (params.has("within")) {
        if (params.has("window") || params.has("left") || params.has("right"))
            throw ApiError{400, "'within' replaces the window: give either within or window/left/right"};
        options.within = *index::parse_structure(params.choice("within", {"s", "turn"}, "s"));
    }
    auto page = page_from(params, 50);
    if (page.paging.limit) options.limit = page.paging.offset + *page.paging.limit;
    const auto subcorpus = subcorpus_from(call, params, "subcorpus", "");
    auto compiled = compile_cql(call, cql, {}, query::MatchingStrategy::standard);
    options.checkpoint = call.checkpoint;
    auto table = value_or_answer(call, analysis::collocations(*compiled, subcorpus.spans, options));
    page.paging.took_ms = call.elapsed_ms();
    auto out = analysis::collocations_json(cql, options, subcorpus, table, page.paging);
    if (page.download)
        return download(call, page, "colloc-" + slug(cql) + "-" + std::string(index::to_string(options.attribute)) + "-" + subcorpus_slug(subcorpus),
                        out["rows"]);
    return out;
}

Json ngrams_route(Call& call) {
    const auto subcorpus_names = subcorpus_parameters("");
    const auto allowed = names_of(subcorpus_names, {"n", "attr", "subcorpus", "min_freq", "min_range", "min_turns", "max_dp", "containing",
                                                    "offset", "limit", "format"});
    const Params params(call.request, allowed);
    analysis::NgramOptions options;
    options.attribute = attribute_from(params, "lower");
    options.n = static_cast<unsigned>(params.integer("n", 3, analysis::kMinNgram, analysis::kMaxNgram));
    options.min_frequency = params.integer("min_freq", 1, 1, UINT64_MAX);
    options.min_events = params.integer("min_range", 0, 0, UINT64_MAX);
    options.min_turns = params.integer("min_turns", 0, 0, UINT64_MAX);
    if (params.has("max_dp")) {
        const auto text = params.text("max_dp");
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !(value >= 0 && value <= 1)) throw ApiError{400, "max_dp '" + text + "': expected a number from 0 to 1"};
        options.max_dp = value;
    }
    options.containing = params.text("containing");
    auto page = page_from(params, 50);
    const auto subcorpus = subcorpus_from(call, params, "subcorpus", "");
    options.checkpoint = call.checkpoint;
    auto table = value_or_answer(call, analysis::ngrams(call.api.index, subcorpus.spans, options));
    page.paging.took_ms = call.elapsed_ms();
    auto out = analysis::ngrams_json(options, subcorpus, table, page.paging);
    if (page.download)
        return download(call, page, "ngrams-" + std::to_string(options.n) + "-" + std::string(index::to_string(options.attribute)) + "-" +
                                        subcorpus_slug(subcorpus), out["rows"]);
    return out;
}

}  // namespace

std::vector<Route> analysis_routes() {
    return {{"/api/subcorpora", "/api/subcorpora", subcorpora_route},
            {"/api/freq", "/api/freq", freq_route},
            {"/api/keyness", "/api/keyness", keyness_route},
            {"/api/colloc", "/api/colloc", colloc_route},
            {"/api/ngrams", "/api/ngrams", ngrams_route}};
}

}  // namespace presser::server
