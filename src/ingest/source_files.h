// The transcripts named on a command line: files as given, folders walked recursively in sorted order,
// skipping what is not a transcript (data tables, licences, READMEs, sidecars, images).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace presser::ingest {

struct SourceFiles {
    std::vector<std::filesystem::path> transcripts;
    std::vector<std::filesystem::path> skipped;  // reported, never silently dropped
    std::vector<std::string> errors;             // paths that do not exist
};

[[nodiscard]] SourceFiles collect_source_files(const std::vector<std::string>& arguments);

}  // namespace presser::ingest
