// presser ngrams --index DIR --n 3 [--attr lower] [--min-freq N] [--min-range N] [--min-turns N] [--max-dp X]
//                [--containing T] [--offset N --limit N] [--format table|tsv|json] [--progress]
//                [--subcorpus NAME | filters (--from, --speaker ...) and/or --within CQL-REGION]
#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

#include "analysis/ngrams.h"
#include "analysis/analysis_json.h"
#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/progress.h"
#include "index/index.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct NgramArguments {
    std::string index;
    unsigned n = 3;
    std::string attribute = "lower";
    std::uint64_t min_freq = 1, min_range = 0, min_turns = 0;
    std::optional<double> max_dp;
    std::string containing;
    std::uint64_t offset = 0, limit = 50;
    std::string format = "table";
    SubcorpusArguments subcorpus;
    unsigned threads = 0;
    bool progress = false;
};

int run_ngrams(const NgramArguments& args) {
    const auto began = std::chrono::steady_clock::now();
    if (!valid_format("ngrams", args.format)) return 2;
    const auto attribute = valid_attribute("ngrams", args.attribute);
    if (!attribute) return 2;
    if (args.n < analysis::kMinNgram || args.n > analysis::kMaxNgram) {
        std::cerr << "presser ngrams: --n: expected " << analysis::kMinNgram << " to " << analysis::kMaxNgram << ", got " << args.n << "\n";
        return 2;
    }
    if (args.max_dp && !(*args.max_dp >= 0 && *args.max_dp <= 1)) {
        std::cerr << "presser ngrams: --max-dp: expected a number from 0 to 1\n";
        return 2;
    }
    auto index = index::Index::open(args.index);
    if (!index) {
        std::cerr << "presser ngrams: " << terminal_safe(index.error().describe()) << "\n";
        return 1;
    }
    analysis::NgramOptions options;
    options.attribute = *attribute;
    options.n = args.n;
    options.min_frequency = args.min_freq;
    options.min_events = args.min_range;
    options.min_turns = args.min_turns;
    options.max_dp = args.max_dp;
    options.containing = args.containing;
    options.threads = args.threads;
    const auto subcorpus = open_measured_subcorpus("ngrams", index.value(), args.subcorpus, args.threads);
    if (!subcorpus) return 2;
    Progress progress("ngrams", 1000, args.progress || ::isatty(STDERR_FILENO));
    std::uint64_t shown = 0;  // thousandths of the work drawn so far (only thread 0 reports)
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
        const auto now = total ? done * 1000 / total : 0;
        if (now > shown) progress.advance(now - shown, 0);
        shown = std::max(shown, now);
    };
    auto table = analysis::ngrams(index.value(), subcorpus->spans, options);
    progress.finish();
    if (!table) {
        std::cerr << "presser ngrams: " << terminal_safe(table.error().message) << "\n";
        return 1;
    }
    const auto& t = table.value();
    const auto first = std::min<std::uint64_t>(args.offset, t.rows.size());
    const auto last = args.limit == 0 ? t.rows.size() : std::min<std::uint64_t>(t.rows.size(), first + args.limit);
    if (args.format == "json") {
        const analysis::Paging paging{.offset = args.offset, .limit = args.limit ? std::optional<std::uint64_t>(args.limit) : std::nullopt,
                                      .took_ms = elapsed_ms(began)};
        std::cout << analysis::ngrams_json(options, subcorpus.value(), t, paging).dump(2) << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        std::cout << "ngram\tfrequency\tper_million\tevents\tturns\tgries_dp\n";
        for (auto i = first; i < last; ++i) {
            const auto& row = t.rows[i];
            std::cout << tsv_field(row.ngram) << '\t' << row.frequency << '\t' << tsv_number(row.frequency * 1e6 / std::max<double>(1, t.tokens))
                      << '\t' << row.events << '\t' << row.turns << '\t' << tsv_number(row.dp) << '\n';
        }
        return 0;
    }
    std::cout << (subcorpus->name.empty() && subcorpus->definition.whole_corpus() ? std::string("whole corpus") : terminal_safe(analysis::subcorpus_label(*subcorpus))) << ": " << t.rows.size() << " " << args.n << "-grams of " << args.attribute
              << " in " << t.tokens << " tokens, " << t.events << " events\n";
    std::cout << std::left << std::setw(44) << "n-gram" << std::right << std::setw(10) << "freq" << std::setw(12) << "per million"
              << std::setw(8) << "events" << std::setw(8) << "turns" << std::setw(7) << "DP" << "\n";
    for (auto i = first; i < last; ++i) {
        const auto& row = t.rows[i];
        std::cout << std::left << std::setw(44) << terminal_safe(row.ngram) << std::right << std::setw(10) << row.frequency << std::setw(12)
                  << table_number(row.frequency * 1e6 / std::max<double>(1, t.tokens), 2) << std::setw(8) << row.events << std::setw(8)
                  << row.turns << std::setw(7) << table_number(row.dp, 3) << "\n";
    }
    if (last - first < t.rows.size()) std::cerr << "showing " << last - first << " of " << t.rows.size() << " n-grams (--offset, --limit)\n";
    std::cout << std::fixed << std::setprecision(1) << elapsed_ms(began) << " ms\n";
    return 0;
}

}  // namespace

std::function<int()> add_ngrams_command(CLI::App& app) {
    auto args = std::make_shared<NgramArguments>();
    CLI::App* command = app.add_subcommand("ngrams", "N-grams of 2 to 6 tokens with frequency, range and dispersion (docs/analysis.md)");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("--n", args->n, "Tokens per n-gram, 2 to 6")->capture_default_str();
    command->add_option("--attr", args->attribute, "word, lower or lemma")->capture_default_str();
    command->add_option("--min-freq", args->min_freq, "Least frequency")->capture_default_str()->check(at_least(1));
    command->add_option("--min-range", args->min_range, "Least number of events it occurs in")->capture_default_str()->check(at_least(0));
    command->add_option("--min-turns", args->min_turns, "Least number of turns it occurs in")->capture_default_str()->check(at_least(0));
    command->add_option("--max-dp", args->max_dp, "Most Gries' DP over events (0: even, 1: all in one event)");
    command->add_option("--containing", args->containing, "Only n-grams with this term (of --attr) as a token");
    command->add_option("--offset", args->offset, "Rows to skip")->capture_default_str()->check(at_least(0));
    command->add_option("--limit", args->limit, "Rows to print (0: all)")->capture_default_str()->check(at_least(0));
    command->add_option("--format", args->format, "table, tsv or json")->capture_default_str();
    add_subcorpus_options(command, args->subcorpus, "--subcorpus", "--within");
    command->add_option("--threads", args->threads, "Threads (default: all cores)")->check(at_least(0));
    command->add_flag("--progress", args->progress, "Progress on stderr even when it is not a terminal");
    return [args] { return run_ngrams(*args); };
}

}  // namespace presser::cli
