// presser search --index DIR 'query' [filters] [--facets ...] [--unit ...] [--format table|tsv|json]
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/option_checks.h"
#include "index/index.h"
#include "model/terminal_table.h"
#include "model/terminal_text.h"
#include "search/searcher.h"

namespace presser::cli {
namespace {

struct SearchArguments {
    std::string index;
    std::string query;
    std::string unit = "turn";
    std::string sort = "score";
    std::string format = "table";
    std::string facets;
    bool exact = false;
    bool no_snippets = false;
    search::SearchOptions options;
};

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

// A value in one TSV field: tabs and line breaks as spaces, safe for the terminal.
std::string tsv_field(std::string text) {
    for (char& c : text)
        if (c == '\t' || c == '\n') c = ' ';
    return terminal_safe(text);
}

// The snippet with its matches marked [like this].
std::string marked(const search::Snippet& snippet) {
    std::string out = snippet.truncated_before ? "…" : "";
    std::uint32_t at = 0;
    for (const auto& m : snippet.matches) {
        if (m.begin < at) continue;
        out += snippet.text.substr(at, m.begin - at) + "[" + snippet.text.substr(m.begin, m.end - m.begin) + "]";
        at = m.end;
    }
    out += snippet.text.substr(at);
    if (snippet.truncated_after) out += "…";
    for (auto& c : out)
        if (c == '\n' || c == '\t') c = ' ';
    return terminal_safe(out);
}

int run_search(SearchArguments& args) {
    auto& options = args.options;
    if (args.unit == "turn") options.unit = search::Unit::turn;
    else if (args.unit == "exchange") options.unit = search::Unit::exchange;
    else if (args.unit == "event") options.unit = search::Unit::event;
    else {
        std::cerr << "presser search: --unit must be turn, exchange or event, not '" << args.unit << "'\n";
        return 2;
    }
    if (args.sort != "score" && args.sort != "date") {
        std::cerr << "presser search: --sort must be score or date, not '" << args.sort << "'\n";
        return 2;
    }
    if (args.format != "table" && args.format != "tsv" && args.format != "json") {
        std::cerr << "presser search: --format must be table, tsv or json, not '" << args.format << "'\n";
        return 2;
    }
    options.sort = args.sort == "date" ? search::SortOrder::date : search::SortOrder::score;
    options.facets = split_list(args.facets);
    options.exact_forms = args.exact;
    options.snippets = !args.no_snippets;
    auto opened = index::Index::open(args.index);
    if (!opened) {
        std::cerr << "presser search: " << terminal_safe(opened.error().describe()) << "\n";
        return 1;
    }
    search::Searcher searcher(opened.value());
    const auto start = std::chrono::steady_clock::now();
    auto result = searcher.search(args.query, options);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!result) {
        std::cerr << "presser search: " << terminal_safe(result.error().message) << "\n";
        if (result.error().offset) std::cerr << "  " << args.query << "\n  " << std::string(*result.error().offset, ' ') << "^\n";
        return 2;
    }
    const auto& r = result.value();
    if (args.format == "json") {
        nlohmann::ordered_json json;
        json["query"] = args.query;
        json["unit"] = args.unit;
        json["total"] = r.total;
        json["milliseconds"] = ms;
        json["hits"] = nlohmann::json::array();
        for (const auto& hit : r.hits) {
            nlohmann::ordered_json h{{"score", hit.score},     {"event", hit.event_id}, {"turn", hit.turn_id},
                                     {"date", hit.date},       {"speaker", hit.speaker}, {"role", hit.role},
                                     {"kind", hit.kind},       {"outlet", hit.outlet},   {"title", hit.title},
                                     {"source", hit.source}};
            if (!hit.exchange_id.empty()) h["exchange"] = hit.exchange_id;
            if (options.snippets) {
                auto snippet_json = [](const search::Snippet& snippet) {
                    nlohmann::ordered_json matches = nlohmann::json::array();
                    for (const auto& m : snippet.matches)
                        matches.push_back({{"begin", m.begin}, {"end", m.end}, {"source_begin", m.source_begin}, {"source_end", m.source_end}});
                    return nlohmann::ordered_json{{"paragraph", snippet.paragraph}, {"text", snippet.text},
                                                  {"truncated_before", snippet.truncated_before},
                                                  {"truncated_after", snippet.truncated_after}, {"matches", matches}};
                };
                h["snippet"] = snippet_json(hit.snippet);
                if (!hit.answer.text.empty()) h["answer"] = snippet_json(hit.answer);
            }
            json["hits"].push_back(h);
        }
        json["facets"] = nlohmann::json::object();
        for (const auto& facet : r.facets) {
            nlohmann::ordered_json values = nlohmann::json::array();
            for (const auto& v : facet.values) values.push_back({{"value", v.value}, {"count", v.count}});
            json["facets"][facet.name] = {{"distinct", facet.distinct}, {"values", values}};
        }
        std::cout << json.dump(1) << "\n";
        return 0;
    }
    if (args.format == "tsv") {
        // One row per hit; the snippet with its matches [marked]. Totals and facets are not rows: on stderr.
        std::cout << "rank\tscore\tdate\tevent\tturn\texchange\tspeaker\trole\tkind\toutlet\tsource\tsource_bytes\tsnippet\n";
        std::size_t rank = 0;
        for (const auto& hit : r.hits) {
            const auto& matches = hit.snippet.matches;
            std::cout << ++rank << '\t' << hit.score << '\t' << tsv_field(hit.date) << '\t' << tsv_field(hit.event_id) << '\t'
                      << tsv_field(hit.turn_id) << '\t' << tsv_field(hit.exchange_id) << '\t' << tsv_field(hit.speaker) << '\t'
                      << tsv_field(hit.role) << '\t' << tsv_field(hit.kind) << '\t' << tsv_field(hit.outlet) << '\t'
                      << tsv_field(hit.source) << '\t'
                      << (matches.empty() ? "" : std::to_string(matches.front().source_begin) + "-" + std::to_string(matches.front().source_end))
                      << '\t' << (options.snippets ? marked(hit.snippet) : "") << '\n';
        }
        std::cerr << r.total << " matching " << args.unit << (r.total == 1 ? "" : "s") << "\n";
        return 0;
    }
    std::cout << r.total << " matching " << args.unit << (r.total == 1 ? "" : "s") << " (" << ms << " ms)\n";
    std::size_t rank = 0;
    for (const auto& hit : r.hits) {
        std::cout << "\n" << ++rank << ". " << hit.score << "  " << terminal_safe(hit.date) << "  " << terminal_safe(hit.event_id);
        if (!hit.turn_id.empty()) std::cout << " #" << terminal_safe(hit.turn_id);
        if (!hit.speaker.empty()) std::cout << "  " << terminal_safe(hit.speaker);
        if (!hit.outlet.empty()) std::cout << " (" << terminal_safe(hit.outlet) << ")";
        if (!hit.kind.empty()) std::cout << "  [" << terminal_safe(hit.kind) << "]";
        std::cout << "\n";
        if (options.snippets) {
            std::cout << "   " << marked(hit.snippet) << "\n";
            if (!hit.answer.text.empty()) std::cout << "   answer: " << marked(hit.answer) << "\n";
            if (!hit.snippet.matches.empty())
                std::cout << "   " << terminal_safe(hit.source) << " bytes " << hit.snippet.matches.front().source_begin << "-"
                          << hit.snippet.matches.front().source_end << "\n";
        }
    }
    for (const auto& facet : r.facets) {
        std::cout << "\n" << facet.name << " (" << facet.distinct << " values)\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& v : facet.values) rows.push_back({std::to_string(v.count), terminal_safe(v.value)});
        std::cout << format_table({{"count", Align::right}, {facet.name}}, rows);
    }
    return 0;
}

}  // namespace

