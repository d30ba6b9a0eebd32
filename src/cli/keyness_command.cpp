// presser keyness --index DIR [--target NAME | filters | --within CQL] [--reference rest|NAME]
//                 [--reference-index DIR] [--attr lemma] [--n 1-4] [--alpha 0.05|none] [--bonferroni] [--min-freq N]
//                 [--sort log-likelihood|log-ratio] [--limit N] [--format table|tsv|json]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

#include "analysis/analysis_json.h"
#include "analysis/keyness_comparison.h"
#include "analysis/subcorpus_store.h"
#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/progress.h"
#include "cli/subcorpus_options.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct KeynessArguments {
    std::string index;
    std::string attribute = "lemma";
    unsigned n = 1;
    SubcorpusArguments target;
    std::string reference = "rest";
    std::string reference_index;
    std::string alpha = "0.05";
    bool bonferroni = false;
    std::uint64_t min_frequency = 1;
    std::string sort = "log-likelihood";
    std::uint64_t limit = 50;
    std::string format = "table";
    unsigned threads = 0;
};

int fail(const std::string& message, int code) {
    std::cerr << "presser keyness: " << terminal_safe(message) << "\n";
    return code;
}

std::optional<double> parse_alpha(const std::string& text) {
    if (text == "none") return 0.0;
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size() && value > 0 && value < 1) return value;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

int run_keyness(const KeynessArguments& args) {
    const auto began = std::chrono::steady_clock::now();
    if (!valid_format("keyness", args.format)) return 2;
    const auto attribute = valid_attribute("keyness", args.attribute);
    if (!attribute) return 2;
    const auto alpha = parse_alpha(args.alpha);
    if (!alpha) return fail("--alpha '" + args.alpha + "': expected a probability between 0 and 1 (0.05, 0.01, 0.001) or none", 2);
    analysis::KeynessOptions options;
    options.alpha = *alpha;
    options.bonferroni = args.bonferroni;
    options.min_frequency = args.min_frequency;
    if (args.sort == "log-ratio") options.sort = analysis::KeynessOptions::Sort::log_ratio;
    else if (args.sort != "log-likelihood") return fail("--sort '" + args.sort + "': expected log-likelihood or log-ratio", 2);

    auto index = index::Index::open(args.index);
    if (!index) return fail(index.error().describe(), 1);
    auto target = resolve_subcorpus(index.value(), args.target, "--target", args.threads);
    if (!target) return fail(target.error().message, 2);

    std::optional<Result<index::Index>> other;
    if (!args.reference_index.empty()) {
        other.emplace(index::Index::open(args.reference_index));
        if (!other->ok()) return fail("--reference-index: " + other->error().describe(), 1);
    }
    analysis::KeynessReference reference;
    if (other) reference.index = &other->value();
    if (args.reference != "rest") {
        auto saved = analysis::open_subcorpus(reference.index ? *reference.index : index.value(), args.reference, args.threads);
        if (!saved) return fail("--reference: " + saved.error().message, 2);
        reference.subcorpus = std::move(saved.value());
    }
    analysis::KeynessRequest request;
    request.attribute = *attribute;
    request.n = args.n;
    request.options = options;
    request.threads = args.threads;
    // Thousandths of the counting, whichever sides are read (progress on a terminal only).
    Progress progress("counting", 1000, ::isatty(STDERR_FILENO) != 0);
    std::atomic<std::uint64_t> shown{0};  // called from the counting threads
    request.progress = [&](std::uint64_t done, std::uint64_t total) {
        const auto now = total ? std::min<std::uint64_t>(1000, done * 1000 / total) : 0;
        auto before = shown.load();
        while (now > before && !shown.compare_exchange_weak(before, now)) {
        }
        if (now > before) progress.advance(now - before, 0);
    };
    auto compared = analysis::compare_keyness(index.value(), std::move(target.value()), std::move(reference), request);
    progress.finish();
    if (!compared) return fail(compared.error().message, compared.error().code == ErrorCode::failed ? 2 : 1);
    const auto& table = compared->table;
    const auto& reference_side = compared->reference;
    const auto& target_side = compared->target;

    auto page = [&](const std::vector<analysis::KeywordRow>& rows) {
        return std::vector<analysis::KeywordRow>(rows.begin(), rows.begin() + std::min<std::size_t>(rows.size(), args.limit));
    };
    if (args.format == "json") {
        const analysis::Paging paging{.offset = 0, .limit = args.limit, .took_ms = elapsed_ms(began)};
        std::cout << analysis::keyness_json(*attribute, compared.value(), args.bonferroni, paging).dump(2) << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        std::cout << "# target " << size_line(target_side) << "\n# reference " << size_line(reference_side) << "\n# "
                  << table.types_compared << " types compared; critical G2 " << tsv_number(table.critical_value) << " (alpha "
                  << tsv_number(table.alpha) << ")\n";
        std::cout << "keyword\tterm\ttarget_frequency\treference_frequency\ttarget_per_million\treference_per_million\tlog_likelihood\tlog_ratio\tpercent_diff\n";
        auto print = [&](const char* sign, const std::vector<analysis::KeywordRow>& rows) {
            for (const auto& row : page(rows))
                std::cout << sign << '\t' << tsv_field(row.term) << '\t' << row.target_frequency << '\t' << row.reference_frequency << '\t'
                          << tsv_number(row.target_per_million) << '\t' << tsv_number(row.reference_per_million) << '\t'
                          << tsv_number(row.log_likelihood) << '\t' << tsv_number(row.log_ratio) << '\t' << tsv_number(row.percent_diff)
                          << '\n';
        };
        print("positive", table.positive);
        print("negative", table.negative);
        return 0;
    }
    std::cout << "target    " << size_line(target_side) << "\nreference " << size_line(reference_side) << "\n"
              << table.types_compared << " " << args.attribute << (args.n > 1 ? " " + std::to_string(args.n) + "-gram" : std::string()) << " types compared; ";
    if (table.critical_value > 0) std::cout << "G2 >= " << table_number(table.critical_value, 2) << " (p < " << tsv_number(table.alpha) << ")\n";
    else std::cout << "no significance threshold\n";
    auto print = [&](const char* title, const std::vector<analysis::KeywordRow>& rows) {
        std::cout << "\n" << title << " (" << rows.size() << ")\n"
                  << std::left << std::setw(26) << (args.n > 1 ? std::to_string(args.n) + "-gram" : args.attribute) << std::right << std::setw(10) << "target" << std::setw(10) << "ref"
                  << std::setw(11) << "tgt/mil" << std::setw(11) << "ref/mil" << std::setw(11) << "G2" << std::setw(9) << "logratio"
                  << std::setw(10) << "%DIFF" << "\n";
        for (const auto& row : page(rows))
            std::cout << std::left << std::setw(26) << terminal_safe(row.term) << std::right << std::setw(10) << row.target_frequency
                      << std::setw(10) << row.reference_frequency << std::setw(11) << table_number(row.target_per_million, 1) << std::setw(11)
                      << table_number(row.reference_per_million, 1) << std::setw(11) << table_number(row.log_likelihood, 2) << std::setw(9)
                      << table_number(row.log_ratio, 3) << std::setw(10) << table_number(row.percent_diff, 1) << "\n";
    };
    print("positive keywords", table.positive);
    print("negative keywords", table.negative);
    return 0;
}

}  // namespace

