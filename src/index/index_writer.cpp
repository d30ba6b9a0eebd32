#include "index/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <set>

namespace presser::index {
namespace {

// What presser itself leaves in an index directory before its first commit (an interrupted first build).
bool is_own_uncommitted_entry(const std::filesystem::directory_entry& entry) {
    const auto name = entry.path().filename().string();
    const auto digits_from = [&](std::size_t from, std::size_t until) {
        return until > from && until <= name.size() &&
               std::all_of(name.begin() + static_cast<std::ptrdiff_t>(from), name.begin() + static_cast<std::ptrdiff_t>(until),
                           [](unsigned char c) { return std::isdigit(c); });
    };
    std::error_code ignored;
    if (name == "LOCK" || name == std::string(kManifestFile) + ".tmp") return true;
    if (name.starts_with("seg-")) return name.size() == 10 && digits_from(4, 10) && entry.is_directory(ignored);
    if (name.starts_with("sources-") && name.ends_with(".json")) return digits_from(8, name.size() - 5);
    if (name.starts_with("sources-") && name.ends_with(".json.tmp")) return digits_from(8, name.size() - 9);  // write_file_atomically's
    return false;
}

// Writing into a directory cleans it of segments and sources files it does not name, so a directory of the
// user's (not empty, no MANIFEST, not a first build of presser's left before its first commit) is refused
// before anything in it is touched.
std::optional<Error> refuse_foreign_directory(const std::filesystem::path& directory) {
    std::error_code error;
    const auto status = std::filesystem::status(directory, error);
    if (!std::filesystem::exists(status)) return std::nullopt;
    if (!std::filesystem::is_directory(status))
        return Error{directory.string(), std::nullopt, std::nullopt, "exists and is not a directory: expected an index directory, or a path to create one at"};
    if (std::filesystem::exists(directory / kManifestFile, error)) return std::nullopt;
    bool has_lock = false;
    std::optional<std::string> foreign;
    std::string first;
    std::size_t entries = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        if (entries++ == 0) first = entry.path().filename().string();
        has_lock |= entry.path().filename() == "LOCK";
        if (!foreign && !is_own_uncommitted_entry(entry)) foreign = entry.path().filename().string();
    }
    if (error) return Error{directory.string(), std::nullopt, std::nullopt, "cannot list the index directory: " + error.message()};
    if (entries == 0 || (has_lock && !foreign)) return std::nullopt;
    return Error{directory.string(), std::nullopt, std::nullopt,
                 "is not empty and is not a presser index (no MANIFEST; it holds '" + foreign.value_or(first) +
                     "'): refusing to write into it; give an empty or new directory, or an existing index"};
}

}  // namespace

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::filesystem::path& directory) {
    if (auto refused = refuse_foreign_directory(directory)) return *refused;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) return Error{directory.string(), std::nullopt, std::nullopt, "cannot create the index directory: " + error.message()};
    std::unique_ptr<IndexWriter> writer(new IndexWriter());
    writer->directory_ = directory;
    const auto lock_path = directory / "LOCK";
    writer->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (writer->lock_fd_ < 0)
        return Error{lock_path.string(), std::nullopt, std::nullopt, std::string("cannot open the lock file: ") + std::strerror(errno)};
    if (flock(writer->lock_fd_, LOCK_EX | LOCK_NB) != 0)
        return Error{directory.string(), std::nullopt, std::nullopt, "another presser process is writing this index"};
    auto manifest = read_manifest(directory);
    if (!manifest) return manifest.error();
    writer->manifest_ = std::move(manifest.value());
    writer->remove_unreferenced();
    return writer;
}

IndexWriter::~IndexWriter() {
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::string IndexWriter::allocate_segment_name() {
    char name[32];
    std::snprintf(name, sizeof name, "seg-%06llu", static_cast<unsigned long long>(manifest_.next_segment++));
    std::error_code ignored;
    std::filesystem::remove_all(directory_ / name, ignored);  // a leftover of an interrupted ingest
    return name;
}

Result<SegmentInfo> IndexWriter::write_segment(SegmentBuilder& builder) {
    return builder.write(directory_ / allocate_segment_name());
}

Result<bool> IndexWriter::commit() {
    auto done = commit_manifest(directory_, manifest_);
    if (!done) return done;
    remove_unreferenced();
    return true;
}

void IndexWriter::remove_unreferenced() {
    std::set<std::string> named;
    for (const auto& segment : manifest_.segments) named.insert(segment.name);
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("seg-", 0) == 0 && entry.is_directory() && !named.contains(name)) {
            // Only segments numbered below next_segment can be leftovers of this index's own history.
            std::error_code ignored;
            std::filesystem::remove_all(entry.path(), ignored);
        }
        const bool old_sources = name.rfind("sources-", 0) == 0 && name != manifest_.sources_file;
        if (name == std::string(kManifestFile) + ".tmp" || old_sources) {
            std::error_code ignored;
            std::filesystem::remove(entry.path(), ignored);
        }
    }
}

}  // namespace presser::index
