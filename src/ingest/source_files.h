// The transcripts named on a command line: files as given, folders walked recursively in sorted order,
// skipping what is not a transcript (licences, READMEs, presser-* sidecars, images) and reporting what
// cannot be walked or read (unreadable folders, dangling links, FIFOs, sockets, devices). Tables and JSON
// are left to their importers, which tell transcripts from data (Error::not_transcript).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace presser::ingest {

struct SourceFiles {
    std::vector<std::filesystem::path> transcripts;
    std::vector<std::filesystem::path> skipped;  // not transcripts: reported, never silently dropped
    std::vector<std::string> errors;             // paths named that do not exist
    // "PATH: why": entries inside the folders that were left out because they cannot be read as files.
    std::vector<std::string> warnings;
    // Each transcript's root: the folder named that it was found under, or its own folder when named itself.
    std::map<std::filesystem::path, std::filesystem::path> roots;
};

[[nodiscard]] SourceFiles collect_source_files(const std::vector<std::string>& arguments);

// Whether a folder walk takes this file as a transcript to read: not hidden, not a README, licence or
// presser-* sidecar, not an image, archive, PDF or web asset.
[[nodiscard]] bool is_transcript_candidate(const std::filesystem::path& path);

// The event id of a transcript found under `root`: its path relative to the root, '/'-separated, without
// the extension ("2023/briefing" for ROOT/2023/briefing.txt); the stem when the file was named itself.
[[nodiscard]] std::string relative_event_id(const std::filesystem::path& file, const std::filesystem::path& root);

// Event ids for `files`, unique among them and against the ids `taken` says are used by other sources:
// an id that collides gets its root folder's name in front ("b/briefing"), then a "~2", "~3" suffix.
[[nodiscard]] std::map<std::filesystem::path, std::string> unique_event_ids(
    const SourceFiles& files, const std::function<bool(const std::string& id)>& taken);

}  // namespace presser::ingest
