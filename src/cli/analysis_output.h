// What the analysis commands (freq, keyness, colloc, ngrams) share: checking --format and --attr, opening
// the measured subcorpus, the size line of tables, and numbers and text in tables and TSV. Their JSON is the
// library's (analysis/analysis_json.h), the same as the API's.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/subcorpus.h"
#include "cli/subcorpus_options.h"
#include "index/index.h"
#include "index/segment_files.h"

namespace presser::cli {

// Milliseconds since `since`, for took_ms.
[[nodiscard]] double elapsed_ms(std::chrono::steady_clock::time_point since);
// "whole corpus: 1,234 tokens, 56 turns, 7 events" (the name first when it has one).
[[nodiscard]] std::string size_line(const analysis::Subcorpus& subcorpus);
// A TSV field: tabs and line breaks become spaces, terminal controls are escaped.
[[nodiscard]] std::string tsv_field(std::string_view text);
// The shortest text that reads back as the same double; "" (an empty field: NA in R and pandas) when undefined.
[[nodiscard]] std::string tsv_number(std::optional<double> value);
// Fixed decimals for tables; "n/a" when undefined.
[[nodiscard]] std::string table_number(std::optional<double> value, int decimals);
// Whether `format` is table, tsv or json; if not, says so on stderr, naming the command.
[[nodiscard]] bool valid_format(std::string_view command, std::string_view format);
// word, lower or lemma; otherwise prints "presser COMMAND: --attr: unknown attribute ..." and returns nullopt.
[[nodiscard]] std::optional<index::Attribute> valid_attribute(std::string_view command, std::string_view name);
// The subcorpus the options choose (the whole live corpus without any); prints "presser COMMAND: ..." naming
// it and returns nullopt when it does not exist, does not resolve, or is empty.
[[nodiscard]] std::optional<analysis::Subcorpus> open_measured_subcorpus(std::string_view command, const index::Index& index,
                                                                         const SubcorpusArguments& args, unsigned threads,
                                                                         const std::string& name_option = "--subcorpus");

}  // namespace presser::cli
