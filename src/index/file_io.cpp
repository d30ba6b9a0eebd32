#include "index/file_io.h"
#include "index/io_faults.h"
#include "index/mapping_faults.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <utility>

namespace presser::index {
namespace {

constexpr std::size_t kWriteBuffer = 1 << 20;

Error system_error(const std::filesystem::path& path, std::string_view what) {
    return Error{path.string(), std::nullopt, std::nullopt, std::string(what) + ": " + std::strerror(errno)};
}

FileIdentity identity_from(const struct stat& info) {
    return {static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino),
            static_cast<std::uint64_t>(info.st_size),
            static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            static_cast<std::int64_t>(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec};
}

}  // namespace

MappedFile::~MappedFile() {
    if (data_ != nullptr && size_ > 0) {
        forget_mapping(data_);
        munmap(const_cast<char*>(data_), size_);
    }
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)), identity_(other.identity_) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        if (data_ != nullptr && size_ > 0) {
            forget_mapping(data_);
            munmap(const_cast<char*>(data_), size_);
        }
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        identity_ = other.identity_;
    }
    return *this;
}

Result<MappedFile> MappedFile::open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return system_error(path, "cannot open index file");
    struct stat info {};
    if (fstat(fd, &info) != 0) {
        const auto error = system_error(path, "cannot stat index file");
        ::close(fd);
        return error;
    }
    MappedFile file;
    file.size_ = static_cast<std::size_t>(info.st_size);
    file.identity_ = identity_from(info);
    if (file.size_ > 0) {
        void* mapped = mmap(nullptr, file.size_, PROT_READ, MAP_SHARED, fd, 0);
        if (mapped == MAP_FAILED) {
            const auto error = system_error(path, "cannot map index file");
            ::close(fd);
            return error;
        }
        file.data_ = static_cast<const char*>(mapped);
        watch_mapping(file.data_, file.size_, path);
    }
    ::close(fd);
    return file;
}

FileWriter::FileWriter(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        failed_ = true;
        error_ = std::string("cannot create index file: ") + std::strerror(errno);
    }
    buffer_.reserve(kWriteBuffer);
    auto* state = XXH3_createState();
    XXH3_64bits_reset(state);
    hash_state_ = state;
}

FileWriter::~FileWriter() {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    XXH3_freeState(static_cast<XXH3_state_t*>(hash_state_));
}

void FileWriter::write(const void* data, std::size_t size) {
    if (size == 0) return;
    XXH3_64bits_update(static_cast<XXH3_state_t*>(hash_state_), data, size);
    written_ += size;
    const char* bytes = static_cast<const char*>(data);
    if (buffer_.size() + size > kWriteBuffer) flush_buffer();
    if (size >= kWriteBuffer) {
        if (failed_) return;
        std::size_t done = 0;
        while (done < size) {
            const auto n = checked_write(fd_, bytes + done, size - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                failed_ = true;
                error_ = std::string("cannot write index file: ") + std::strerror(errno);
                return;
            }
            done += static_cast<std::size_t>(n);
        }
        return;
    }
    buffer_.insert(buffer_.end(), bytes, bytes + size);
}

void FileWriter::put_varint(std::uint64_t value) {
    std::string bytes;
    append_varint(value, bytes);
    write(bytes);
}

void FileWriter::pad_to(std::size_t alignment) {
    static const char zeros[64] = {};
    while (written_ % alignment != 0) write(zeros, std::min<std::size_t>(alignment - written_ % alignment, 64));
}

void FileWriter::flush_buffer() {
    if (failed_ || buffer_.empty()) {
        buffer_.clear();
        return;
    }
    std::size_t done = 0;
    while (done < buffer_.size()) {
        const auto n = checked_write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            failed_ = true;
            error_ = std::string("cannot write index file: ") + std::strerror(errno);
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
}

Result<bool> FileWriter::finish() {
    flush_buffer();
    if (!failed_ && checked_fsync(fd_) != 0) {
        failed_ = true;
        error_ = std::string("cannot sync index file: ") + std::strerror(errno);
    }
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (failed_) return Error{path_.string(), std::nullopt, std::nullopt, error_};
    checksum_ = XXH3_64bits_digest(static_cast<XXH3_state_t*>(hash_state_));
    finished_ = true;
    return true;
}

std::uint64_t checksum_of(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

Result<FileIdentity> identity_of(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return system_error(path, "cannot stat index file");
    return identity_from(info);
}

Result<bool> sync_directory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return system_error(directory, "cannot open index directory");
    const int rc = checked_fsync(fd);
    ::close(fd);
    if (rc != 0) return system_error(directory, "cannot sync index directory");
    return true;
}

Result<bool> write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
    auto temporary = path;
    temporary += ".tmp";
    {
        FileWriter writer(temporary);
        writer.write(bytes);
        auto finished = writer.finish();
        if (!finished) return finished.error();
    }
    if (checked_rename(temporary, path) != 0) return system_error(path, "cannot rename into place");
    return sync_directory(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
}

void append_varint(std::uint64_t value, std::string& out) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

std::uint64_t read_long_varint(const char*& at, const char* end) {
    std::uint64_t value = 0;
    int shift = 0;
    while (at < end && shift < 64) {
        const auto byte = static_cast<unsigned char>(*at++);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) return value;
        shift += 7;
    }
    at = end;
    return 0;
}

}  // namespace presser::index
