// POST /api/ingest stores a transcript sent to the server in the index's upload folder, from where the
// server's folder ingest (folder_ingest.h) adds it to the index with the same incremental build as
// `presser index build`. Nothing is stored unless the bytes parse as a transcript, so a bad upload is
// answered with the parser's error (file, line, byte offset) and leaves the folder and the index as they were.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "model/error.h"

namespace presser::server {

// The folder of uploads inside an index directory.
[[nodiscard]] std::filesystem::path upload_folder(const std::filesystem::path& index_directory);

// "" when `name` can name an upload: a plain file name (no folder part, not hidden, no control
// characters, at most 200 bytes) that `index build` would read as a transcript; else why not.
[[nodiscard]] std::string check_upload_name(std::string_view name);

struct StoredUpload {
    std::filesystem::path path;  // folder / name
    std::size_t events = 0;      // events the parser found in it
    bool replaced = false;       // an earlier upload of that name was replaced (its events will be)
};

// Parses `bytes` as the file `folder/name` would be read; when they hold a transcript, writes them there
// atomically (a hidden temporary file, fsynced, renamed over any earlier upload of that name). The error
// of a bad name, an unparsable file (as the parser describes it) or a failed write otherwise.
[[nodiscard]] Result<StoredUpload> store_upload(const std::filesystem::path& folder, std::string_view name, std::string bytes);

}  // namespace presser::server
