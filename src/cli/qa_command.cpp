// presser qa --index DIR [--by official|outlet|journalist|month|event] [--topic QUERY] [--where COND]...
//            [--lexicon FILE] [--limit N] [--format table|tsv|json]
//            [--subcorpus NAME | filters (--from, --speaker ...) and/or --within CQL-REGION]
#include <iostream>
#include <memory>

#include "analysis/qa_json.h"
#include "analysis/qa_stats.h"
#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "index/index.h"
#include "model/terminal_table.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct QaArguments {
    std::string index;
    std::string by = "official";
    std::string topic;
    std::vector<std::string> where;
    std::string lexicon;
    std::uint64_t limit = 30;
    std::string format = "table";
    SubcorpusArguments subcorpus;
    unsigned threads = 0;
};

std::optional<double> fraction(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? std::nullopt : std::optional<double>(static_cast<double>(part) / static_cast<double>(whole));
}
std::optional<double> rate(std::uint64_t part, std::uint64_t whole) {
    const auto f = fraction(part, whole);
    return f ? std::optional<double>(100.0 * *f) : std::nullopt;
}

int run_qa(const QaArguments& args) {
    if (!valid_format("qa", args.format)) return 2;
    analysis::QaOptions options;
    const auto by = analysis::parse_qa_grouping(args.by);
    if (!by) {
        std::cerr << "presser qa: --by: expected official, outlet, journalist, month or event, got '" << terminal_safe(args.by) << "'\n";
        return 2;
    }
    options.by = *by;
    options.limit = args.limit;
    for (const auto& text : args.where) {
        auto condition = analysis::parse_qa_condition(text);
        if (!condition) {
            std::cerr << "presser qa: --where: " << terminal_safe(condition.error().message) << "\n";
            return 2;
        }
        options.where.push_back(condition.value());
    }
    std::optional<analysis::DeflectionLexicon> lexicon;
    if (!args.lexicon.empty()) {
        auto loaded = analysis::DeflectionLexicon::load(args.lexicon);
        if (!loaded) {
            std::cerr << "presser qa: --lexicon: " << terminal_safe(loaded.error().describe()) << "\n";
            return 2;
        }
        lexicon = std::move(loaded.value());
        options.lexicon = &*lexicon;
    }
    auto index = index::Index::open(args.index);
    if (!index) {
        std::cerr << "presser qa: " << terminal_safe(index.error().describe()) << "\n";
        return 1;
    }
    analysis::QaRequestEcho echo;
    echo.topic = args.topic;
    echo.where = args.where;
    if (!args.lexicon.empty()) echo.lexicon = args.lexicon;
    if (!args.subcorpus.name.empty() || !definition_of(args.subcorpus).whole_corpus()) {
        const auto subcorpus = open_measured_subcorpus("qa", index.value(), args.subcorpus, args.threads);
        if (!subcorpus) return 2;
        options.scope = subcorpus->spans;
        echo.subcorpus = analysis::subcorpus_label(*subcorpus);
    }
    if (!args.topic.empty()) {
        auto hits = analysis::topic_hits(index.value(), args.topic, args.threads);
        if (!hits) {
            std::cerr << "presser qa: --topic: " << terminal_safe(hits.error().message) << "\n";
            return 2;
        }
        options.topic = std::move(hits.value());
        options.has_topic = true;
    }
    auto table = analysis::qa_stats(index.value(), options);
    if (!table) {
        std::cerr << "presser qa: " << terminal_safe(table.error().message) << "\n";
        return 1;
    }
    const auto& t = table.value();
    if (args.format == "json") {
        std::cout << analysis::qa_json(t, echo).dump(2) << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        std::cout << args.by << "\texchanges\tshare\tevents\tper_event\tfirst_in_event\tnamed_by_moderator\tfollowups\tunanswered"
                     "\tquestion_tokens_mean\tanswer_tokens_median\tanswer_tokens_p90\ttimed\tanswer_seconds_median\twith_lexicon\tdeflected\tdeflection_rate\n";
        auto row = [&](const analysis::QaGroup& g) {
            std::cout << tsv_field(g.key) << '\t' << g.exchanges << '\t' << tsv_number(fraction(g.exchanges, t.totals.exchanges))
                      << '\t' << g.events << '\t' << tsv_number(fraction(g.exchanges, g.events))
                      << '\t' << g.first_in_event << '\t' << g.named_by_moderator << '\t' << g.followups << '\t' << g.unanswered << '\t'
                      << tsv_number(fraction(g.question_tokens, g.exchanges)) << '\t'
                      << g.answer_tokens_median << '\t' << g.answer_tokens_p90 << '\t' << g.timed << '\t'
                      << (g.timed ? std::to_string(g.answer_seconds_median) : "") << '\t' << g.with_lexicon << '\t' << g.deflected << '\t'
                      << tsv_number(fraction(g.deflected, g.with_lexicon)) << '\n';
        };
        row(t.totals);
        for (const auto& g : t.groups) row(g);
        return 0;
    }
    std::cout << t.totals.exchanges << " exchanges in " << t.totals.events << " events, by " << args.by;
    if (!echo.topic.empty()) std::cout << ", topic " << terminal_safe(echo.topic);
    if (!echo.subcorpus.empty()) std::cout << ", " << terminal_safe(echo.subcorpus);
    std::cout << " (lexicon: " << terminal_safe(echo.lexicon) << "; signals are indications, not verdicts: docs/qa.md)\n";
    const std::vector<TableColumn> columns{{args.by, Align::left},        {"exchanges", Align::right},  {"share%", Align::right},
                                           {"events", Align::right},      {"per event", Align::right},  {"first", Align::right},
                                           {"follow-up%", Align::right},  {"unanswered", Align::right}, {"answer med", Align::right},
                                           {"p90", Align::right},         {"deflected%", Align::right}};
    std::vector<std::vector<std::string>> rows;
    auto row = [&](const analysis::QaGroup& g) {
        rows.push_back({terminal_safe(g.key), std::to_string(g.exchanges), table_number(rate(g.exchanges, t.totals.exchanges), 1),
                        std::to_string(g.events), table_number(fraction(g.exchanges, g.events), 2), std::to_string(g.first_in_event),
                        table_number(rate(g.followups, g.exchanges), 1), std::to_string(g.unanswered),
                        std::to_string(g.answer_tokens_median), std::to_string(g.answer_tokens_p90),
                        table_number(rate(g.deflected, g.with_lexicon), 1)});
    };
    row(t.totals);
    for (const auto& g : t.groups) row(g);
    std::cout << format_table(columns, rows);
    if (t.groups.size() < t.groups_total) std::cerr << "showing " << t.groups.size() << " of " << t.groups_total << " groups (--limit)\n";
    return 0;
}

}  // namespace

std::function<int()> add_qa_command(CLI::App& app) {
    auto args = std::make_shared<QaArguments>();
    CLI::App* command = app.add_subcommand("qa", "Questions and answers measured: who asks, how officials answer, events (docs/qa.md)");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("--by", args->by, "official, outlet, journalist, month or event")->capture_default_str();
    command->add_option("--topic", args->topic, "Only exchanges on a topic: words (each must occur) or cql:PATTERN");
    command->add_option("--where", args->where, "A numeric condition on an exchange column, e.g. answer_tokens>=100 (repeatable)");
    command->add_option("--lexicon", args->lexicon, "A deflection lexicon file (label<TAB>CQL pattern) instead of the built-in one");
    command->add_option("--limit", args->limit, "Groups to print (0: all)")->capture_default_str()->check(at_least(0));
    command->add_option("--format", args->format, "table, tsv or json")->capture_default_str();
    add_subcorpus_options(command, args->subcorpus, "--subcorpus", "--within");
    command->add_option("--threads", args->threads, "Threads for the topic query (default: all cores)")->check(at_least(0));
    return [args] { return run_qa(*args); };
}

}  // namespace presser::cli