std::function<int()> add_search_command(CLI::App& app) {
    auto args = std::make_shared<SearchArguments>();
    CLI::App* command = app.add_subcommand("search", "Ranked search over turns, exchanges or events (docs/search.md)");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("query", args->query, "Query: words, \"phrases\", -exclusion, OR, prefix*, question:/answer:/statement:/speaker:/outlet:")->required();
    command->add_option("--unit", args->unit, "turn, exchange or event")->capture_default_str();
    command->add_option("--from", args->options.from, "Earliest date (ISO, inclusive)")->check(date_bound());
    command->add_option("--to", args->options.to, "Latest date (ISO, inclusive; 2022 includes 2022-12-31)")->check(date_bound());
    command->add_option("--speaker", args->options.speakers, "Speaker name, whole, in any case (repeatable)");
    command->add_option("--outlet", args->options.outlets, "Outlet, whole, in any case: one of the speaker's affiliations (repeatable)");
    command->add_option("--role", args->options.roles, "Speaker role (repeatable)");
    command->add_option("--kind", args->options.kinds, "Turn kind: question, answer, statement, ... (repeatable)");
    command->add_option("--event", args->options.events, "Event id (repeatable)");
    command->add_option("--language", args->options.languages, "Event language, in any case (repeatable)");
    command->add_option("--organiser", args->options.organisers, "Organiser, whole, in any case (repeatable)");
    command->add_option("--facets", args->facets, "Comma-separated: speaker,outlet,role,month,year,event");
    command->add_option("--facet-limit", args->options.facet_limit, "Values shown per facet")->capture_default_str()->check(at_least(0));
    command->add_option("--limit", args->options.limit, "Results")->capture_default_str()->check(at_least(1));
    command->add_option("--sort", args->sort, "score or date")->capture_default_str();
    command->add_option("--format", args->format, "table, tsv (one row per hit, with a header row) or json")->capture_default_str();
    command->add_flag("--exact", args->exact, "Match word forms (lower) instead of lemmas");
    command->add_flag("--no-snippets", args->no_snippets, "Leave snippets out");
    return [args] { return run_search(*args); };
}

}  // namespace presser::cli
