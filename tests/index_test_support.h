// Helpers shared by the index tests: scratch directories, and token/event counts computed from the
// parser and the analyzer directly, independently of the index, to check what the index reports.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace presser::testing {

// A fresh empty directory under the system temp dir, removed at destruction.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name);
    ~ScratchDir();
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct ExpectedCounts {
    std::uint64_t events = 0;
    std::uint64_t tokens = 0;
    std::map<std::string, std::uint64_t> tokens_by_event;  // event id -> tokens
};

// Parses every transcript under `inputs` and tokenizes every paragraph.
[[nodiscard]] ExpectedCounts expected_counts(const std::vector<std::string>& inputs);

// Runs `presser ARGS...`; returns its exit status (stdout/stderr into `output` when given).
int run_presser(const std::vector<std::string>& args, std::string* output = nullptr);

}  // namespace presser::testing
