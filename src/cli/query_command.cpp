// presser query --index DIR 'CQL' [--kwic|--count|--group-by X] [filters] [--format table|tsv|json]
#include <chrono>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/hit_breakdown.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/subcorpus_options.h"
#include "index/index.h"
#include "model/terminal_table.h"
#include "model/terminal_text.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/hit_sample.h"
#include "query/sorted_page.h"
#include "query/option_values.h"

namespace presser::cli {
namespace {

struct QueryArguments {
    std::string index;
    std::string cql;
    bool kwic = false;
    bool count = false;
    std::string group_by;
    std::uint32_t context = 8;
    bool turn_context = false;
    std::string sort;
    std::optional<std::uint64_t> sample;
    std::uint64_t seed = 1;
    std::string matching = "standard";
    std::uint64_t page = 1;
    std::uint64_t page_size = 50;
    std::string format = "table";
    std::string default_attribute = "word";
    std::uint64_t timeout_ms = 0;
    unsigned threads = 0;
    FilterArguments filters;
};

std::string tsv_field(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n') c = ' ';
    return terminal_safe(s);
}

nlohmann::json line_json(const query::KwicLine& line) {
    nlohmann::json j = {{"segment", line.hit.segment}, {"start", line.hit.start}, {"end", line.hit.end},
                        {"left", line.left},           {"match", line.match},     {"right", line.right},
                        {"speaker", line.speaker},     {"role", line.role},       {"outlet", line.outlet},
                        {"date", line.date},           {"event", line.event_id},  {"source", line.source},
                        {"office", line.office},       {"event_title", line.event_title}};
    if (line.source_begin) j["source_bytes"] = {*line.source_begin, *line.source_end};
    nlohmann::json labels = nlohmann::json::object();
    for (const auto& label : line.labels) labels[label.name] = {{"start", label.start}, {"end", label.end}, {"text", label.text}};
    j["labels"] = std::move(labels);
    return j;
}

// The TSV cell of each label the query defines (its words; empty when the hit left it unbound).
std::string label_cells(const std::vector<std::string>& names, const query::KwicLine& line) {
    std::string out;
    for (const auto& name : names) {
        out += '\t';
        for (const auto& label : line.labels)
            if (label.name == name) out += tsv_field(label.text);
    }
    return out;
}

// A KWIC line's context in at most `width` terminal columns: the end of the left context, right-aligned,
// and the start of the right one.
std::string left_context(const std::string& text, std::size_t width) {
    return fit_to_width(terminal_safe(text), width, Align::right, true);
}

std::string right_context(const std::string& text, std::size_t width) {
    std::string safe = terminal_safe(text);
    return display_width(safe) <= width ? safe : fit_to_width(safe, width, Align::left);
}

// --group-by match.ATTR: the hits by their own forms (analysis/hit_breakdown.h).
template <typename Elapsed, typename Fail>
int print_breakdown(const QueryArguments& args, const index::Index& index, const query::CorpusQuery& q, const analysis::MatchGroupBy& by,
                    std::optional<analysis::LabelPosition> label, const Elapsed& elapsed_ms, const Fail& fail) {
    // Per million of the corpus searched: known when no metadata filter narrows it.
    const bool filtered = !q.options().filter.empty();
    auto breakdown = analysis::hit_breakdown(q, by, filtered ? std::nullopt : std::optional<std::uint64_t>(index.tokens()), args.threads, label);
    if (!breakdown) return fail(breakdown.error());
    const auto& rows = breakdown->rows;
    if (args.format == "json") {
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& row : rows) {
            nlohmann::json j = {{"value", row.form}, {"hits", row.hits}, {"share", row.share}};
            j["per_million"] = row.per_million ? nlohmann::json(*row.per_million) : nlohmann::json(nullptr);
            groups.push_back(std::move(j));
        }
        std::cout << nlohmann::json{{"query", args.cql}, {"group_by", args.group_by}, {"hits", breakdown->hits}, {"distinct", rows.size()},
                                    {"matching", std::string(query::to_string(q.options().matching))}, {"total_ms", elapsed_ms()},
                                    {"groups", std::move(groups)}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        std::cout << "value\thits\tshare\tper_million\n";
        for (const auto& row : rows)
            std::cout << tsv_field(row.form) << '\t' << row.hits << '\t' << row.share << '\t'
                      << (row.per_million ? std::to_string(*row.per_million) : std::string()) << '\n';
        return 0;
    }
    std::cout << std::left << std::setw(40) << terminal_safe(args.group_by) << std::right << std::setw(10) << "hits" << std::setw(10) << "%"
              << std::setw(14) << "per million" << "\n";
    for (const auto& row : rows) {
        std::cout << std::left << std::setw(40) << terminal_safe(row.form) << std::right << std::setw(10) << row.hits << std::setw(10)
                  << std::fixed << std::setprecision(2) << row.share * 100 << std::setw(14);
        if (row.per_million) std::cout << std::setprecision(2) << *row.per_million;
        else std::cout << "n/a";
        std::cout << "\n";
    }
    std::cout << breakdown->hits << " hits, " << rows.size() << " distinct forms (" << std::fixed << std::setprecision(1) << elapsed_ms()
              << " ms)\n";
    return 0;
}

int run_query(const QueryArguments& args) {
    const auto began = std::chrono::steady_clock::now();
    if (args.format != "table" && args.format != "tsv" && args.format != "json") {
        std::cerr << "presser query: --format must be table, tsv or json\n";
        return 2;
    }
    query::cql::CqlOptions parse_options;
    parse_options.default_attribute = args.default_attribute;
    auto parsed = query::cql::parse_cql(args.cql, parse_options);
    if (!parsed) {
        std::cerr << "presser query: " << parsed.error().message << "\n";
        return 2;
    }
    std::vector<query::SortKey> sort;
    if (!args.sort.empty()) {
        auto keys = query::parse_sort_keys(args.sort);
        if (!keys) {
            std::cerr << "presser query: --sort: " << keys.error().message << "\n";
            return 2;
        }
        sort = std::move(keys.value());
    }
    const auto matching = query::parse_matching_strategy(args.matching);
    if (!matching) {
        std::cerr << "presser query: --matching: unknown strategy '" << args.matching << "': expected standard, shortest, longest or all\n";
        return 2;
    }
    std::optional<query::GroupBy> group;
    std::optional<analysis::MatchGroupBy> match_group;
    std::optional<analysis::LabelPosition> label_position;
    if (auto by_match = analysis::parse_match_group_by(args.group_by)) {
        if (!*by_match) {
            std::cerr << "presser query: " << terminal_safe(by_match->error().message) << "\n";
            return 2;
        }
        match_group = by_match->value();
        if (!match_group->label.empty()) {
            auto position = analysis::label_position(parsed.value(), match_group->label);
            if (!position) {
                std::cerr << "presser query: " << terminal_safe(position.error().message) << "\n";
                return 2;
            }
            label_position = position.value();
        }
    } else if (!args.group_by.empty()) {
        auto by = query::parse_group_by(args.group_by);
        if (!by) {
            std::cerr << "presser query: " << by.error().message << "\n";
            return 2;
        }
        group = by.value();
    }
    auto index = index::Index::open(args.index);
    if (!index) {
        std::cerr << "presser query: " << terminal_safe(index.error().describe()) << "\n";
        return 1;
    }
    if (group) {
        if (const auto problem = query::group_by_problem(index.value(), *group); !problem.empty()) {
            std::cerr << "presser query: --group-by " << terminal_safe(args.group_by) << ": " << terminal_safe(problem) << "\n";
            return 2;
        }
    }
    query::QueryOptions options;
    options.matching = *matching;
    options.filter = to_filter(args.filters);
    if (args.timeout_ms) options.deadline = began + std::chrono::milliseconds(args.timeout_ms);
    auto compiled = query::CorpusQuery::compile(index.value(), parsed.value(), options);
    if (!compiled) {
        std::cerr << "presser query: " << terminal_safe(compiled.error().message) << "\n";
        return 2;
    }
    const auto& q = *compiled.value();
    // What the query was compiled with, so that every count names the strategy that made it.
    const std::string strategy(query::to_string(q.options().matching));
    auto fail = [](const Error& error) {
        std::cerr << "presser query: " << terminal_safe(error.message) << "\n";
        return error.code == ErrorCode::timed_out || error.code == ErrorCode::cancelled ? 3 : 1;
    };
    auto elapsed_ms = [&] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
    };
    if (match_group) return print_breakdown(args, index.value(), q, *match_group, label_position, elapsed_ms, fail);
    const bool kwic = args.kwic || (!args.count && !group);
    const std::uint64_t first = (std::max<std::uint64_t>(args.page, 1) - 1) * args.page_size;
    nlohmann::json out = nlohmann::json::object();
    out["query"] = query::cql::to_string(parsed.value());
    out["matching"] = strategy;

