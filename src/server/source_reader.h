// Reading a recorded source file for /api/source without trusting the file system to be as it was at
// indexing: the file is opened beneath its recorded root with no symbolic link followed on the way
// (openat component by component with O_NOFOLLOW), must be a regular file, and its size and XXH3-64 must
// still be those recorded before any byte is served. A file identity (device, inode, size, mtime, ctime)
// already verified is not hashed again.
#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

#include "server/recorded_sources.h"

namespace presser::server {

struct SourceRead {
    enum class Outcome { ok, missing, symlink, not_regular, changed, unreadable };
    Outcome outcome = Outcome::ok;
    std::string bytes;   // the range asked for, when ok
    std::string detail;  // why not, naming the path
};

class SourceReader {
public:
    // Bytes [begin, end) of `source` (end clamped to the recorded size by the caller).
    [[nodiscard]] SourceRead read(const RecordedSource& source, std::uint64_t begin, std::uint64_t end);

private:
    using Identity = std::tuple<std::uint64_t, std::uint64_t, std::uint64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t>;
    std::mutex mutex_;
    std::set<Identity> verified_;
};

}  // namespace presser::server
