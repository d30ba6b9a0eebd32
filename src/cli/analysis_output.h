// What the analysis commands (freq, keyness) print alike: subcorpus sizes, numbers in tables and TSV
// ("n/a" for an undefined value), and the subcorpus as JSON.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/subcorpus.h"

namespace presser::cli {

// "whole corpus: 1,234 tokens, 56 turns, 7 events" (the name first when it has one).
[[nodiscard]] std::string size_line(const analysis::Subcorpus& subcorpus);
// {"name", "definition", "tokens", "turns", "events"}.
[[nodiscard]] nlohmann::json subcorpus_json(const analysis::Subcorpus& subcorpus);
// A TSV field: tabs and line breaks become spaces, terminal controls are escaped.
[[nodiscard]] std::string tsv_field(std::string text);
// The shortest text that reads back as the same double, for TSV; "n/a" when undefined.
[[nodiscard]] std::string exact_number(std::optional<double> value);
// Fixed decimals for tables; "n/a" when undefined.
[[nodiscard]] std::string fixed_number(std::optional<double> value, int decimals);
// A JSON number, or null when undefined.
[[nodiscard]] nlohmann::json json_number(std::optional<double> value);
// Whether `format` is table, tsv or json; if not, says so on stderr, naming the command.
[[nodiscard]] bool valid_format(const std::string& command, const std::string& format);

}  // namespace presser::cli
