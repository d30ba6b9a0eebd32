// What presser colloc and presser ngrams share: --format checking, --attr parsing, undefined values
// in each format, TSV fields, and progress on stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analysis/subcorpus.h"
#include "cli/subcorpus_options.h"
#include "index/index.h"
#include "index/segment_files.h"

namespace presser::cli {

// "table", "tsv" or "json"; otherwise prints "presser COMMAND: --format ..." and returns false.
[[nodiscard]] bool check_measure_format(std::string_view command, std::string_view format);
// word, lower or lemma; otherwise prints "presser COMMAND: --attr: unknown attribute ..." and returns nullopt.
[[nodiscard]] std::optional<index::Attribute> check_measure_attribute(std::string_view command, std::string_view name);
// A field of a TSV row: tabs and line breaks as spaces, control characters escaped.
[[nodiscard]] std::string tsv_text(std::string_view text);
// A number for TSV (full precision) and tables (`decimals`); "" (TSV) and "n/a" (table) when undefined.
[[nodiscard]] std::string measure_tsv(std::optional<double> value);
[[nodiscard]] std::string measure_cell(std::optional<double> value, int decimals);
[[nodiscard]] nlohmann::json measure_json(std::optional<double> value);
// The subcorpus saved as `name` (presser subcorpus save), or the whole live corpus when `name` is empty;
// prints "presser COMMAND: ..." naming it and returns nullopt when it does not exist or is empty.
[[nodiscard]] std::optional<analysis::Subcorpus> open_measured_subcorpus(std::string_view command, const index::Index& index,
                                                                         const SubcorpusArguments& args, unsigned threads);

}  // namespace presser::cli
