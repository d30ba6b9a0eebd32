#include "analysis/subcorpus_store.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "index/file_io.h"

namespace presser::analysis {
namespace {

namespace fs = std::filesystem;

fs::path file_of(const fs::path& index_directory, const std::string& name) {
    return index_directory / kSubcorporaFolder / (name + ".json");
}

Error unknown_name(const fs::path& index_directory, const std::string& name) {
    auto names = list_subcorpora(index_directory);
    std::string saved;
    if (names)
        for (const auto& known : names.value()) saved += (saved.empty() ? "" : ", ") + known;
    return plain_error("no subcorpus named '" + name + "' in " + index_directory.string() + ": " +
                       (saved.empty() ? "none is saved (presser subcorpus save NAME ...)" : "the saved ones are " + saved));
}

}  // namespace

std::string subcorpus_name_problem(const std::string& name) {
    const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
    if (name.empty() || name.size() > 64 || !allowed || name.front() == '.')
        return "subcorpus name '" + name + "': expected 1-64 letters, digits, '-', '_' or '.', not starting with '.'";
    return "";
}

Result<bool> save_subcorpus(const fs::path& index_directory, const std::string& name, const SubcorpusDefinition& definition) {
    if (auto problem = subcorpus_name_problem(name); !problem.empty()) return plain_error(problem);
    std::error_code error;
    const auto folder = index_directory / kSubcorporaFolder;
    fs::create_directories(folder, error);
    if (error) return Error{folder.string(), std::nullopt, std::nullopt, "cannot create the subcorpora folder: " + error.message()};
    nlohmann::json out = definition_json(definition);
    out["name"] = name;
    return index::write_file_atomically(file_of(index_directory, name), out.dump(2) + "\n");
}

Result<std::vector<std::string>> list_subcorpora(const fs::path& index_directory) {
    std::vector<std::string> names;
    const auto folder = index_directory / kSubcorporaFolder;
    std::error_code error;
    if (!fs::exists(folder, error)) return names;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        const auto file = entry.path().filename().string();
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        const auto name = file.substr(0, file.size() - 5);
        if (subcorpus_name_problem(name).empty()) names.push_back(name);
    }
    if (error) return Error{folder.string(), std::nullopt, std::nullopt, "cannot list the subcorpora: " + error.message()};
    std::sort(names.begin(), names.end());
    return names;
}

Result<SubcorpusDefinition> load_subcorpus(const fs::path& index_directory, const std::string& name) {
    if (auto problem = subcorpus_name_problem(name); !problem.empty()) return plain_error(problem);
    const auto path = file_of(index_directory, name);
    std::ifstream in(path, std::ios::binary);
    if (!in) return unknown_name(index_directory, name);
    std::stringstream text;
    text << in.rdbuf();
    const auto json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded()) return Error{path.string(), std::nullopt, std::nullopt, "not valid JSON: expected a saved subcorpus definition"};
    auto definition = parse_definition(json);
    if (!definition) return Error{path.string(), std::nullopt, std::nullopt, definition.error().message};
    return definition;
}

Result<bool> delete_subcorpus(const fs::path& index_directory, const std::string& name) {
    if (auto problem = subcorpus_name_problem(name); !problem.empty()) return plain_error(problem);
    std::error_code error;
    if (!fs::remove(file_of(index_directory, name), error)) {
        if (error) return Error{file_of(index_directory, name).string(), std::nullopt, std::nullopt, "cannot delete: " + error.message()};
        return unknown_name(index_directory, name);
    }
    return true;
}

Result<Subcorpus> open_subcorpus(const index::Index& index, const std::string& name, unsigned threads) {
    auto definition = load_subcorpus(index.directory(), name);
    if (!definition) return definition.error();
    auto resolved = resolve_subcorpus(index, definition.value(), name, threads);
    if (!resolved) return plain_error("subcorpus '" + name + "': " + resolved.error().message);
    return resolved;
}

}  // namespace presser::analysis
