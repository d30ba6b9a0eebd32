#include "server/upload_store.h"

#include <cstdio>
#include <random>

#include "index/file_io.h"
#include "ingest/parser.h"
#include "ingest/source_files.h"

namespace presser::server {
namespace fs = std::filesystem;

fs::path upload_folder(const fs::path& index_directory) { return index_directory / "uploads"; }

std::string check_upload_name(std::string_view name) {
    if (name.empty()) return "the upload needs a file name (?name=briefing.md, or a multipart field 'file' with a filename)";
    if (name.size() > 200) return "the file name is longer than 200 bytes";
    if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
        return "the file name '" + std::string(name) + "' has a folder part: give a plain file name";
    if (name == "." || name == ".." || name.starts_with('.')) return "the file name must not start with '.' (hidden files are not ingested)";
    for (const unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return "the file name has a control character";
    // An upload the folder walk of `index build` would skip is refused rather than stored and never read.
    const fs::path path(name);
    if (!ingest::is_transcript_candidate(path))
        return "'" + std::string(name) + "' is a name `index build` skips (READMEs, licences, presser-* sidecars, images, archives)";
    if (path.extension().empty()) return "the file name needs an extension that says its format (.txt, .md, .html, .xml, .json, .csv, .tsv)";
    return "";
}

Result<StoredUpload> store_upload(const fs::path& folder, std::string_view name, std::string bytes) {
    if (auto problem = check_upload_name(name); !problem.empty()) return plain_error(problem);
    StoredUpload stored;
    stored.path = folder / std::string(name);
    auto events = ingest::parse_bytes(bytes, stored.path.string());
    if (!events) return events.error();
    if (events->empty()) return not_transcript_error(stored.path.string(), "the parser found no event in it");
    stored.events = events->size();

    std::error_code error;
    fs::create_directories(folder, error);
    if (error) {
        Error failed;
        failed.file = folder.string();
        failed.message = "cannot create the upload folder: " + error.message();
        return failed;
    }
    stored.replaced = fs::exists(stored.path, error);
    // A hidden name, so that an ingest scanning the folder meanwhile skips the half-written file.
    std::random_device random;
    const auto temporary = folder / (".upload-" + std::to_string(random()) + "-" + std::string(name));
    {
        index::FileWriter writer(temporary);  // removes the file unless finished
        writer.write(bytes);
        if (auto finished = writer.finish(); !finished) return finished.error();
    }
    if (std::rename(temporary.c_str(), stored.path.c_str()) != 0) {
        Error failed;
        failed.file = stored.path.string();
        failed.message = "cannot move the upload into place";
        std::remove(temporary.c_str());
        return failed;
    }
    if (auto synced = index::sync_directory(folder); !synced) return synced.error();
    return stored;
}

}  // namespace presser::server
