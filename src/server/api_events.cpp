// GET /api/events (the event list, from the startup tables) and /api/events/{id} (the reader: the stored
// event with the hits of an optional CQL or search query marked in its paragraphs).
#include <algorithm>

#include "index/mapping_faults.h"
#include "index/stored_event.h"
#include "search/searcher.h"
#include "server/api.h"
#include "server/cql_request.h"
#include "server/event_reader.h"
#include "server/json_params.h"
#include "server/search_request.h"
#include "text/case_folding.h"

namespace presser::server {

namespace {

using index::Structure;

bool contains(const std::vector<std::string>& values, std::string_view value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

Json events_route(Call& call) {
    const Params params(call.request, {"from", "to", "language", "event", "organiser", "speaker", "title", "offset", "limit", "sort"});
    const auto filters = params.filters(call.api.tables);
    const auto title = text::nfkc_casefold(params.text("title"));
    const auto offset = params.integer("offset", 0, 0, UINT32_MAX);
    const auto limit = params.integer("limit", 20, 0, 1000);
    const auto sort = params.choice("sort", {"date", "-date", "title", "-title", "organiser", "-organiser"}, "-date");
    const bool descending = sort.starts_with('-');
    const std::string_view key = descending ? std::string_view(sort).substr(1) : std::string_view(sort);
    std::vector<const EventRow*> rows;
    for (const auto& event : call.api.tables.events) {
        const std::string_view d = event.date;
        if (!filters.from.empty() && (d.empty() || d.substr(0, filters.from.size()) < filters.from)) continue;
        if (!filters.to.empty() && (d.empty() || d.substr(0, filters.to.size()) > filters.to)) continue;
        if (!filters.languages.empty() && !contains(filters.languages, event.language)) continue;
        if (!filters.events.empty() && !contains(filters.events, event.id)) continue;
        if (!filters.organisers.empty() && !contains(filters.organisers, event.organiser)) continue;
        if (!filters.speakers.empty() &&
            std::none_of(filters.speakers.begin(), filters.speakers.end(),
                         [&](const std::string& s) { return std::binary_search(event.speakers.begin(), event.speakers.end(), s); }))
            continue;
        if (!title.empty() && text::nfkc_casefold(event.title).find(title) == std::string::npos) continue;
        rows.push_back(&event);
    }
    // By the key, ties by date (newest first); events without the key's value last either way.
    auto value = [&](const EventRow* e) -> const std::string& { return key == "title" ? e->title : key == "organiser" ? e->organiser : e->date; };
    std::stable_sort(rows.begin(), rows.end(), [&](const EventRow* a, const EventRow* b) {
        const auto& va = value(a);
        const auto& vb = value(b);
        if (va.empty() != vb.empty()) return vb.empty();
        if (va != vb) return descending ? va > vb : va < vb;
        return a->date > b->date;
    });
    auto events = Json::array();
    for (std::uint64_t i = offset; i < rows.size() && i < offset + limit; ++i) {
        const auto& e = *rows[i];
        events.push_back({{"id", e.id},         {"title", e.title},       {"date", e.date},   {"organiser", e.organiser},
                          {"venue", e.venue},   {"language", e.language}, {"source", e.source}, {"tokens", e.tokens},
                          {"turns", e.turns},   {"exchanges", e.exchanges}});
    }
    return {{"total", rows.size()}, {"offset", offset}, {"limit", limit}, {"events", std::move(events)}};
}

// Hits of the reader's query inside the event, as position spans of its segment; `matching` is set to the
// strategy of a CQL query.
std::vector<query::IndexHit> reader_hits(Call& call, const Params& params, const EventRow& row, std::optional<std::string>& matching) {
    std::vector<query::IndexHit> out;
    if (params.has("cql") && params.has("q")) throw ApiError{400, "give at most one of 'cql' and 'q'"};
    Filters only_this;
    only_this.events = {row.id};
    if (params.has("cql")) {
        const auto compiled = compile_cql(call, params.text("cql"), only_this, params.matching());
        matching = matching_name(*compiled);
        for (const auto& hit : all_hits(call, *compiled))
            if (hit.segment == row.segment) out.push_back(hit);
    } else if (params.has("q")) {
        params.refuse("matching", "it is the matching strategy of a CQL query ('cql')");
        search::SearchOptions options;
        apply_filters(only_this, options);
        options.unit = search::Unit::turn;
        options.limit = row.turns + 1;
        options.exact_forms = params.flag("exact");
        const auto result = run_search(call, params.text("q"), options);
        for (const auto& hit : result.hits)
            if (hit.segment == row.segment && hit.event_id == row.id)
                for (const auto& [first, last] : hit.matched_spans) out.push_back({row.segment, first, last + 1});
    } else {
        params.refuse("matching", "it is the matching strategy of a CQL query ('cql')");
    }
    const auto& events = call.api.index.segments()[row.segment]->regions(Structure::event);
    const auto begin = events.start(row.event), end = events.end(row.event);
    std::erase_if(out, [&](const query::IndexHit& h) { return h.start < begin || h.start >= end; });
    std::sort(out.begin(), out.end());
    return out;
}

// The reader's body goes out in pieces of this size; an event of more paragraphs than kStreamedParagraphs is
// streamed as it is written (chunked), a smaller one is written whole and then cached and compressed like
// every other answer (the UI reopens events, and a whole body costs a few hundred kilobytes at most).
constexpr std::size_t kPieceBytes = 64 * 1024;
constexpr std::uint64_t kStreamedParagraphs = 20000;

// A 503 once the request's deadline has passed (or its client left, or the slow lane is full).
void check_deadline(Call& call) {
    if (auto stopped = call.checkpoint()) evaluation_failed(call, *stopped);
    if (std::chrono::steady_clock::now() > call.deadline) call.timed_out();
}

Json reader_route(Call& call) {
    const Params params(call.request, {"cql", "q", "exact", "matching"});
    const auto id = call.request.matches[1].str();
    const auto& tables = call.api.tables;
    const auto found = tables.event_by_id.find(id);
    if (found == tables.event_by_id.end()) throw ApiError{404, "no event '" + id + "' in the index"};
    const auto& row = tables.events[found->second];
    const auto& segment = *call.api.index.segments()[row.segment];
    auto outline = index::stored_event_outline(segment, row.event, [&call]() -> std::optional<Error> {
        if (auto stopped = call.checkpoint()) return stopped;
        if (std::chrono::steady_clock::now() > call.deadline) return stopped_error(ErrorCode::timed_out);
        return std::nullopt;
    });
    if (!outline && outline.error().code != ErrorCode::failed) evaluation_failed(call, outline.error());
    if (!outline) throw ApiError{500, "cannot read event '" + id + "': " + outline.error().describe()};
    std::optional<std::string> matching;
    auto hits = reader_hits(call, params, row, matching);
    check_deadline(call);
    auto body = std::make_shared<EventReaderBody>(segment, std::move(outline.value()), std::move(hits), std::move(matching), call.started);
    if (body->paragraphs() <= kStreamedParagraphs) {
        std::string text;
        while (!body->done()) {
            if (auto failed = body->write(text, kPieceBytes)) throw ApiError{500, "cannot read paragraph: " + failed->describe()};
            check_deadline(call);
        }
        call.written_body = std::move(text);
        return nullptr;
    }
    // Past the deadline, or when a paragraph cannot be read, the stream ends without its last chunk: the
    // status line is gone, and an unfinished body tells the client the answer failed (docs/api.md).
    call.response.set_chunked_content_provider(
        "application/json; charset=utf-8", [body, served = call.api.served, deadline = call.deadline](std::size_t, httplib::DataSink& sink) {
            std::string piece;
            while (!body->done()) {
                if (std::chrono::steady_clock::now() > deadline) return false;
                piece.clear();
                if (body->write(piece, kPieceBytes)) return false;
                if (index::faulted_mapping() || !sink.write(piece.data(), piece.size())) return false;
            }
            sink.done();
            return true;
        });
    return nullptr;
}

}  // namespace

std::vector<Route> event_routes() {
    return {{"/api/events", "/api/events", events_route}, {"/api/events/{id}", R"(/api/events/(.+))", reader_route}};
}

}  // namespace presser::server
