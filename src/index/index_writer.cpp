#include "index/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

namespace presser::index {

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::filesystem::path& directory) {
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
