// A memory-mapped index file truncated (or rewritten shorter) under a running process: reading a page past
// its new end raises SIGBUS, which would kill the server. presser turns that fault into an error instead.
//
// Contract:
//  * MappedFile watches every mapping it makes. A SIGBUS at an address inside a watched mapping maps a
//    page of zeros there (the read goes on, reading zeros) and marks the mapping faulted; a SIGBUS
//    anywhere else gets the action that was in place before (by default the process dies, as it should).
//  * Whoever produced an answer from an index checks faulted_mapping() before giving it: while any watched
//    file has faulted, answers may hold zeros for data and must be withheld; the path names the file.
//    The mark lasts as long as the mapping (until the index is closed or reopened).
//  * At most kWatchedMappings mappings are watched at once; beyond that a mapping is not watched (SIGBUS
//    then kills as before). Watching and forgetting are thread-safe; the handler takes no lock.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>

namespace presser::index {

inline constexpr std::size_t kWatchedMappings = 4096;

void watch_mapping(const char* data, std::size_t size, const std::filesystem::path& path);
void forget_mapping(const char* data);

// A watched file that faulted and is still mapped (a server's index is damaged until it is reopened).
[[nodiscard]] std::optional<std::filesystem::path> faulted_mapping();
// The first file that faulted in this process, mapped or not any more (a command's output was damaged).
[[nodiscard]] std::optional<std::filesystem::path> first_faulted_mapping();

}  // namespace presser::index
