// `presser people` and `presser outlets`: one identity per person and per outlet across the index
// (analysis/people.h), with exact counts.
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/people_json.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "model/terminal_table.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct ListArguments {
    std::string index;
    std::string role;
    std::string format = "table";
    std::uint64_t limit = 50;
};

std::string joined(const std::vector<std::string>& values, std::size_t most) {
    std::string out;
    for (std::size_t i = 0; i < values.size() && i < most; ++i) out += (i ? ", " : "") + values[i];
    if (values.size() > most) out += ", +" + std::to_string(values.size() - most);
    return out;
}

std::string dates(const std::string& from, const std::string& to) {
    if (from.empty()) return "undated";
    return from == to ? from : from + " .. " + to;
}

// How many of `total` rows to show, and the line that says so when it is not all of them.
std::size_t shown(std::uint64_t limit, std::size_t total, const char* what) {
    const std::size_t count = limit == 0 ? total : std::min<std::size_t>(limit, total);
    if (count < total) std::cerr << "showing " << count << " of " << total << " " << what << " (--limit 0 for all)\n";
    return count;
}

// A cell from the data: one line, safe for the terminal; in TSV without tabs.
std::string cell(std::string text, const ListArguments& args) {
    if (args.format == "tsv")
        for (char& c : text)
            if (c == '\t' || c == '\n') c = ' ';
    return terminal_safe(text);
}

// The rows as a table aligned by display width, or as tab-separated values with a header row.
void print_rows(const ListArguments& args, const std::vector<TableColumn>& columns, const std::vector<std::vector<std::string>>& rows) {
    if (args.format != "tsv") {
        std::cout << format_table(columns, rows);
        return;
    }
    for (std::size_t i = 0; i < columns.size(); ++i) std::cout << (i ? "\t" : "") << columns[i].heading;
    std::cout << "\n";
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) std::cout << (i ? "\t" : "") << row[i];
        std::cout << "\n";
    }
}

std::optional<analysis::CorpusPeople> load(const ListArguments& args, const char* command) {
    auto opened = index::Index::open(args.index);
    if (!opened) {
        std::cerr << "presser " << command << ": " << terminal_safe(opened.error().describe()) << "\n";
        return std::nullopt;
    }
    return analysis::corpus_people(opened.value());
}

int run_people(const ListArguments& args) {
    auto people = load(args, "people");
    if (!people) return 1;
    std::vector<const analysis::Person*> rows;
    for (const auto& person : people->people)
        if (args.role.empty() || analysis::has_role(person, args.role)) rows.push_back(&person);
    const std::size_t count = shown(args.limit, rows.size(), "people");
    if (args.format == "json") {
        auto out = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < count; ++i) out.push_back(analysis::to_json(*rows[i]));
        std::cout << nlohmann::ordered_json{{"total", rows.size()}, {"unidentified_turns", people->unidentified_turns},
                                            {"people", std::move(out)}}.dump(1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> table;
    for (std::size_t i = 0; i < count; ++i) {
        const auto& p = *rows[i];
        std::vector<std::string> offices;
        for (const auto& office : p.offices) offices.push_back(office.title);
        table.push_back({std::to_string(p.turns), std::to_string(p.events), p.roles.empty() ? "" : p.roles.front().first,
                         cell(p.name, args), cell(joined(offices, 3), args), dates(p.first_date, p.last_date),
                         cell(joined(p.spellings, 4), args), cell(joined(p.outlets, 3), args)});
    }
    print_rows(args, {{"turns", Align::right}, {"events", Align::right}, {"role"}, {"name"}, {"offices"}, {"dates"}, {"spellings"}, {"outlets"}},
               table);
    (args.format == "tsv" ? std::cerr : std::cout) << rows.size() << " people; " << people->unidentified_turns
                                                   << " turns by unidentified speakers\n";
    return 0;
}

int run_outlets(const ListArguments& args) {
    auto people = load(args, "outlets");
    if (!people) return 1;
    const auto& outlets = people->outlets;
    const std::size_t count = shown(args.limit, outlets.size(), "outlets");
    if (args.format == "json") {
        auto out = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < count; ++i) out.push_back(analysis::to_json(outlets[i]));
        std::cout << nlohmann::ordered_json{{"total", outlets.size()}, {"outlets", std::move(out)}}.dump(
                         1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> table;
    for (std::size_t i = 0; i < count; ++i) {
        const auto& o = outlets[i];
        table.push_back({std::to_string(o.turns), std::to_string(o.events), std::to_string(o.speakers), o.known ? "yes" : "no",
                         cell(o.name, args), cell(joined(o.spellings, 4), args)});
    }
    print_rows(args, {{"turns", Align::right}, {"events", Align::right}, {"speakers", Align::right}, {"known"}, {"name"}, {"spellings"}},
               table);
    (args.format == "tsv" ? std::cerr : std::cout) << outlets.size() << " outlets\n";
    return 0;
}

void add_list_options(CLI::App* command, ListArguments& args) {
    command->add_option("--index", args.index, "Index directory")->required();
    command->add_option("--format", args.format, "table (columns aligned), tsv (tab-separated, with a header row) or json")
        ->capture_default_str()
        ->check(CLI::IsMember({"table", "tsv", "json"}));
    command->add_option("--limit", args.limit, "Rows shown, most turns first (0: all)")->capture_default_str();
}

}  // namespace

std::function<int()> add_people_command(CLI::App& app) {
    auto args = std::make_shared<ListArguments>();
    CLI::App* command = app.add_subcommand("people", "People of the index: one identity per person, with their spellings, roles, offices and counts");
    add_list_options(command, *args);
    command->add_option("--role", args->role, "Only people who spoke in this role")
        ->check(CLI::IsMember({"official", "moderator", "journalist", "other", "unknown"}));
    return [args] { return run_people(*args); };
}

std::function<int()> add_outlets_command(CLI::App& app) {
    auto args = std::make_shared<ListArguments>();
    CLI::App* command = app.add_subcommand("outlets", "Outlets of the index: one identity per organisation, with the spellings written");
    add_list_options(command, *args);
    return [args] { return run_outlets(*args); };
}

}  // namespace presser::cli
