#include "ingest/source_files.h"

#include <algorithm>
#include <array>
#include <set>

namespace presser::ingest {
namespace {

namespace fs = std::filesystem;

// Why an entry that is neither a regular file nor a directory is left out.
std::string not_a_file(fs::file_type type) {
    switch (type) {
        case fs::file_type::fifo: return "a named pipe (FIFO), not a regular file: skipped";
        case fs::file_type::socket: return "a socket, not a regular file: skipped";
        case fs::file_type::block: return "a block device, not a regular file: skipped";
        case fs::file_type::character: return "a character device, not a regular file: skipped";
        default: return "not a regular file: skipped";
    }
}

class FolderWalk {
public:
    FolderWalk(SourceFiles& out, std::vector<fs::path>& found) : out_(out), found_(found) {}

    void walk(const fs::path& folder) {
        std::error_code error;
        fs::directory_iterator entries(folder, error);
        if (error) {
            warn(folder, "cannot read the folder (" + error.message() + "): its files are not included");
            return;
        }
        for (; entries != fs::directory_iterator(); entries.increment(error)) visit(entries->path());
        if (error) warn(folder, "the folder could not be read to its end (" + error.message() + "): some files may be missing");
    }

private:
    void visit(const fs::path& path) {
        std::error_code error;
        const auto own = fs::symlink_status(path, error);
        if (error) return warn(path, "cannot be examined (" + error.message() + "): skipped");
        if (fs::is_directory(own)) return walk(path);
        if (fs::is_regular_file(own)) return take(path);
        if (!fs::is_symlink(own)) return warn(path, not_a_file(own.type()));
        const auto target = fs::status(path, error);
        if (!fs::exists(target)) {
            const auto link = fs::read_symlink(path, error);
            return warn(path, "a dangling symbolic link (to '" + link.string() + "'): skipped");
        }
        if (fs::is_regular_file(target)) return take(path);
        if (fs::is_directory(target)) return warn(path, "a symbolic link to a folder, not followed: skipped");
        warn(path, "a symbolic link to " + not_a_file(target.type()));
    }
    void take(const fs::path& path) { (is_transcript_candidate(path) ? found_ : out_.skipped).push_back(path); }
    void warn(const fs::path& path, const std::string& why) { out_.warnings.push_back(path.string() + ": " + why); }

    SourceFiles& out_;
    std::vector<fs::path>& found_;
};

}  // namespace

bool is_transcript_candidate(const std::filesystem::path& path) {
    // Tables and JSON are read: the importers list those that hold no transcript as skipped, with why.
    static constexpr std::array<std::string_view, 12> kSkippedExtensions{
        ".jpg", ".jpeg", ".png", ".gif", ".zip", ".gz", ".zst", ".pdf", ".css", ".js", ".ico", ".svg"};
    std::string name = path.filename().string();
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name.starts_with(".")) return false;
    if (lower.starts_with("readme") || lower.starts_with("license") || lower.starts_with("licence") ||
        lower.starts_with("copying"))
        return false;
    if (lower == "presser-speakers.tsv" || lower == "presser-events.tsv" || lower == "presser-columns.tsv") return false;
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    return std::find(kSkippedExtensions.begin(), kSkippedExtensions.end(), extension) == kSkippedExtensions.end();
}

SourceFiles collect_source_files(const std::vector<std::string>& arguments) {
    SourceFiles out;
    for (const std::string& argument : arguments) {
        std::error_code ec;
        fs::path path(argument);
        const auto status = fs::status(path, ec);
        if (fs::is_regular_file(status)) {
            out.transcripts.push_back(path);  // named explicitly: always parsed
            out.roots.emplace(path, path.has_parent_path() ? path.parent_path() : fs::path("."));
            continue;
        }
        if (!fs::is_directory(status)) {
            out.errors.push_back(argument + ": " + (fs::exists(status) ? not_a_file(status.type()) : "no such file or directory"));
            continue;
        }
        std::vector<fs::path> found;
        FolderWalk(out, found).walk(path);
        std::sort(found.begin(), found.end());
        for (const auto& file : found) out.roots.emplace(file, path);
        out.transcripts.insert(out.transcripts.end(), found.begin(), found.end());
    }
    std::sort(out.skipped.begin(), out.skipped.end());
    std::sort(out.warnings.begin(), out.warnings.end());
    return out;
}

std::string relative_event_id(const fs::path& file, const fs::path& root) {
    fs::path relative = file.lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") relative = file.filename();
    relative.replace_extension();
    std::string id = relative.generic_string();
    return id.empty() || id == "." ? file.filename().string() : id;
}

std::map<fs::path, std::string> unique_event_ids(const SourceFiles& files,
                                                 const std::function<bool(const std::string&)>& taken) {
    std::map<fs::path, std::string> ids;
    std::set<std::string> used;
    auto free = [&](const std::string& id) { return !used.contains(id) && !taken(id); };
    for (const fs::path& file : files.transcripts) {
        const auto root = files.roots.find(file);
        const fs::path root_path = root == files.roots.end() ? file.parent_path() : root->second;
        std::string id = relative_event_id(file, root_path);
        if (!free(id)) {
            std::error_code ec;
            fs::path folder = fs::absolute(root_path, ec).lexically_normal();
            if (folder.filename().empty()) folder = folder.parent_path();  // "corpus/" names "corpus"
            const std::string prefix = folder.filename().string();
            if (!prefix.empty() && free(prefix + "/" + id)) id = prefix + "/" + id;
        }
        const std::string base = id;
        for (int n = 2; !free(id); ++n) id = base + "~" + std::to_string(n);
        used.insert(id);
        ids.emplace(file, std::move(id));
    }
    return ids;
}

}  // namespace presser::ingest
