#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"

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
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // --help and --version exit 0; every bad command line exits 2 (CLI11's own codes are 100-127).
        return app.exit(error) == 0 ? 0 : 2;
    }
    if (app.got_subcommand("parse")) return run_parse();
    if (app.got_subcommand("index")) return run_index();
    if (app.got_subcommand("query")) return run_query();
    if (app.got_subcommand("search")) return run_search();
    if (app.got_subcommand("people")) return run_people();
    if (app.got_subcommand("outlets")) return run_outlets();
    if (app.got_subcommand("freq")) return run_freq();
    if (app.got_subcommand("keyness")) return run_keyness();
    if (app.got_subcommand("subcorpus")) return run_subcorpus();
    if (app.got_subcommand("colloc")) return run_colloc();
    if (app.got_subcommand("ngrams")) return run_ngrams();
    if (app.got_subcommand("serve")) return run_serve();
    return 2;
}
