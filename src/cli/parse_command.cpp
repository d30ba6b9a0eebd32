// presser parse FILE|DIR... [--format auto|text|markdown|html|tei] [--date YYYY-MM-DD] [--json|--jsonl|--summary]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/parse_flags.h"
#include "cli/progress.h"
#include "ingest/source_files.h"
#include "ingest/parser.h"
#include "model/json.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

enum class Output { summary, json, jsonl };

struct ParseArguments {
    std::vector<std::string> inputs;
    ParseFlags flags;
    bool json = false;
    bool jsonl = false;
    bool summary = false;
    bool progress = false;
    unsigned threads = 0;
};

struct FileResult {
    std::vector<model::Event> events;
    std::optional<Error> error;
    std::uint64_t bytes = 0;
    bool deferred = false;  // too large to hold: parsed part by part when its turn to print comes
};

struct Totals {
    std::size_t files = 0, events = 0, turns = 0, questions = 0, answers = 0, exchanges = 0, speakers = 0,
                warnings = 0, errors = 0, entries_left_out = 0;
};

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

void print_summary(const model::Event& event, Totals& totals) {
    std::size_t questions = 0, answers = 0;
    for (const model::Turn& turn : event.turns) {
        questions += turn.kind == model::TurnKind::question;
        answers += turn.kind == model::TurnKind::answer;
    }
    std::vector<std::string> officials;
    std::set<std::string> outlets;
    for (const model::Speaker& speaker : event.speakers) {
        if (speaker.role == model::Role::official)
            officials.push_back(speaker.name.empty() ? speaker.aliases.front() : speaker.name);
        if (speaker.role == model::Role::journalist) outlets.insert(speaker.affiliations.begin(), speaker.affiliations.end());
    }
    std::string date = event.date.to_string();
    std::cout << terminal_safe(event.id) << "  " << (date.empty() ? "(no date)" : date) << "  " << terminal_safe(event.language)
              << "  officials: " << (officials.empty() ? "-" : terminal_safe(join(officials, ", "))) << "  turns "
              << event.turns.size() << ", questions " << questions << ", exchanges " << event.exchanges.size() << ", outlets "
              << outlets.size() << "\n";
    for (const std::string& warning : event.warnings) std::cout << "    warning: " << terminal_safe(warning) << "\n";
    totals.events++;
    totals.turns += event.turns.size();
    totals.questions += questions;
    totals.answers += answers;
    totals.exchanges += event.exchanges.size();
    totals.speakers += event.speakers.size();
    totals.warnings += event.warnings.size();
}

