// GET /api/export: every hit of a CQL query, or every matching unit of a search, streamed as CSV or JSON
// lines with httplib's chunked content provider. No cap and no deadline; a client that leaves stops it.
#include <ostream>
#include <unordered_set>

#include "analysis/subcorpus_store.h"
#include "export/export.h"
#include "index/mapping_faults.h"
#include "query/concordance.h"
#include "query/hit_labels.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "server/api.h"
#include "server/cql_request.h"
#include "server/csv_rows.h"
#include "server/json_params.h"
#include "server/text_parts.h"

namespace presser::server {

namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;
constexpr std::size_t kEventsPerSearch = 1000;

Json optional_number(const std::optional<std::uint64_t>& n) { return n ? Json(*n) : Json(nullptr); }

// A labelled query's labels, as /api/query shows them (JSON lines: `labels`, by name) or as `presser query
// --format tsv` does (CSV: a `label.NAME` column per label the query defines, its words, empty when the hit
// left it unbound, so that every row has the header's columns).
void add_labels(Json& row, const std::vector<std::string>& names, const query::KwicLine& line, bool csv) {
    if (!csv) {
        Json labels = Json::object();
        for (const auto& label : line.labels) labels[label.name] = {{"start", label.start}, {"end", label.end}, {"text", label.text}};
        row["labels"] = std::move(labels);
        return;
    }
    for (const auto& name : names) {
        std::string text;
        for (const auto& label : line.labels)
            if (label.name == name) text = label.text;
        row["label." + name] = std::move(text);
    }
}

// Sends the buffered rows; false when the client left, or when an index file was truncated under the
// server (mapping_faults.h): the stream then ends unfinished, which tells the client it failed.
bool send_rows(httplib::DataSink& sink, const std::string& buffer) {
    if (index::faulted_mapping()) return false;
    return buffer.empty() || sink.write(buffer.data(), buffer.size());
}

// An ostream over a chunked response: the export writers flush every 64 KB, each flush a chunk. A client that
// left (or an index file truncated under the server) makes the stream fail, which stops the writer.
class SinkBuffer : public std::streambuf {
public:
    explicit SinkBuffer(httplib::DataSink& sink) : sink_(sink) {}

protected:
    std::streamsize xsputn(const char* data, std::streamsize size) override {
        if (failed_ || index::faulted_mapping() || !sink_.write(data, static_cast<std::size_t>(size))) {
            failed_ = true;
            return 0;
        }
        return size;
    }
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
    }

private:
    httplib::DataSink& sink_;
    bool failed_ = false;
};

// format=vrt|tsv-turns|csv-turns|csv-exchanges|csv-hits|convokit|tei|conllu (docs/export.md): the turns of
// the query's hits (cql), of a saved subcorpus (subcorpus) or of the turns passing the filters, else of the
// whole corpus; ConvoKit as its utterances.jsonl alone (the CLI writes the whole directory).
Json corpus_export(Call& call, const Params& params, exports::Format format) {
    params.refuse("q", "the corpus formats export a query's hits ('cql'), a subcorpus or the filters' turns");
    params.refuse("unit", "it is the unit of a search ('q')");
    params.refuse("exact", "it is an option of a search ('q')");
    if (params.has("subcorpus") && (params.has("cql") || !params.filters().empty()))
        throw ApiError{400, "give 'subcorpus' (a saved subcorpus) or 'cql' and filters, not both"};
    if (format == exports::Format::csv_hits && !params.has("cql")) throw ApiError{400, "format=csv-hits writes one row per hit: give 'cql'"};
    const auto context = static_cast<std::uint32_t>(params.integer("context", 8, 0, 50));
    const auto& index = call.api.index;
    auto selection = std::make_shared<exports::Selection>();
    std::shared_ptr<const query::CorpusQuery> compiled;
    std::string cql;
    const auto filters = params.filters(call.api.tables);
    if (params.has("subcorpus")) {
        auto subcorpus = analysis::open_subcorpus(index, params.text("subcorpus"));
        if (!subcorpus) throw ApiError{400, "subcorpus: " + subcorpus.error().message};
        *selection = exports::select_subcorpus(index, *subcorpus);
    } else if (params.has("cql") || !filters.empty()) {
        // Filters alone select the turns that pass them: the hits of <turn/> under them.
        cql = params.has("cql") ? params.text("cql") : "<turn/>";
        compiled = compile_cql(call, cql, filters, params.matching(), false);
    } else {
        *selection = exports::select_whole(index);
    }
    const bool by_filters = !params.has("cql");
    const exports::ExportInfo base{exports::corpus_name(index.directory()), "", exports::today()};
    auto& response = call.response;
    // The file name is known before the query runs: the selection's label and query are.
    exports::Selection named = compiled ? exports::Selection{} : *selection;
    if (compiled) {
        named.label = by_filters ? "filtered" : "query";
        named.cql = by_filters ? "" : cql;
    }
    auto name = exports::file_name(format, base, named);
    if (format == exports::Format::convokit) name += "-utterances.jsonl";
    response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    const std::string content_type = format == exports::Format::tei ? "application/tei+xml; charset=utf-8"
                                     : format == exports::Format::tsv_turns ? "text/tab-separated-values; charset=utf-8"
                                     : exports::extension(format) == "csv" ? "text/csv; charset=utf-8"
                                     : format == exports::Format::convokit ? "application/x-ndjson; charset=utf-8"
                                                                           : "text/plain; charset=utf-8";
    std::string filter_text;
    for (const auto& [key, value] : call.request.params)
        if (std::find(kFilterNames.begin(), kFilterNames.end(), key) != kFilterNames.end()) filter_text += (filter_text.empty() ? "" : ", ") + key + "=" + value;
    response.set_chunked_content_provider(content_type, [=, &index, served = call.api.served](std::size_t, httplib::DataSink& sink) {
        exports::Selection chosen = *selection;
        if (compiled) {
            auto selected = exports::select_query(index, compiled, cql);
            if (!selected) return false;
            chosen = std::move(selected.value());
            if (by_filters) {
                chosen.label = "filtered";
                chosen.description = "turns passing the filters";
                chosen.cql.clear();
            }
            if (!filter_text.empty()) chosen.description += " (" + filter_text + ")";
        }
        auto info = base;
        info.selection = chosen.description;
        SinkBuffer buffer(sink);
        std::ostream out(&buffer);
        auto written = exports::write_single(format, index, chosen, info, out, context);
        if (!written || !out) return false;  // an unfinished chunked stream tells the client it failed
        sink.done();
        return true;
    });
    return nullptr;
}

