// presser freq --index DIR [--attr lower] [--subcorpus NAME | filters | --within CQL] [--match REGEX]
//              [--min-freq N] [--sort frequency|term|range|dispersion] [--offset N --limit N] [--format table|tsv|json]
#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

#include "analysis/analysis_json.h"
#include "analysis/frequency_list.h"
#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/progress.h"
#include "cli/subcorpus_options.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct FreqArguments {
    std::string index;
    std::string attribute = "lower";
    SubcorpusArguments subcorpus;
    std::string match;
    std::uint64_t min_frequency = 1;
    std::string sort = "frequency";
    std::uint64_t offset = 0;
    std::uint64_t limit = 100;
    bool all = false;
    std::string format = "table";
    unsigned threads = 0;
};

int fail(const std::string& message, int code) {
    std::cerr << "presser freq: " << terminal_safe(message) << "\n";
    return code;
}

int run_freq(const FreqArguments& args) {
    const auto began = std::chrono::steady_clock::now();
    if (!valid_format("freq", args.format)) return 2;
    const auto attribute = valid_attribute("freq", args.attribute);
    if (!attribute) return 2;
    const auto sort = analysis::parse_frequency_sort(args.sort);
    if (!sort) return fail("--sort '" + args.sort + "': expected frequency, term, range or dispersion", 2);
    auto index = index::Index::open(args.index);
    if (!index) return fail(index.error().describe(), 1);
    auto subcorpus = open_measured_subcorpus("freq", index.value(), args.subcorpus, args.threads);
    if (!subcorpus) return 2;

    analysis::FrequencyOptions options;
    options.attribute = *attribute;
    options.threads = args.threads;
    std::unique_ptr<Progress> bar;
    if (isatty(STDERR_FILENO) && subcorpus->size.tokens > (8u << 20)) {
        bar = std::make_unique<Progress>("counting", subcorpus->size.tokens, true);
        options.progress = [&bar, last = std::make_shared<std::atomic<std::uint64_t>>(0)](std::uint64_t done, std::uint64_t) {
            const auto before = last->exchange(done);
            if (done > before) bar->advance(done - before, 0, done - before);
        };
    }
    analysis::RowSelection selection;
    selection.match = args.match;
    selection.min_frequency = args.min_frequency;
    selection.sort = *sort;
    selection.offset = args.offset;
    selection.limit = args.all ? UINT64_MAX : args.limit;
    if (auto invalid = analysis::invalid_term_pattern(selection.match)) return fail("--match: " + invalid->message, 2);
    auto page = analysis::frequency_page(index.value(), subcorpus->spans, options, selection);
    if (bar) bar->finish();
    if (!page) return fail(page.error().message, 1);

    if (args.format == "json") {
        analysis::Paging paging{.offset = args.offset, .limit = args.all ? std::nullopt : std::optional<std::uint64_t>(args.limit),
                                .took_ms = elapsed_ms(began)};
        std::cout << analysis::frequency_json(*attribute, subcorpus.value(), page.value(), paging).dump(2) << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        std::cout << "# " << size_line(subcorpus.value()) << "; " << page->total_rows << " rows\n";
        std::cout << "term\tfrequency\tper_million\tevents\tturns\tjuilland_d\tgries_dp\n";
        for (const auto& row : page->rows)
            std::cout << tsv_field(row.term) << '\t' << row.frequency << '\t' << tsv_number(row.per_million) << '\t' << row.events << '\t'
                      << row.turns << '\t' << tsv_number(row.juilland_d) << '\t' << tsv_number(row.gries_dp) << '\n';
        return 0;
    }
    std::cout << size_line(subcorpus.value()) << "\n"
              << args.attribute << " frequency list: rows " << std::min(args.offset + 1, page->total_rows) << "-"
              << args.offset + page->rows.size() << " of " << page->total_rows << "\n";
    std::cout << std::left << std::setw(30) << args.attribute << std::right << std::setw(12) << "freq" << std::setw(12) << "per mil"
              << std::setw(9) << "events" << std::setw(9) << "turns" << std::setw(9) << "D" << std::setw(9) << "DP" << "\n";
    for (const auto& row : page->rows)
        std::cout << std::left << std::setw(30) << terminal_safe(row.term) << std::right << std::setw(12) << row.frequency << std::setw(12)
                  << table_number(row.per_million, 2) << std::setw(9) << row.events << std::setw(9) << row.turns << std::setw(9)
                  << table_number(row.juilland_d, 4) << std::setw(9) << table_number(row.gries_dp, 4) << "\n";
    return 0;
}

}  // namespace

std::function<int()> add_freq_command(CLI::App& app) {
    auto args = std::make_shared<FreqArguments>();
    CLI::App* command = app.add_subcommand("freq", "Frequency list of a subcorpus: frequency, per million, range, dispersion (D, DP)");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("--attr", args->attribute, "Token attribute: word, lower or lemma")->capture_default_str();
    add_subcorpus_options(command, args->subcorpus);
    command->add_option("--match", args->match, "Only terms containing a match of this RE2 regex (anchor with ^ and $)");
    command->add_option("--min-freq", args->min_frequency, "Only terms at least this frequent")->capture_default_str()->check(at_least(1));
    command->add_option("--sort", args->sort, "frequency, term, range or dispersion (DP, most even first)")->capture_default_str();
    command->add_option("--offset", args->offset, "Rows to skip")->capture_default_str()->check(at_least(0));
    command->add_option("--limit", args->limit, "Rows to print")->capture_default_str()->check(at_least(1));
    command->add_flag("--all", args->all, "Print every row (no --limit)");
    command->add_option("--format", args->format, "table, tsv or json")->capture_default_str();
    command->add_option("--threads", args->threads, "Threads (default: all cores)")->check(at_least(0));
    return [args] { return run_freq(*args); };
}

}  // namespace presser::cli