int run_parse(const ParseArguments& args) {
    std::optional<ingest::SpeakerOverrides> overrides;
    auto parse_options = to_parse_options(args.flags, "parse", overrides);
    if (!parse_options) return 2;
    const ingest::ParseOptions& options = *parse_options;
    Output output = args.jsonl ? Output::jsonl : args.json ? Output::json : Output::summary;

    ingest::SourceFiles files = ingest::collect_source_files(args.inputs);
    for (const std::string& error : files.errors) std::cerr << "presser parse: " << terminal_safe(error) << "\n";
    for (const std::string& warning : files.warnings) std::cerr << "presser parse: warning: " << terminal_safe(warning) << "\n";
    const std::size_t count = files.transcripts.size();
    const auto event_ids = ingest::unique_event_ids(files, [](const std::string&) { return false; });
    auto options_for = [&](const std::filesystem::path& file) {
        ingest::ParseOptions with_id = options;
        if (with_id.event_id.empty()) with_id.event_id = event_ids.at(file);
        return with_id;
    };
    Progress progress("parsing", count, count > 5 && (args.progress || isatty(STDERR_FILENO)));

    // Files are parsed in parallel in windows, and printed in order as each window completes, so memory
    // stays bounded by the window whatever the number of files.
    unsigned threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t window = std::max<std::size_t>(64, threads * 8);
    Totals totals;
    totals.errors = files.errors.size();
    totals.entries_left_out = files.warnings.size();
    bool first_json = true;
    if (output == Output::json) std::cout << "[";
    for (std::size_t base = 0; base < count; base += window) {
        std::size_t end = std::min(count, base + window);
        std::vector<FileResult> results(end - base);
        std::atomic<std::size_t> next{base};
        auto worker = [&] {
            for (std::size_t i; (i = next.fetch_add(1)) < end;) {
                FileResult& result = results[i - base];
                std::error_code ec;
                result.bytes = std::filesystem::file_size(files.transcripts[i], ec);
                if (!ec && result.bytes > options.max_part_bytes) {
                    result.deferred = true;
                    continue;
                }
                auto parsed = ingest::parse_file(files.transcripts[i], options_for(files.transcripts[i]));
                if (parsed) result.events = std::move(parsed.value());
                else result.error = parsed.error();
                progress.advance(1, result.bytes);
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
        worker();
        for (std::thread& thread : pool) thread.join();

        auto print_event = [&](const model::Event& event) {
            if (output == Output::summary) {
                print_summary(event, totals);
                return;
            }
            totals.events++;
            std::string text = model::to_json(event).dump(output == Output::json ? 2 : -1, ' ', false,
                                                          nlohmann::json::error_handler_t::replace);
            if (output == Output::json) std::cout << (first_json ? "\n" : ",\n") << text;
            else std::cout << text << "\n";
            first_json = false;
        };
        for (std::size_t i = base; i < end; ++i) {
            FileResult& result = results[i - base];
            totals.files++;
            if (result.deferred) {
                auto parsed = ingest::parse_file_streaming(files.transcripts[i], options_for(files.transcripts[i]),
                                                           [&](model::Event&& event) { print_event(event); });
                if (!parsed) result.error = parsed.error();
                progress.advance(1, result.bytes);
            }
            if (result.error) {
                totals.errors++;
                std::cerr << "error: " << terminal_safe(result.error->describe()) << "\n";
                continue;
            }
            for (const model::Event& event : result.events) print_event(event);
        }
    }
    if (output == Output::json) std::cout << (first_json ? "]\n" : "\n]\n");
    progress.finish();
    if (output == Output::summary) {
        std::cout << "\ntotal: " << totals.files << " files, " << totals.events << " events, " << totals.turns
                  << " turns, " << totals.questions << " questions, " << totals.answers << " answers, "
                  << totals.exchanges << " exchanges, " << totals.speakers << " speakers, " << totals.warnings
                  << " warnings, " << totals.errors << " errors";
        if (!files.skipped.empty()) std::cout << ", " << files.skipped.size() << " files skipped (not transcripts)";
        if (totals.entries_left_out)
            std::cout << ", " << totals.entries_left_out << " entries left out with a warning (folders not readable, links, FIFOs...)";
        std::cout << "\n";
        for (const auto& skipped : files.skipped) std::cout << "  skipped: " << terminal_safe(skipped.string()) << "\n";
    }
    std::cout.flush();
    return totals.errors ? 1 : 0;
}

}  // namespace

std::function<int()> add_parse_command(CLI::App& app) {
    auto args = std::make_shared<ParseArguments>();
    CLI::App* parse = app.add_subcommand("parse", "Parse transcripts and print their structure");
    parse->add_option("inputs", args->inputs, "Transcript files or folders (walked recursively)")->required();
    add_parse_flags(parse, args->flags);
    auto* json = parse->add_flag("--json", args->json, "Print a JSON array of events (docs/json.md)");
    auto* jsonl = parse->add_flag("--jsonl", args->jsonl, "Print one JSON event per line");
    auto* summary = parse->add_flag("--summary", args->summary, "Print one line per event and totals (default)");
    json->excludes(jsonl)->excludes(summary);
    jsonl->excludes(summary);
    parse->add_flag("--progress", args->progress, "Show the progress bar even when stderr is not a terminal");
    parse->add_option("--threads", args->threads, "Parser threads (default: all cores)")->check(at_least(0));
    return [args] { return run_parse(*args); };
}

}  // namespace presser::cli
