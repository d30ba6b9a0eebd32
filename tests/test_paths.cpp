#include "test_paths.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace presser::testing {

std::filesystem::path source_dir() { return PRESSER_SOURCE_DIR; }
std::filesystem::path fixtures_dir() { return source_dir() / "tests" / "fixtures"; }

std::filesystem::path shared_dir() {
    if (const char* configured = std::getenv("PRESSER_SHARED")) return configured;
    std::filesystem::path candidate = source_dir().parent_path() / "shared";
    return std::filesystem::is_directory(candidate / "corpora") ? candidate : std::filesystem::path{};
}

std::filesystem::path presser_binary() { return PRESSER_BINARY; }

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace presser::testing
