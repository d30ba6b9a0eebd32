#include "index_test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>

#include "ingest/parser.h"
#include "ingest/source_files.h"
#include "test_paths.h"
#include "text/analyzer.h"

namespace presser::testing {

ScratchDir::ScratchDir(const std::string& name) {
    path_ = std::filesystem::temp_directory_path() / ("presser-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

ExpectedCounts expected_counts(const std::vector<std::string>& inputs) {
    ExpectedCounts counts;
    text::Analyzer analyzer;
    std::vector<text::Token> tokens;
    const auto files = ingest::collect_source_files(inputs);
    const auto ids = ingest::unique_event_ids(files, [](const std::string&) { return false; });
    for (const auto& path : files.transcripts) {
        ingest::ParseOptions options;
        options.event_id = ids.at(path);  // as `index build` names them
        auto events = ingest::parse_file(path, options);
        if (!events) continue;
        for (const auto& event : events.value()) {
            ++counts.events;
            std::uint64_t event_tokens = 0;
            for (const auto& turn : event.turns)
                for (const auto& paragraph : turn.paragraphs) {
                    tokens.clear();
                    analyzer.tokenize(paragraph.text, event.language, tokens);
                    event_tokens += tokens.size();
                }
            counts.tokens += event_tokens;
            counts.tokens_by_event[event.id] += event_tokens;
        }
    }
    return counts;
}

int run_presser(const std::vector<std::string>& args, std::string* output) {
    std::string command = presser_binary().string();
    for (const auto& arg : args) {
        command += " '";
        for (char c : arg) command += c == '\'' ? std::string("'\\''") : std::string(1, c);
        command += "'";
    }
    command += " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    std::array<char, 4096> buffer{};
    std::string text;
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) text.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    if (output != nullptr) *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace presser::testing
