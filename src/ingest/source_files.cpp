#include "ingest/source_files.h"

#include <algorithm>
#include <array>

namespace presser::ingest {
namespace {

bool is_transcript_candidate(const std::filesystem::path& path) {
    static constexpr std::array<std::string_view, 16> kSkippedExtensions{
        ".csv", ".tsv", ".json", ".jsonl", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".gz", ".zst", ".pdf",
        ".css", ".js", ".ico", ".svg"};
    std::string name = path.filename().string();
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name.starts_with(".")) return false;
    if (lower.starts_with("readme") || lower.starts_with("license") || lower.starts_with("licence") ||
        lower.starts_with("copying"))
        return false;
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    return std::find(kSkippedExtensions.begin(), kSkippedExtensions.end(), extension) == kSkippedExtensions.end();
}

}  // namespace

SourceFiles collect_source_files(const std::vector<std::string>& arguments) {
    SourceFiles out;
    for (const std::string& argument : arguments) {
        std::error_code ec;
        std::filesystem::path path(argument);
        if (std::filesystem::is_regular_file(path, ec)) {
            out.transcripts.push_back(path);  // named explicitly: always parsed
            continue;
        }
        if (!std::filesystem::is_directory(path, ec)) {
            out.errors.push_back(argument + ": no such file or directory");
            continue;
        }
        std::vector<std::filesystem::path> found;
        for (auto it = std::filesystem::recursive_directory_iterator(path, std::filesystem::directory_options::skip_permission_denied, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            if (!it->is_regular_file(ec)) continue;
            (is_transcript_candidate(it->path()) ? found : out.skipped).push_back(it->path());
        }
        if (ec) out.errors.push_back(argument + ": " + ec.message());
        std::sort(found.begin(), found.end());
        out.transcripts.insert(out.transcripts.end(), found.begin(), found.end());
    }
    std::sort(out.skipped.begin(), out.skipped.end());
    return out;
}

}  // namespace presser::ingest
