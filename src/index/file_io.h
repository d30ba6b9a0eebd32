// Files of an index: written once through FileWriter (buffered, checksummed, fsynced), read through
// MappedFile (read-only memory map). Segment files are immutable once the manifest names them.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace presser::index {

// What tells one file on disk from another, or from itself once rewritten: device, inode, size and the
// modification and status-change times (ctime cannot be set back by a user, mtime can).
struct FileIdentity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t modified_ns = 0;
    std::int64_t changed_ns = 0;
    auto operator<=>(const FileIdentity&) const = default;
};

// A read-only memory map of a whole file. Move-only; unmaps on destruction. An empty file maps to an
// empty view.
class MappedFile {
public:
    MappedFile() = default;
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    [[nodiscard]] static Result<MappedFile> open(const std::filesystem::path& path);

    [[nodiscard]] std::string_view bytes() const { return {data_, size_}; }
    [[nodiscard]] const char* data() const { return data_; }
    [[nodiscard]] std::size_t size() const { return size_; }
    // The mapped file's identity, from fstat of the descriptor that was mapped.
    [[nodiscard]] const FileIdentity& identity() const { return identity_; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    FileIdentity identity_;
};

// Writes a new file sequentially. finish() flushes, fsyncs and closes; the content's XXH3-64 and size are
// then available for the manifest. A FileWriter destroyed without finish() removes its file.
class FileWriter {
public:
    explicit FileWriter(std::filesystem::path path);
    ~FileWriter();
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    void write(const void* data, std::size_t size);
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    template <class T>
    void put(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        write(&value, sizeof value);
    }
    template <class T>
    void put_array(const std::vector<T>& values) {
        if (!values.empty()) write(values.data(), values.size() * sizeof(T));
    }
    void put_varint(std::uint64_t value);
    void pad_to(std::size_t alignment);  // zero bytes up to the next multiple of `alignment`

    [[nodiscard]] std::uint64_t position() const { return written_; }
    [[nodiscard]] Result<bool> finish();
    [[nodiscard]] std::uint64_t checksum() const { return checksum_; }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    void flush_buffer();

    std::filesystem::path path_;
    int fd_ = -1;
    std::vector<char> buffer_;
    std::uint64_t written_ = 0;
    void* hash_state_ = nullptr;
    std::uint64_t checksum_ = 0;
    bool failed_ = false;
    std::string error_;
    bool finished_ = false;
};

// XXH3-64 of a byte range: the checksum of every index file.
[[nodiscard]] std::uint64_t checksum_of(std::string_view bytes);

// The identity of the file at `path` (stat), or an error naming it.
[[nodiscard]] Result<FileIdentity> identity_of(const std::filesystem::path& path);

// fsync of a directory, so that a rename or a new file inside it is durable.
[[nodiscard]] Result<bool> sync_directory(const std::filesystem::path& directory);

// Writes `bytes` to `path` atomically: a temporary file beside it, fsync, rename, fsync of the directory.
[[nodiscard]] Result<bool> write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// Little-endian readers over mapped bytes (the index is written in the machine's order, x86-64/arm64).
template <class T>
[[nodiscard]] inline T load(const char* at) {
    T value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

// Appends `value` as a LEB128 varint to `out` (the in-memory twin of FileWriter::put_varint).
void append_varint(std::uint64_t value, std::string& out);

// Decodes a LEB128 varint at `at`, advancing it; never reads at or past `end` (returns 0 if truncated
// and sets `at = end`). One-byte values (most deltas and frequencies) are decoded inline.
[[nodiscard]] std::uint64_t read_long_varint(const char*& at, const char* end);
[[nodiscard]] inline std::uint64_t read_varint(const char*& at, const char* end) {
    if (at < end && static_cast<unsigned char>(*at) < 0x80) return static_cast<unsigned char>(*at++);
    return read_long_varint(at, end);
}

}  // namespace presser::index