    std::optional<query::HitCounts> sorted_counts;
    if (args.sample && *args.sample > query::kMaxSampleLines) {
        std::cerr << "presser query: --sample: at most " << query::kMaxSampleLines << " lines, got " << *args.sample << "\n";
        return 2;
    }

    if (kwic) {
        std::vector<query::IndexHit> page;
        if (args.sample) {
            // The sample is drawn from every hit, then sorted (or left in corpus order) and paged.
            auto sample = query::sample_hits(q, *args.sample, args.seed, args.threads);
            if (!sample) return fail(sample.error());
            query::sort_hits(index.value(), sample->hits, sort, std::max<std::uint32_t>(args.context, 1));
            for (auto i = first; i < sample->hits.size() && i < first + args.page_size; ++i) page.push_back(sample->hits[i]);
            sorted_counts = sample->counts;
            out["sample"] = {{"size", sample->hits.size()}, {"seed", args.seed}};
            if (args.format == "table")
                std::cout << "a random sample of " << sample->hits.size() << " of " << sample->counts.hits << " hits, seed " << args.seed << "\n";
        } else if (!sort.empty()) {
            auto sorted = query::sorted_page(q, sort, first, args.page_size, std::max<std::uint32_t>(args.context, 1), args.threads);
            if (!sorted) return fail(sorted.error());
            page = std::move(sorted->hits);
            sorted_counts = sorted->counts;
        } else {
            // Stream: the page is printed before the total is known.
            auto hits = q.page(first, args.page_size);
            if (!hits) return fail(hits.error());
            page = std::move(hits.value());
        }
        query::KwicOptions kwic_options{args.context, args.turn_context};
        nlohmann::json lines = nlohmann::json::array();
        const auto label_names = q.label_names();
        if (args.format == "tsv") {
            std::cout << "left\tmatch\tright\tspeaker\trole\toutlet\tdate\tevent\tsource\tsource_bytes";
            for (const auto& name : label_names) std::cout << "\tlabel." << tsv_field(name);
            std::cout << '\n';
        }
        for (const auto& line : query::kwic_lines(index.value(), page, kwic_options, args.threads ? args.threads : 2, &q)) {
            if (args.format == "json") {
                lines.push_back(line_json(line));
            } else if (args.format == "tsv") {
                std::cout << tsv_field(line.left) << '\t' << tsv_field(line.match) << '\t' << tsv_field(line.right) << '\t'
                          << tsv_field(line.speaker) << '\t' << tsv_field(line.role) << '\t' << tsv_field(line.outlet) << '\t'
                          << tsv_field(line.date) << '\t' << tsv_field(line.event_id) << '\t' << tsv_field(line.source) << '\t'
                          << (line.source_begin ? std::to_string(*line.source_begin) + "-" + std::to_string(*line.source_end) : "")
                          << label_cells(label_names, line) << '\n';
            } else {
                std::cout << left_context(line.left, 50) << "  [" << terminal_safe(line.match) << "]  "
                          << right_context(line.right, 50) << "\n"
                          << "      " << terminal_safe(line.date) << "  " << terminal_safe(line.event_id) << "  " << terminal_safe(line.speaker)
                          << (line.role.empty() ? "" : " (" + terminal_safe(line.role) + ")")
                          << (line.outlet.empty() ? "" : ", " + terminal_safe(line.outlet)) << "  " << terminal_safe(line.source)
                          << (line.source_begin ? ":" + std::to_string(*line.source_begin) + "-" + std::to_string(*line.source_end) : "")
                          << "\n";
                if (!line.labels.empty()) {
                    std::cout << "      labels:";
                    for (const auto& label : line.labels) std::cout << "  " << terminal_safe(label.name) << "=" << terminal_safe(label.text);
                    std::cout << "\n";
                }
            }
        }
        std::cout << std::flush;
        out["page"] = args.page;
        out["page_size"] = args.page_size;
        out["lines"] = std::move(lines);
        out["first_page_ms"] = elapsed_ms();
    }
    // Counts and groups are taken as the query runs, keeping no hit (a sorted page counted them as it ran).
    query::HitCounts counts;
    if (sorted_counts) {
        counts = *sorted_counts;
    } else {
        auto counted = query::count_hits(q, args.threads);
        if (!counted) return fail(counted.error());
        counts = counted.value();
    }
    out["hits"] = counts.hits;
    out["events"] = counts.events;
    out["turns"] = counts.turns;
    if (group) {
        auto distributed = query::distribution(q, *group, args.threads);
        if (!distributed) return fail(distributed.error());
        const std::vector<query::GroupRow> rows = std::move(distributed->rows);
        nlohmann::json groups = nlohmann::json::array();
        std::vector<std::vector<std::string>> table;
        if (args.format == "tsv") std::cout << tsv_field(args.group_by) << "\thits\ttokens\tper_million\n";
        for (const auto& row : rows) {
            if (args.format == "json") {
                groups.push_back({{"value", row.value}, {"hits", row.hits}, {"tokens", row.tokens}, {"per_million", row.per_million}});
            } else if (args.format == "tsv") {
                std::cout << tsv_field(row.value) << '\t' << row.hits << '\t' << row.tokens << '\t' << row.per_million << '\n';
            } else {
                std::ostringstream per_million;
                per_million << std::fixed << std::setprecision(1) << row.per_million;
                table.push_back({row.value.empty() ? (args.group_by == "turn.speaker" ? "(unidentified)" : "(none)") : terminal_safe(row.value),
                                 std::to_string(row.hits), std::to_string(row.tokens), per_million.str()});
            }
        }
        if (args.format == "table")
            std::cout << format_table({{terminal_safe(args.group_by)}, {"hits", Align::right}, {"tokens", Align::right},
                                       {"per million", Align::right}},
                                      table);
        out["groups"] = std::move(groups);
    }
    out["total_ms"] = elapsed_ms();
    if (args.format == "json") {
        std::cout << out.dump(2) << "\n";
    } else if (args.format == "tsv") {
        if (!kwic && !group)
            std::cout << "hits\tevents\tturns\tmatching\n"
                      << counts.hits << '\t' << counts.events << '\t' << counts.turns << '\t' << strategy << '\n';
    } else {
        std::cout << counts.hits << " hits in " << counts.events << " events, " << counts.turns << " turns, " << strategy
                  << " matching (" << std::fixed << std::setprecision(1) << elapsed_ms() << " ms)\n";
    }
    return 0;
}

}  // namespace

