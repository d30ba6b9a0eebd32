#include "cli/analysis_output.h"

#include <charconv>
#include <cstdio>
#include <iostream>

#include "model/terminal_text.h"

namespace presser::cli {

double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

std::string size_line(const analysis::Subcorpus& subcorpus) {
    const auto& size = subcorpus.size;
    std::string label = subcorpus.name.empty() ? analysis::describe(subcorpus.definition)
                                               : subcorpus.name + " (" + analysis::describe(subcorpus.definition) + ")";
    if (subcorpus.name == "rest" && subcorpus.definition.whole_corpus()) label = "rest of the corpus";
    return terminal_safe(label) + ": " + std::to_string(size.tokens) + " tokens, " + std::to_string(size.turns) + " turns, " +
           std::to_string(size.events) + " events";
}

std::string tsv_field(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return terminal_safe(out);
}

std::string tsv_number(std::optional<double> value) {
    if (!value) return "";
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *value);
    return error == std::errc() ? std::string(buffer, end) : "";
}

std::string table_number(std::optional<double> value, int decimals) {
    if (!value) return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *value);
    return buffer;
}

bool valid_format(std::string_view command, std::string_view format) {
    if (format == "table" || format == "tsv" || format == "json") return true;
    std::cerr << "presser " << command << ": --format '" << terminal_safe(std::string(format)) << "': expected table, tsv or json\n";
    return false;
}

std::optional<index::Attribute> valid_attribute(std::string_view command, std::string_view name) {
    if (auto attribute = index::parse_attribute(name)) return attribute;
    std::cerr << "presser " << command << ": --attr: unknown attribute '" << terminal_safe(std::string(name))
              << "': expected word, lower or lemma\n";
    return std::nullopt;
}

std::optional<analysis::Subcorpus> open_measured_subcorpus(std::string_view command, const index::Index& index,
                                                           const SubcorpusArguments& args, unsigned threads,
                                                           const std::string& name_option) {
    auto subcorpus = resolve_subcorpus(index, args, name_option, threads);
    if (!subcorpus) {
        std::cerr << "presser " << command << ": " << terminal_safe(subcorpus.error().message) << "\n";
        return std::nullopt;
    }
    if (subcorpus->size.tokens == 0) {
        std::cerr << "presser " << command << ": " << terminal_safe(analysis::subcorpus_label(*subcorpus))
                  << " is empty (0 tokens): expected a subcorpus with tokens\n";
        return std::nullopt;
    }
    return std::move(subcorpus.value());
}

}  // namespace presser::cli
