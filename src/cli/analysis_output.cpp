#include "cli/analysis_output.h"

#include <charconv>
#include <cstdio>
#include <iostream>

#include "model/terminal_text.h"

namespace presser::cli {

std::string size_line(const analysis::Subcorpus& subcorpus) {
    const auto& size = subcorpus.size;
    std::string label = subcorpus.name.empty() ? analysis::describe(subcorpus.definition)
                                               : subcorpus.name + " (" + analysis::describe(subcorpus.definition) + ")";
    if (subcorpus.name == "rest" && subcorpus.definition.whole_corpus()) label = "rest of the corpus";
    return terminal_safe(label) + ": " + std::to_string(size.tokens) + " tokens, " + std::to_string(size.turns) + " turns, " +
           std::to_string(size.events) + " events";
}

nlohmann::json subcorpus_json(const analysis::Subcorpus& subcorpus) {
    return {{"name", subcorpus.name},
            {"definition", analysis::definition_json(subcorpus.definition)},
            {"tokens", subcorpus.size.tokens},
            {"turns", subcorpus.size.turns},
            {"events", subcorpus.size.events}};
}

std::string tsv_field(std::string text) {
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return terminal_safe(text);
}

std::string exact_number(std::optional<double> value) {
    if (!value) return "n/a";
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *value);
    return error == std::errc() ? std::string(buffer, end) : "n/a";
}

std::string fixed_number(std::optional<double> value, int decimals) {
    if (!value) return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *value);
    return buffer;
}

nlohmann::json json_number(std::optional<double> value) { return value ? nlohmann::json(*value) : nlohmann::json(nullptr); }

bool valid_format(const std::string& command, const std::string& format) {
    if (format == "table" || format == "tsv" || format == "json") return true;
    std::cerr << "presser " << command << ": --format '" << terminal_safe(format) << "': expected table, tsv or json\n";
    return false;
}

}  // namespace presser::cli