std::function<int()> add_keyness_command(CLI::App& app) {
    auto args = std::make_shared<KeynessArguments>();
    CLI::App* command = app.add_subcommand("keyness", "Keywords of a target subcorpus against a reference: G2, log ratio, %DIFF");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("--attr", args->attribute, "Token attribute: word, lower or lemma")->capture_default_str();
    command->add_option("--n", args->n, "1: keywords; 2 to 4: key n-grams of that many tokens")->capture_default_str();
    add_subcorpus_options(command, args->target, "--target");
    command->add_option("--reference", args->reference, "rest (the corpus minus the target) or a saved subcorpus")->capture_default_str();
    command->add_option("--reference-index", args->reference_index, "Compare with another index (its whole corpus, or --reference NAME saved in it)");
    command->add_option("--alpha", args->alpha, "Significance level (0.05, 0.01, 0.001 ...) or none")->capture_default_str();
    command->add_flag("--bonferroni", args->bonferroni, "Divide alpha by the number of types compared");
    command->add_option("--min-freq", args->min_frequency, "Minimum frequency where the term is relatively more frequent")->capture_default_str()->check(at_least(1));
    command->add_option("--sort", args->sort, "log-likelihood or log-ratio")->capture_default_str();
    command->add_option("--limit", args->limit, "Keywords printed per side")->capture_default_str()->check(at_least(1));
    command->add_option("--format", args->format, "table, tsv or json")->capture_default_str();
    command->add_option("--threads", args->threads, "Threads (default: all cores)")->check(at_least(0));
    return [args] { return run_keyness(*args); };
}

}  // namespace presser::cli
