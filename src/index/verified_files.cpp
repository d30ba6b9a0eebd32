#include "index/verified_files.h"

#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace presser::index {
namespace {

constexpr std::string_view kAdvice = ": the index is corrupt; run `presser index check`, then delete the index and build it again";

std::string hex(std::uint64_t value) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

struct VerifiedFiles {
    std::mutex mutex;
    std::set<std::pair<FileIdentity, std::uint64_t>> files;  // identity, checksum it matched
};

VerifiedFiles& verified_files() {
    static VerifiedFiles instance;
    return instance;
}

}  // namespace

Error size_mismatch(const std::filesystem::path& path, std::uint64_t expected, std::uint64_t found) {
    return Error{path.string(), std::nullopt, std::nullopt,
                 "size mismatch (expected " + std::to_string(expected) + " bytes as the manifest records, found " +
                     std::to_string(found) + ")" + std::string(kAdvice)};
}

Error checksum_mismatch(const std::filesystem::path& path, std::uint64_t expected, std::uint64_t found) {
    return Error{path.string(), std::nullopt, std::nullopt,
                 "checksum mismatch (expected xxh3 " + hex(expected) + " as the manifest records, found " + hex(found) +
                     ")" + std::string(kAdvice)};
}

Result<bool> verify_file_once(const std::filesystem::path& path, const FileIdentity& identity, std::string_view bytes,
                              std::uint64_t expected_size, std::uint64_t expected_checksum) {
    if (bytes.size() != expected_size) return size_mismatch(path, expected_size, bytes.size());
    auto& verified = verified_files();
    const auto key = std::make_pair(identity, expected_checksum);
    {
        std::lock_guard lock(verified.mutex);
        if (verified.files.contains(key)) return true;
    }
    const auto found = checksum_of(bytes);
    if (found != expected_checksum) return checksum_mismatch(path, expected_checksum, found);
    std::lock_guard lock(verified.mutex);
    verified.files.insert(key);
    return true;
}

void forget_verified_files() {
    auto& verified = verified_files();
    std::lock_guard lock(verified.mutex);
    verified.files.clear();
}

}  // namespace presser::index
