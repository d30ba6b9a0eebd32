// GET /api/source?event=ID&begin=B&end=E: bytes of an event's source file, the very file recorded in the
// index (source_reader.h): 404 when it is gone, 403 when a symbolic link stands in its way, 409 when its
// content is no longer the indexed one.
#include "server/api.h"
#include "server/json_params.h"

namespace presser::server {

namespace {

constexpr std::uint64_t kMaxBytes = 16u << 20;

int status_of(SourceRead::Outcome outcome) {
    switch (outcome) {
        case SourceRead::Outcome::ok: return 200;
        case SourceRead::Outcome::missing: return 404;
        case SourceRead::Outcome::symlink: return 403;
        case SourceRead::Outcome::not_regular:
        case SourceRead::Outcome::changed: return 409;
        case SourceRead::Outcome::unreadable: return 500;
    }
    return 500;
}

Json source_route(Call& call) {
    const Params params(call.request, {"event", "begin", "end"});
    const auto id = params.text("event");
    if (id.empty()) throw ApiError{400, "parameter 'event' is required: an event id"};
    const auto found = call.api.tables.event_by_id.find(id);
    if (found == call.api.tables.event_by_id.end()) throw ApiError{404, "no event '" + id + "' in the index"};
    if (!call.api.sources) throw ApiError{500, call.api.sources.error().describe()};
    const auto& row = call.api.tables.events[found->second];
    const auto& segment = call.api.index.segments()[row.segment]->info().name;
    const auto* source = call.api.sources->of(segment, row.event);
    if (source == nullptr) throw ApiError{404, "the index records no source file for event '" + id + "'"};
    const auto begin = params.integer("begin", 0, 0, source->size);
    const auto end = params.integer("end", source->size, begin, source->size);
    if (end - begin > kMaxBytes) throw ApiError{400, "at most " + std::to_string(kMaxBytes) + " bytes per request"};
    auto read = call.api.source_reader.read(*source, begin, end);
    if (read.outcome == SourceRead::Outcome::changed || read.outcome == SourceRead::Outcome::not_regular)
        throw ApiError{409, "source file of event '" + id + "': " + read.detail +
                                "; the source changed since indexing: run `presser index build` on it again"};
    if (read.outcome != SourceRead::Outcome::ok)
        throw ApiError{status_of(read.outcome), "source file of event '" + id + "': " + read.detail};
    call.response.set_content(read.bytes, "text/plain; charset=utf-8");
    return nullptr;
}

}  // namespace

std::vector<Route> source_routes() { return {{"/api/source", "/api/source", source_route}}; }

}  // namespace presser::server
