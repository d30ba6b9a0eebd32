#include "cli/measure_output.h"

#include <cstdio>
#include <iostream>

#include "analysis/subcorpus_store.h"
#include "model/terminal_text.h"

namespace presser::cli {

bool check_measure_format(std::string_view command, std::string_view format) {
    if (format == "table" || format == "tsv" || format == "json") return true;
    std::cerr << "presser " << command << ": --format: expected table, tsv or json, got '" << terminal_safe(std::string(format)) << "'\n";
    return false;
}

std::optional<index::Attribute> check_measure_attribute(std::string_view command, std::string_view name) {
    if (auto attribute = index::parse_attribute(name)) return attribute;
    std::cerr << "presser " << command << ": --attr: unknown attribute '" << terminal_safe(std::string(name))
              << "': expected word, lower or lemma\n";
    return std::nullopt;
}

std::string tsv_text(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return terminal_safe(out);
}

std::string measure_tsv(std::optional<double> value) {
    if (!value) return "";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", *value);
    return buffer;
}

std::string measure_cell(std::optional<double> value, int decimals) {
    if (!value) return "n/a";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *value);
    return buffer;
}

std::optional<analysis::Subcorpus> open_measured_subcorpus(std::string_view command, const index::Index& index,
                                                           const SubcorpusArguments& args, unsigned threads) {
    auto subcorpus = resolve_subcorpus(index, args, "--subcorpus", threads);
    if (!subcorpus) {
        std::cerr << "presser " << command << ": subcorpus: " << terminal_safe(subcorpus.error().message) << "\n";
        return std::nullopt;
    }
    if (subcorpus->size.tokens == 0) {
        std::cerr << "presser " << command << ": subcorpus " << terminal_safe(analysis::subcorpus_label(*subcorpus))
                  << " is empty: nothing to measure\n";
        return std::nullopt;
    }
    return std::move(subcorpus.value());
}

nlohmann::json measure_json(std::optional<double> value) { return value ? nlohmann::json(*value) : nlohmann::json(nullptr); }

}  // namespace presser::cli
