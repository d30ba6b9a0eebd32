#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "index/mapping_faults.h"

namespace {

// A command whose index file was truncated under it read zeros for that file's lost pages (mapping_faults.h):
// whatever it printed is not to be trusted, so it fails.
int checked(int code) {
    const auto faulted = presser::index::first_faulted_mapping();
    if (!faulted) return code;
    std::cerr << "presser: " << faulted->string()
              << ": the index file was truncated or replaced while presser read it; the output is incomplete or wrong: run the "
                 "command again (rebuild the index if the file is damaged)\n";
    return 1;
}

int run(CLI::App& app, const std::vector<std::pair<const char*, std::function<int()>>>& commands) {
    for (const auto& [name, command] : commands)
        if (app.got_subcommand(name)) return checked(command());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"presser: press conferences made searchable and measurable"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "presser 0.1.0");
    auto run_parse = presser::cli::add_parse_command(app);
    auto run_index = presser::cli::add_index_command(app);
    auto run_query = presser::cli::add_query_command(app);
    auto run_search = presser::cli::add_search_command(app);
    auto run_people = presser::cli::add_people_command(app);
    auto run_outlets = presser::cli::add_outlets_command(app);
    auto run_freq = presser::cli::add_freq_command(app);
    auto run_keyness = presser::cli::add_keyness_command(app);
    auto run_subcorpus = presser::cli::add_subcorpus_command(app);
    auto run_colloc = presser::cli::add_colloc_command(app);
    auto run_ngrams = presser::cli::add_ngrams_command(app);
    auto run_serve = presser::cli::add_serve_command(app);
    auto run_qa = presser::cli::add_qa_command(app);
    auto run_export = presser::cli::add_export_command(app);
    auto run_talking_points = presser::cli::add_talking_points_command(app);
    auto run_similar = presser::cli::add_similar_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // --help and --version exit 0; every bad command line exits 2 (CLI11's own codes are 100-127).
        return app.exit(error) == 0 ? 0 : 2;
    }
    return run(app, {{"parse", run_parse}, {"index", run_index}, {"query", run_query}, {"search", run_search},
                     {"people", run_people}, {"outlets", run_outlets}, {"freq", run_freq}, {"keyness", run_keyness},
                     {"subcorpus", run_subcorpus}, {"colloc", run_colloc}, {"ngrams", run_ngrams}, {"serve", run_serve},
                     {"qa", run_qa}, {"export", run_export}, {"talking-points", run_talking_points}, {"similar", run_similar}});
}
