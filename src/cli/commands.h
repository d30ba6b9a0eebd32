// presser's subcommands: each registers itself on the CLI11 app and runs when chosen.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace presser::cli {

// Adds `presser parse` to `app`; returns the function that runs it (exit code).
std::function<int()> add_parse_command(CLI::App& app);

// Adds `presser index build|merge|info|check`.
std::function<int()> add_index_command(CLI::App& app);

// Adds `presser query`: CQL over an index (KWIC, counts, distributions).
std::function<int()> add_query_command(CLI::App& app);
// Adds `presser search`.
std::function<int()> add_search_command(CLI::App& app);
// Adds `presser people` and `presser outlets`: corpus-wide identities with counts.
std::function<int()> add_people_command(CLI::App& app);
std::function<int()> add_outlets_command(CLI::App& app);
// Adds `presser freq` (frequency lists), `presser keyness` and `presser subcorpus save|list|show|delete`.
std::function<int()> add_freq_command(CLI::App& app);
std::function<int()> add_keyness_command(CLI::App& app);
std::function<int()> add_subcorpus_command(CLI::App& app);
// Adds `presser colloc` and `presser ngrams` (docs/analysis.md).
std::function<int()> add_colloc_command(CLI::App& app);
std::function<int()> add_ngrams_command(CLI::App& app);
// Adds `presser qa`: question-and-answer aggregates (docs/qa.md).
std::function<int()> add_qa_command(CLI::App& app);
// Adds `presser export`: the field's formats (docs/export.md).
std::function<int()> add_export_command(CLI::App& app);
// Adds `presser talking-points build|list|show` and `presser similar` (docs/talking-points.md).
std::function<int()> add_talking_points_command(CLI::App& app);
std::function<int()> add_similar_command(CLI::App& app);
// Adds `presser serve`: the HTTP JSON API and the web UI.
std::function<int()> add_serve_command(CLI::App& app);

}  // namespace presser::cli
