// presser colloc --index DIR CQL [--window N | --left N --right N | --within s|turn] [--attr lower]
//                [--subcorpus NAME | filters (--from, --speaker ...) and/or --region CQL-REGION]
//                [--measure logdice|mi|mi3|t|ll|freq] [--min-freq N] [--min-collocate-freq N] [--limit N]
//                [--format table|tsv|json]
#include <chrono>
#include <iomanip>
#include <iostream>

#include "analysis/collocations.h"
#include "analysis/analysis_json.h"
#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "index/index.h"
#include "model/terminal_text.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"

namespace presser::cli {
namespace {

struct CollocArguments {
    std::string index, cql;
    std::optional<std::uint32_t> window, left, right;
    std::string within;
    std::string attribute = "lower";
    std::string measure = "logdice";
    std::uint64_t min_freq = 1, min_collocate_freq = 1;
    std::uint64_t limit = 50;
    std::string format = "table";
    SubcorpusArguments subcorpus;
    unsigned threads = 0;
};

int run_colloc(const CollocArguments& args) {
    const auto began = std::chrono::steady_clock::now();
    if (!valid_format("colloc", args.format)) return 2;
    const auto attribute = valid_attribute("colloc", args.attribute);
    if (!attribute) return 2;
    const auto measure = analysis::parse_measure(args.measure);
    if (!measure) {
        std::cerr << "presser colloc: --measure: unknown measure '" << terminal_safe(args.measure) << "': expected "
                  << analysis::kMeasuresExpected << "\n";
        return 2;
    }
    analysis::CollocationOptions options;
    options.attribute = *attribute;
    options.sort = *measure;
    options.min_cooccurrence = args.min_freq;
    options.min_collocate_frequency = args.min_collocate_freq;
    options.limit = args.limit;
    options.threads = args.threads;
    options.node_cql = args.cql;
    if (args.window) options.left = options.right = *args.window;
    if (args.left) options.left = *args.left;
    if (args.right) options.right = *args.right;
    if (!args.within.empty()) {
        if (args.within != "s" && args.within != "turn") {
            std::cerr << "presser colloc: --within: expected s or turn, got '" << terminal_safe(args.within) << "'\n";
            return 2;
        }
        if (args.window || args.left || args.right) {
            std::cerr << "presser colloc: --within replaces the window: give either --within or --window/--left/--right\n";
            return 2;
        }
        options.within = *index::parse_structure(args.within);
    }
    auto parsed = query::cql::parse_cql(args.cql);
    if (!parsed) {
        std::cerr << "presser colloc: " << terminal_safe(parsed.error().message) << "\n";
        return 2;
    }
    auto index = index::Index::open(args.index);
    if (!index) {
        std::cerr << "presser colloc: " << terminal_safe(index.error().describe()) << "\n";
        return 1;
    }
    auto compiled = query::CorpusQuery::compile(index.value(), parsed.value());
    if (!compiled) {
        std::cerr << "presser colloc: " << terminal_safe(compiled.error().message) << "\n";
        return 2;
    }
    const auto subcorpus = open_measured_subcorpus("colloc", index.value(), args.subcorpus, args.threads);
    if (!subcorpus) return 2;
    auto table = analysis::collocations(*compiled.value(), subcorpus->spans, options);
    if (!table) {
        std::cerr << "presser colloc: " << terminal_safe(table.error().message) << "\n";
        return 1;
    }
    const auto& t = table.value();
    const std::string attr_name(index::to_string(*attribute));
    if (args.format == "json") {
        const analysis::Paging paging{.offset = 0, .limit = args.limit ? std::optional<std::uint64_t>(args.limit) : std::nullopt,
                                      .took_ms = elapsed_ms(began)};
        std::cout << analysis::collocations_json(args.cql, options, subcorpus.value(), t, paging).dump(2) << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        std::cout << "collocate\tcooccurrences\tcollocate_frequency\tnode_frequency\tcorpus_tokens\tlogdice\tmi\tmi3\tt\tll\tcql\n";
        for (const auto& row : t.rows)
            std::cout << tsv_field(row.collocate) << '\t' << row.cooccurrences << '\t' << row.collocate_frequency << '\t' << t.nodes << '\t'
                      << t.corpus_tokens << '\t' << tsv_number(row.logdice) << '\t' << tsv_number(row.mi) << '\t' << tsv_number(row.mi3)
                      << '\t' << tsv_number(row.t_score) << '\t' << tsv_number(row.log_likelihood) << '\t' << tsv_field(row.cql) << '\n';
        return 0;
    }
    std::cout << (subcorpus->name.empty() && subcorpus->definition.whole_corpus() ? std::string("whole corpus") : terminal_safe(analysis::subcorpus_label(*subcorpus))) << ": " << t.nodes << " nodes, " << t.corpus_tokens << " tokens, " << t.collocates << " collocates of " << attr_name << " ("
              << (options.within ? "within " + args.within : "window -" + std::to_string(options.left) + " +" + std::to_string(options.right))
              << "), by " << analysis::to_string(*measure) << "\n";
    std::cout << std::left << std::setw(28) << "collocate" << std::right << std::setw(10) << "f(node,c)" << std::setw(11) << "f(c)"
              << std::setw(9) << "logDice" << std::setw(8) << "MI" << std::setw(8) << "MI3" << std::setw(9) << "t" << std::setw(11) << "LL" << "\n";
    for (const auto& row : t.rows)
        std::cout << std::left << std::setw(28) << terminal_safe(row.collocate) << std::right << std::setw(10) << row.cooccurrences
                  << std::setw(11) << row.collocate_frequency << std::setw(9) << table_number(row.logdice, 2) << std::setw(8)
                  << table_number(row.mi, 2) << std::setw(8) << table_number(row.mi3, 2) << std::setw(9) << table_number(row.t_score, 2)
                  << std::setw(11) << table_number(row.log_likelihood, 1) << "\n";
    if (t.collocates > t.rows.size()) std::cerr << "showing " << t.rows.size() << " of " << t.collocates << " collocates (--limit)\n";
    std::cout << std::fixed << std::setprecision(1) << elapsed_ms(began) << " ms\n";
    return 0;
}

}  // namespace

std::function<int()> add_colloc_command(CLI::App& app) {
    auto args = std::make_shared<CollocArguments>();
    CLI::App* command = app.add_subcommand("colloc", "Collocations of a CQL query's matches (docs/analysis.md)");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("cql", args->cql, "The node query (CQL, docs/cql.md)")->required();
    command->add_option("--window", args->window, "Window of N tokens each side (default 5)")->check(at_least(0));
    command->add_option("--left", args->left, "Tokens before the node")->check(at_least(0));
    command->add_option("--right", args->right, "Tokens after the node")->check(at_least(0));
    command->add_option("--within", args->within, "The window is the node's s or turn");
    command->add_option("--attr", args->attribute, "Collocates by word, lower or lemma")->capture_default_str();
    command->add_option("--measure", args->measure, "Sort by logdice, mi, mi3, t, ll or freq")->capture_default_str();
    command->add_option("--min-freq", args->min_freq, "Least co-occurrence frequency")->capture_default_str()->check(at_least(1));
    command->add_option("--min-collocate-freq", args->min_collocate_freq, "Least frequency of the collocate in the corpus")
        ->capture_default_str()
        ->check(at_least(1));
    command->add_option("--limit", args->limit, "Rows to print (0: all)")->capture_default_str()->check(at_least(0));
    command->add_option("--format", args->format, "table, tsv or json")->capture_default_str();
    add_subcorpus_options(command, args->subcorpus, "--subcorpus", "--region");
    command->add_option("--threads", args->threads, "Threads (default: all cores)")->check(at_least(0));
    return [args] { return run_colloc(*args); };
}

}  // namespace presser::cli