std::function<int()> add_query_command(CLI::App& app) {
    auto args = std::make_shared<QueryArguments>();
    CLI::App* command = app.add_subcommand("query", "Search an index with CQL: KWIC lines, counts, distributions");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("cql", args->cql, "The CQL query (docs/cql.md)")->required();
    command->add_flag("--kwic", args->kwic, "Print KWIC lines (the default unless --count or --group-by)");
    command->add_flag("--count", args->count, "Print hits, distinct events and distinct turns");
    command->add_option("--group-by", args->group_by, "Distribution by a region attribute (turn.speaker, turn.role, turn.affiliation, event.id, event.date:month ...) "
                        "or by the matches' own forms (match.word, match.lower, match.lemma) or a labelled token's (a.lemma)");
    command->add_option("--context", args->context, "KWIC context in tokens each side")->capture_default_str()->check(at_least(0));
    command->add_flag("--turn-context", args->turn_context, "KWIC context stops at the turn boundary");
    command->add_option("--sort", args->sort,
                        "Sort KWIC lines by one or more comma-separated keys, match|left|right[:word|lower|lemma][:desc] "
                        "or date|speaker|role|outlet|event[:desc], e.g. match:lower,left:lower or date:desc,left:lower");
    command->add_option("--sample", args->sample, "Thin: KWIC lines of a random sample of N hits (the counts stay exact)")->check(at_least(0));
    command->add_option("--seed", args->seed, "Seed of --sample: the same seed draws the same lines")->capture_default_str()->check(at_least(0));
    command->add_option("--matching", args->matching, "Matching strategy: standard, shortest, longest or all (docs/cql.md)")
        ->capture_default_str();
    command->add_option("--page", args->page, "Page number (from 1)")->capture_default_str()->check(at_least(1));
    command->add_option("--page-size", args->page_size, "KWIC lines per page (--count for counts only)")->capture_default_str()->check(at_least(1));
    command->add_option("--format", args->format, "table, tsv or json")->capture_default_str();
    command->add_option("--default-attribute", args->default_attribute, "What a bare \"string\" tests: word, lower or lemma")->capture_default_str();
    command->add_option("--timeout-ms", args->timeout_ms, "Give up after this many milliseconds (exit 3)")->check(at_least(1));
    command->add_option("--threads", args->threads, "Threads for counting (default: all cores)")->check(at_least(0));
    add_filter_options(command, args->filters);
    return [args] { return run_query(*args); };
}

}  // namespace presser::cli
