// Checksums of index files checked before their data is trusted (docs/index-format.md, "What is verified
// when"). A file is hashed the first time this process opens it; its identity (device, inode, size,
// times) and the checksum it matched are then remembered, so that opening the same unchanged file again
// (a second Index::open in a server or a test) costs a lookup, not a read of the whole file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "index/file_io.h"
#include "model/error.h"

namespace presser::index {

// Checks that `bytes`, the content of the file at `path` whose identity is `identity`, have the size and
// XXH3-64 the manifest recorded; an error naming `path` when they do not.
[[nodiscard]] Result<bool> verify_file_once(const std::filesystem::path& path, const FileIdentity& identity,
                                            std::string_view bytes, std::uint64_t expected_size,
                                            std::uint64_t expected_checksum);

// The errors of a file whose size or content is not what the manifest recorded.
[[nodiscard]] Error size_mismatch(const std::filesystem::path& path, std::uint64_t expected, std::uint64_t found);
[[nodiscard]] Error checksum_mismatch(const std::filesystem::path& path, std::uint64_t expected, std::uint64_t found);

// Forgets every verification (tests and benchmarks that measure the first open).
void forget_verified_files();

}  // namespace presser::index
