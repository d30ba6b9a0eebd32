#include "ingest/sidecar_files.h"

#include <fstream>

#include "ingest/text_util.h"

namespace presser::ingest {

Result<std::vector<SidecarRow>> read_sidecar_rows(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return Error{file.string(), std::nullopt, std::nullopt, "cannot open sidecar file"};
    std::vector<SidecarRow> rows;
    std::string line;
    std::uint64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim_view(line).empty() || trim_view(line).starts_with("#")) continue;
        SidecarRow row{number, {}};
        std::size_t start = 0;
        for (;;) {
            std::size_t tab = line.find('\t', start);
            row.fields.push_back(trim_copy(std::string_view(line).substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (row.fields[0].empty())
            return Error{file.string(), std::nullopt, number, "empty first column: expected a label, name or file name"};
        rows.push_back(std::move(row));
    }
    return rows;
}

std::optional<std::optional<std::filesystem::path>> SidecarCache::lookup(const std::string& folder, std::string_view file_name) {
    std::lock_guard lock(mutex_);
    const auto found = found_.find(std::make_pair(folder, std::string(file_name)));
    if (found == found_.end()) return std::nullopt;
    return found->second;
}

void SidecarCache::remember(const std::string& folder, std::string_view file_name, const std::optional<std::filesystem::path>& found) {
    std::lock_guard lock(mutex_);
    found_.emplace(std::make_pair(folder, std::string(file_name)), found);
}

std::optional<std::filesystem::path> find_sidecar(const std::filesystem::path& transcript, std::string_view file_name, SidecarCache* cache) {
    std::error_code ec;
    const std::filesystem::path folder = std::filesystem::absolute(transcript, ec).parent_path();
    if (cache)
        if (auto known = cache->lookup(folder.string(), file_name)) return *known;
    std::optional<std::filesystem::path> found;
    std::filesystem::path dir = folder;
    for (int depth = 0; depth < 12 && !dir.empty(); ++depth) {
        std::filesystem::path candidate = dir / file_name;
        if (std::filesystem::is_regular_file(candidate, ec)) {
            found = candidate;
            break;
        }
        if (dir == dir.parent_path()) break;
        dir = dir.parent_path();
    }
    if (cache) cache->remember(folder.string(), file_name, found);
    return found;
}

}  // namespace presser::ingest
