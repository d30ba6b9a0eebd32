#include "server/source_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <utility>
#include <vector>

namespace presser::server {
namespace {

class Descriptor {
public:
    explicit Descriptor(int fd = -1) : fd_(fd) {}
    Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Descriptor& operator=(Descriptor&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~Descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_;
};

SourceRead failed(SourceRead::Outcome outcome, std::string detail) {
    SourceRead read;
    read.outcome = outcome;
    read.detail = std::move(detail);
    return read;
}

// Why openat of `name` in `directory` failed with `error`.
SourceRead open_failure(int directory, const std::string& name, const std::filesystem::path& shown, int error) {
    struct stat own {};
    if (::fstatat(directory, name.c_str(), &own, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(own.st_mode))
        return failed(SourceRead::Outcome::symlink, "'" + shown.string() + "' is a symbolic link, which is not followed");
    if (error == ENOENT) return failed(SourceRead::Outcome::missing, "'" + shown.string() + "' is not on disk");
    return failed(SourceRead::Outcome::unreadable, "cannot open '" + shown.string() + "': " + std::strerror(error));
}

}  // namespace

SourceRead SourceReader::read(const RecordedSource& source, std::uint64_t begin, std::uint64_t end) {
    const std::filesystem::path root(source.root);
    const auto relative = std::filesystem::path(source.path).lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..")
        return failed(SourceRead::Outcome::unreadable, "'" + source.path + "' is not inside its recorded root '" + source.root + "'");
    Descriptor directory(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory.get() < 0) {
        const int error = errno;
        return failed(error == ENOENT ? SourceRead::Outcome::missing : SourceRead::Outcome::unreadable,
                      "cannot open the folder '" + source.root + "' the file was indexed from: " + std::strerror(error));
    }
    std::filesystem::path reached = root;
    Descriptor file;
    for (auto part = relative.begin(); part != relative.end(); ++part) {
        const std::string name = part->string();
        reached /= name;
        if (name == "." || name == ".." || name.empty())
            return failed(SourceRead::Outcome::unreadable, "'" + source.path + "' is not a plain path below '" + source.root + "'");
        const bool last = std::next(part) == relative.end();
        // O_NONBLOCK: a FIFO put in the file's place must not hang the request.
        const int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? O_NONBLOCK : O_DIRECTORY);
        Descriptor opened(::openat(directory.get(), name.c_str(), flags));
        if (opened.get() < 0) return open_failure(directory.get(), name, reached, errno);
        (last ? file : directory) = std::move(opened);
    }
    struct stat info {};
    if (::fstat(file.get(), &info) != 0 || !S_ISREG(info.st_mode))
        return failed(SourceRead::Outcome::not_regular, "'" + source.path + "' is no longer a regular file");
    if (static_cast<std::uint64_t>(info.st_size) != source.size)
        return failed(SourceRead::Outcome::changed, "'" + source.path + "' changed since it was indexed (" + std::to_string(info.st_size) +
                                                        " bytes, " + std::to_string(source.size) + " recorded)");
    const Identity identity{info.st_dev, info.st_ino, static_cast<std::uint64_t>(info.st_size), info.st_mtim.tv_sec,
                            info.st_mtim.tv_nsec, info.st_ctim.tv_sec, info.st_ctim.tv_nsec};
    bool known;
    {
        std::lock_guard lock(mutex_);
        known = verified_.contains(identity);
    }
    if (!known) {
        XXH3_state_t* state = XXH3_createState();
        XXH3_64bits_reset(state);
        std::vector<char> buffer(1 << 16);
        std::uint64_t at = 0;
        for (ssize_t n; (n = ::pread(file.get(), buffer.data(), buffer.size(), static_cast<off_t>(at))) > 0; at += static_cast<std::uint64_t>(n))
            XXH3_64bits_update(state, buffer.data(), static_cast<std::size_t>(n));
        const auto hash = XXH3_64bits_digest(state);
        XXH3_freeState(state);
        if (at != source.size || hash != source.hash)
            return failed(SourceRead::Outcome::changed, "'" + source.path + "' changed since it was indexed (its content hash differs)");
        std::lock_guard lock(mutex_);
        verified_.insert(identity);
    }
    SourceRead read;
    read.bytes.resize(end - begin);
    std::uint64_t done = 0;
    while (done < read.bytes.size()) {
        const auto n = ::pread(file.get(), read.bytes.data() + done, read.bytes.size() - done, static_cast<off_t>(begin + done));
        if (n <= 0) return failed(SourceRead::Outcome::unreadable, "'" + source.path + "' could not be read");
        done += static_cast<std::uint64_t>(n);
    }
    return read;
}

}  // namespace presser::server
