// presser keyness --index DIR [--target NAME | filters | --within CQL] [--reference rest|NAME]
//                 [--reference-index DIR] [--attr lemma] [--alpha 0.05|none] [--bonferroni] [--min-freq N]
//                 [--sort log-likelihood|log-ratio] [--limit N] [--format table|tsv|json]
#include <unistd.h>

#include <atomic>
#include <iomanip>
#include <iostream>
#include <memory>

#include "analysis/keyness.h"
#include "analysis/keyness_counts.h"
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

nlohmann::json row_json(const analysis::KeywordRow& row) {
    return {{"term", row.term},
            {"target_frequency", row.target_frequency},
            {"reference_frequency", row.reference_frequency},
            {"target_per_million", row.target_per_million},
            {"reference_per_million", row.reference_per_million},
            {"log_likelihood", row.log_likelihood},
            {"log_ratio", json_number(row.log_ratio)},
            {"percent_diff", json_number(row.percent_diff)}};
}

int run_keyness(const KeynessArguments& args) {
    if (!valid_format("keyness", args.format)) return 2;
    const auto attribute = index::parse_attribute(args.attribute);
    if (!attribute) return fail("--attr '" + args.attribute + "': expected word, lower or lemma", 2);
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
    const index::Index& reference_index = other ? other->value() : index.value();
    analysis::Subcorpus reference;
    if (args.reference == "rest") {
        if (other) {
            auto whole = analysis::resolve_subcorpus(reference_index, {}, "", args.threads);
            if (!whole) return fail(whole.error().message, 1);
            reference = std::move(whole.value());
        } else {
            reference = analysis::rest_of_corpus(index.value(), target.value());
        }
    } else {
        auto saved = analysis::open_subcorpus(reference_index, args.reference, args.threads);
        if (!saved) return fail("--reference: " + saved.error().message, 2);
        reference = std::move(saved.value());
    }
    if (auto checked = analysis::check_comparison(target.value(), reference, !other); !checked) return fail(checked.error().message, 2);

    analysis::FrequencyOptions counting;
    counting.attribute = *attribute;
    counting.threads = args.threads;
    const bool rest = args.reference == "rest" && !other;
    const auto to_read = target->size.tokens + (analysis::reads_reference(index.value(), reference_index, rest) ? reference.size.tokens : 0);
    std::unique_ptr<Progress> bar;
    if (isatty(STDERR_FILENO) && to_read > (8u << 20)) {
        bar = std::make_unique<Progress>("counting", to_read, true);
        counting.progress = [&bar, last = std::make_shared<std::atomic<std::uint64_t>>(0)](std::uint64_t done, std::uint64_t) {
            const auto before = last->exchange(done);
            if (done > before) bar->advance(done - before, 0, done - before);
        };
    }
    auto counts = analysis::keyness_counts(index.value(), target->spans, reference_index, reference.spans, rest, counting);
    if (bar) bar->finish();
    if (!counts) return fail(counts.error().message, 1);
    const auto table = analysis::keyness(counts->target, counts->reference, options);

    auto page = [&](const std::vector<analysis::KeywordRow>& rows) {
        return std::vector<analysis::KeywordRow>(rows.begin(), rows.begin() + std::min<std::size_t>(rows.size(), args.limit));
    };
    if (args.format == "json") {
        nlohmann::json positive = nlohmann::json::array(), negative = nlohmann::json::array();
        for (const auto& row : page(table.positive)) positive.push_back(row_json(row));
        for (const auto& row : page(table.negative)) negative.push_back(row_json(row));
        nlohmann::json out = {{"attribute", args.attribute},
                              {"target", subcorpus_json(target.value())},
                              {"reference", subcorpus_json(reference)},
                              {"types_compared", table.types_compared},
                              {"alpha", table.alpha},
                              {"bonferroni", args.bonferroni},
                              {"critical_value", table.critical_value},
                              {"positive_total", table.positive.size()},
                              {"negative_total", table.negative.size()},
                              {"positive", std::move(positive)},
                              {"negative", std::move(negative)}};
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        std::cout << "# target " << size_line(target.value()) << "\n# reference " << size_line(reference) << "\n# "
                  << table.types_compared << " types compared; critical G2 " << exact_number(table.critical_value) << " (alpha "
                  << exact_number(table.alpha) << ")\n";
        std::cout << "keyword\tterm\ttarget_frequency\treference_frequency\ttarget_per_million\treference_per_million\tlog_likelihood\tlog_ratio\tpercent_diff\n";
        auto print = [&](const char* sign, const std::vector<analysis::KeywordRow>& rows) {
            for (const auto& row : page(rows))
                std::cout << sign << '\t' << tsv_field(row.term) << '\t' << row.target_frequency << '\t' << row.reference_frequency << '\t'
                          << exact_number(row.target_per_million) << '\t' << exact_number(row.reference_per_million) << '\t'
                          << exact_number(row.log_likelihood) << '\t' << exact_number(row.log_ratio) << '\t' << exact_number(row.percent_diff)
                          << '\n';
        };
        print("positive", table.positive);
        print("negative", table.negative);
        return 0;
    }
    std::cout << "target    " << size_line(target.value()) << "\nreference " << size_line(reference) << "\n"
              << table.types_compared << " " << args.attribute << " types compared; ";
    if (table.critical_value > 0) std::cout << "G2 >= " << fixed_number(table.critical_value, 2) << " (p < " << exact_number(table.alpha) << ")\n";
    else std::cout << "no significance threshold\n";
    auto print = [&](const char* title, const std::vector<analysis::KeywordRow>& rows) {
        std::cout << "\n" << title << " (" << rows.size() << ")\n"
                  << std::left << std::setw(26) << args.attribute << std::right << std::setw(10) << "target" << std::setw(10) << "ref"
                  << std::setw(11) << "tgt/mil" << std::setw(11) << "ref/mil" << std::setw(11) << "G2" << std::setw(9) << "logratio"
                  << std::setw(10) << "%DIFF" << "\n";
        for (const auto& row : page(rows))
            std::cout << std::left << std::setw(26) << terminal_safe(row.term) << std::right << std::setw(10) << row.target_frequency
                      << std::setw(10) << row.reference_frequency << std::setw(11) << fixed_number(row.target_per_million, 1) << std::setw(11)
                      << fixed_number(row.reference_per_million, 1) << std::setw(11) << fixed_number(row.log_likelihood, 2) << std::setw(9)
                      << fixed_number(row.log_ratio, 3) << std::setw(10) << fixed_number(row.percent_diff, 1) << "\n";
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
