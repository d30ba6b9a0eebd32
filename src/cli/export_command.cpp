// presser export --index DIR --format vrt|tsv-turns|csv-turns|csv-exchanges|csv-hits|convokit|tei|conllu
//                [--cql QUERY | --subcorpus NAME | filters (--from, --speaker ...) and/or --within CQL-REGION]
//                [--out PATH] [--context N]
// Writes the whole index, a subcorpus or a query's hits in one of the field's formats (docs/export.md).
#include <iostream>
#include <memory>

#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/subcorpus_options.h"
#include "export/export.h"
#include "index/index.h"
#include "model/terminal_text.h"
#include "query/cql_parser.h"

namespace presser::cli {
namespace {

namespace fs = std::filesystem;

struct ExportArguments {
    std::string index;
    std::string format;
    std::string cql;
    std::string out;
    std::uint32_t context = 8;
    SubcorpusArguments subcorpus;
    unsigned threads = 0;
};

int fail(const std::string& message, int code = 1) {
    std::cerr << "presser export: " << terminal_safe(message) << "\n";
    return code;
}

int run_export(const ExportArguments& args) {
    const auto format = exports::parse_format(args.format);
    if (!format)
        return fail("--format: expected vrt, tsv-turns, csv-turns, csv-exchanges, csv-hits, convokit, tei or conllu, got '" + args.format + "'", 2);
    if (!args.cql.empty() && (!args.subcorpus.name.empty() || !args.subcorpus.within.empty()))
        return fail("--cql selects the query's hits; it cannot be combined with --subcorpus or --within (filters restrict the query)", 2);
    if (*format == exports::Format::csv_hits && args.cql.empty()) return fail("--format csv-hits writes one row per hit: give the query with --cql", 2);
    auto index = index::Index::open(args.index);
    if (!index) return fail(index.error().describe());

    exports::Selection selection;
    if (!args.cql.empty()) {
        auto parsed = query::cql::parse_cql(args.cql);
        if (!parsed) return fail("--cql: " + parsed.error().message, 2);
        query::QueryOptions options;
        options.filter = to_filter(args.subcorpus.filters);
        auto compiled = query::CorpusQuery::compile(index.value(), parsed.value(), options);
        if (!compiled) return fail("--cql: " + compiled.error().message, 2);
        auto selected = exports::select_query(index.value(), compiled.value(), args.cql);
        if (!selected) return fail(selected.error().message);
        selection = std::move(selected.value());
        if (!options.filter.empty()) {
            analysis::SubcorpusDefinition filters;
            filters.filter = options.filter;
            selection.description += " (" + analysis::describe(filters) + ")";
        }
    } else {
        const auto subcorpus = open_measured_subcorpus("export", index.value(), args.subcorpus, args.threads);
        if (!subcorpus) return 2;
        selection = exports::select_subcorpus(index.value(), *subcorpus);
    }
    const exports::ExportInfo info{exports::corpus_name(args.index), selection.description, exports::today()};

    // No --out: a single file goes to standard output, a ConvoKit corpus into a folder named for it here.
    if (args.out.empty() && *format != exports::Format::convokit) {
        std::ios::sync_with_stdio(false);
        auto written = exports::write_single(*format, index.value(), selection, info, std::cout, args.context);
        std::cout.flush();
        if (!written) return fail(written.error().describe());
        if (!std::cout) return fail("cannot write to standard output");
        return 0;
    }
    fs::path path = args.out.empty() ? fs::path(exports::file_name(*format, info, selection)) : fs::path(args.out);
    std::error_code error;
    // An existing folder receives the export under its descriptive name.
    if (fs::is_directory(path, error) && *format != exports::Format::convokit) path /= exports::file_name(*format, info, selection);
    auto written = exports::write_to_path(*format, index.value(), selection, info, path, args.context);
    if (!written) return fail(written.error().describe());
    std::cerr << "presser export: wrote " << terminal_safe(path.string());
    if (*format == exports::Format::vrt) std::cerr << " and its CWB registry " << terminal_safe(fs::path(path).replace_extension(".registry").string());
    std::cerr << " (" << terminal_safe(selection.description) << ")\n";
    return 0;
}

}  // namespace

std::function<int()> add_export_command(CLI::App& app) {
    auto args = std::make_shared<ExportArguments>();
    CLI::App* command = app.add_subcommand("export", "The whole index, a subcorpus or a query's hits as VRT, CSV/TSV, ConvoKit, TEI or CoNLL-U (docs/export.md)");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("--format", args->format, "vrt, tsv-turns, csv-turns, csv-exchanges, csv-hits, convokit, tei or conllu")->required();
    command->add_option("--cql", args->cql, "Export the turns this CQL query's hits touch (csv-hits: one row per hit)");
    command->add_option("--out", args->out, "File (or, for convokit, folder) to write; an existing folder receives the export under its descriptive name; default: standard output (convokit: a folder named for the export)");
    command->add_option("--context", args->context, "csv-hits: tokens of context either side")->capture_default_str()->check(at_least(0));
    add_subcorpus_options(command, args->subcorpus, "--subcorpus", "--within");
    command->add_option("--threads", args->threads, "Threads for resolving a subcorpus (default: all cores)")->check(at_least(0));
    return [args] { return run_export(*args); };
}

}  // namespace presser::cli
