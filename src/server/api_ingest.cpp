// POST /api/ingest: a transcript uploaded to a server started with --token joins its index (upload_store.h,
// folder_ingest.h). The answer comes once the upload is stored (202), or with wait=true once it is
// ingested and served (200).
#include "server/api.h"
#include "server/folder_ingest.h"
#include "server/json_params.h"
#include "server/upload_store.h"

namespace presser::server {

Json answer_upload(const httplib::Request& request, const UploadRoute& route) {
    // Parameters come from the URL alone: a body sent as a form (curl --data-binary's default Content-Type)
    // is the file, though cpp-httplib parses it into the request's parameters too.
    httplib::Request url;
    if (const auto question = request.target.find('?'); question != std::string::npos)
        httplib::detail::parse_query_text(request.target.substr(question + 1), url.params);
    const Params params(url, {"name", "wait"});
    std::string name = params.text("name");
    std::string bytes;
    if (request.is_multipart_form_data()) {
        if (!request.has_file("file")) throw ApiError{400, "a multipart upload needs its transcript in a field named 'file'"};
        auto file = request.get_file_value("file");
        if (name.empty()) name = file.filename;
        bytes = std::move(file.content);
    } else {
        bytes = request.body;
    }
    if (bytes.size() > route.max_bytes)
        throw ApiError{413, "uploads are limited to " + std::to_string(route.max_bytes) + " bytes (serve --max-upload-mb)"};
    if (bytes.empty()) throw ApiError{400, "the upload is empty: send the transcript's bytes as the request body"};
    const bool wait = params.flag("wait");

    auto stored = store_upload(route.folder, name, std::move(bytes));
    if (!stored) throw ApiError{400, stored.error().describe()};
    const std::string file = "uploads/" + stored->path.filename().string();
    Json answer = {{"file", file}, {"events", stored->events}, {"replaced", stored->replaced}};
    if (!wait) {
        route.ingest->wake();
        answer["state"] = "stored";
        answer["progress"] = "/api/info";
        return answer;
    }
    route.ingest->wait_for_scan();
    auto status = route.ingest->status();
    for (const auto& skipped : status["skipped"])
        if (skipped["file"] == stored->path.string())
            throw ApiError{500, "the upload was stored as " + file + " but not ingested: " + skipped["error"].get<std::string>()};
    if (!status["last_error"].is_null())
        throw ApiError{500, "the upload was stored as " + file + " but the ingest failed: " + status["last_error"].get<std::string>()};
    answer["state"] = "ingested";
    answer["generation"] = route.serve_committed();
    return answer;
}

}  // namespace presser::server
