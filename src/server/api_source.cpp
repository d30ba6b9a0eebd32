// GET /api/source?event=ID&begin=B&end=E: bytes of an event's source file, as recorded in the index.
#include <fstream>

#include "server/api.h"
#include "server/json_params.h"

namespace presser::server {

namespace {

constexpr std::uint64_t kMaxBytes = 16u << 20;

Json source_route(Call& call) {
    const Params params(call.request, {"event", "begin", "end"});
    const auto id = params.text("event");
    if (id.empty()) throw ApiError{400, "parameter 'event' is required: an event id"};
    const auto found = call.api.tables.event_by_id.find(id);
    if (found == call.api.tables.event_by_id.end()) throw ApiError{404, "no event '" + id + "' in the index"};
    const auto& path = call.api.tables.events[found->second].source;
    // Paths are recorded as given to `presser index build`: relative ones are resolved from the server's
    // working directory.
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) throw ApiError{404, "source file '" + path + "' of event '" + id + "' is not on disk (relative paths are read from the server's working directory)"};
    const auto begin = params.integer("begin", 0, 0, size);
    const auto end = params.integer("end", size, begin, size);
    if (end - begin > kMaxBytes) throw ApiError{400, "at most " + std::to_string(kMaxBytes) + " bytes per request"};
    std::ifstream in(path, std::ios::binary);
    std::string bytes(end - begin, '\0');
    in.seekg(static_cast<std::streamoff>(begin));
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in) throw ApiError{404, "source file '" + path + "' could not be read"};
    call.response.set_content(bytes, "text/plain; charset=utf-8");
    return nullptr;
}

}  // namespace

std::vector<Route> source_routes() { return {{"/api/source", "/api/source", source_route}}; }

}  // namespace presser::server