Json export_route(Call& call) {
    const Params params(call.request, {"cql", "q", "unit", "format", "context", "exact", "matching", "subcorpus"}, true);
    const auto format_name = params.choice("format", {"csv", "jsonl", "vrt", "tsv-turns", "csv-turns", "csv-exchanges", "csv-hits",
                                                      "convokit", "tei", "conllu"}, "csv");
    if (const auto format = exports::parse_format(format_name)) return corpus_export(call, params, *format);
    params.refuse("subcorpus", "the hit and search downloads (format=csv|jsonl) take 'cql' or 'q'; the corpus formats take a subcorpus");
    if (params.has("cql") == params.has("q")) throw ApiError{400, "give exactly one of 'cql' (every KWIC hit) and 'q' (every matching search unit)"};
    const bool csv = format_name == "csv";
    const auto context = static_cast<std::uint32_t>(params.integer("context", 8, 0, 50));
    const auto filters = params.filters(call.api.tables);
    const auto& index = call.api.index;
    auto& response = call.response;
    {
        // "presser-hits-whitehouse-query-lemma-sanction-2026-12-07.csv": what the file holds.
        exports::Selection named;
        named.label = "query";
        named.cql = params.has("cql") ? params.text("cql") : params.text("q");
        auto name = exports::file_name(exports::Format::csv_hits, {exports::corpus_name(index.directory()), "", exports::today()}, named);
        name.replace(0, std::string_view("presser-csv-hits").size(), params.has("cql") ? "presser-hits" : "presser-search");
        if (!csv) name.replace(name.size() - 3, 3, "jsonl");
        response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }
    const std::string content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    if (params.has("cql")) {
        const auto cql = params.text("cql");
        auto compiled = compile_cql(call, cql, filters, params.matching(), false);
        response.set_chunked_content_provider(content_type, [compiled, cql, csv, context, &index, served = call.api.served](std::size_t, httplib::DataSink& sink) {
            query::Concordancer concordancer(index);
            query::HitLabeler labeler(*compiled);
            const auto label_names = labeler.any() ? compiled->label_names() : std::vector<std::string>{};
            std::string buffer;
            bool connected = true, header = csv;
            auto done = compiled->for_each([&](const query::IndexHit& hit) {
                const auto line = concordancer.line(hit, {context, false}, label_names.empty() ? std::vector<query::LabelSpan>{} : labeler.labels(hit));
                Json row = {{"query", cql},           {"event_id", line.event_id},
                            {"date", line.date},      {"speaker", line.speaker},
                            {"role", line.role},      {"kind", kind_at(index, hit)},
                            {"outlet", line.outlet},  {"language", line.language},
                            {"source", line.source},  {"source_begin", optional_number(line.source_begin)},
                            {"source_end", optional_number(line.source_end)}, {"left", line.left},
                            {"match", line.match},    {"right", line.right}};
                if (!label_names.empty()) add_labels(row, label_names, line, csv);
                if (header) append_csv_header(buffer, row), header = false;
                append_row(buffer, row, csv);
                if (buffer.size() >= kFlushBytes) {
                    connected = send_rows(sink, buffer);
                    buffer.clear();
                }
                return connected;
            });
            if (!connected || !done) return false;  // an unfinished chunked stream tells the client it failed
            if (header) {
                buffer += "query,event_id,date,speaker,role,kind,outlet,language,source,source_begin,source_end,left,match,right";
                for (const auto& name : label_names) buffer += ',', append_csv_field(buffer, "label." + name);
                buffer += "\r\n";
            }
            if (!send_rows(sink, buffer)) return false;
            sink.done();
            return true;
        });
        return nullptr;
    }

    const auto q = params.text("q");
    params.refuse("matching", "it is the matching strategy of a CQL query ('cql')");
    if (auto parsed = search::parse_query(q); !parsed)
        throw ApiError{400, "query: " + parsed.error().message, column_of(parsed.error().message)};
    const auto unit_name = params.choice("unit", {"turn", "exchange", "event"}, "turn");
    search::SearchOptions base;
    apply_filters(filters, base);
    base.unit = unit_name == "exchange" ? search::Unit::exchange : unit_name == "event" ? search::Unit::event : search::Unit::turn;
    base.exact_forms = params.flag("exact");
    {
        // Filters that do not apply to the unit fail here, before the stream starts.
        auto searcher = call.api.searchers.take(call.deadline, call.api.options.timeout_ms);
        auto probe = base;
        probe.limit = 0;
        probe.snippets = false;
        if (auto checked = searcher->search(q, probe); !checked) throw ApiError{400, checked.error().message, column_of(checked.error().message)};
    }
    const auto* tables = &call.api.tables;
    // The searcher keeps a top k in memory; searching a thousand events at a time keeps that bounded.
    // Rows come by event (index order), then by score within each group of events.
    response.set_chunked_content_provider(content_type, [q, csv, base, tables, &index, served = call.api.served](std::size_t, httplib::DataSink& sink) {
        search::Searcher searcher(index);
        std::string buffer;
        bool header = csv;
        const bool only_some = !base.events.empty();
        const std::unordered_set<std::string> wanted(base.events.begin(), base.events.end());
        for (std::size_t from = 0; from < tables->events.size();) {
            auto options = base;
            options.events.clear();
            std::unordered_set<std::string> chunk;
            std::size_t units = 1;
            for (; from < tables->events.size() && options.events.size() < kEventsPerSearch; ++from) {
                const auto& e = tables->events[from];
                if (only_some && !wanted.count(e.id)) continue;
                options.events.push_back(e.id);
                chunk.insert(e.id);
                units += options.unit == search::Unit::turn ? e.turns : options.unit == search::Unit::exchange ? e.exchanges : 1;
            }
            if (options.events.empty()) break;
            options.limit = units;
            auto result = searcher.search(q, options);
            if (!result) return false;
            for (const auto& hit : result->hits) {
                if (!chunk.count(hit.event_id)) continue;  // the searcher's event filter ignores case
                const auto row_of_event = tables->event_by_id.find(hit.event_id);
                Json row = {{"query", q}};
                append_hit_fields(row, hit);
                row["language"] = row_of_event == tables->event_by_id.end() ? "" : tables->events[row_of_event->second].language;
                row["source"] = hit.source;
                row["source_begin"] = hit.snippet.matches.empty() ? Json(nullptr) : Json(hit.snippet.matches.front().source_begin);
                row["source_end"] = hit.snippet.matches.empty() ? Json(nullptr) : Json(hit.snippet.matches.back().source_end);
                row["score"] = hit.score;
                row["snippet"] = hit.snippet.text;
                if (header) append_csv_header(buffer, row), header = false;
                append_row(buffer, row, csv);
            }
            if (buffer.size() >= kFlushBytes) {
                if (!send_rows(sink, buffer)) return false;
                buffer.clear();
            }
        }
        if (header)
            buffer += "query,event_id,turn_id,exchange_id,date,speaker,role,kind,outlet,language,source,source_begin,source_end,score,snippet\r\n";
        if (!send_rows(sink, buffer)) return false;
        sink.done();
        return true;
    });
    return nullptr;
}

}  // namespace

std::vector<Route> export_routes() { return {{"/api/export", "/api/export", export_route}}; }

}  // namespace presser::server
