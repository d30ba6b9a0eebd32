// presser index build|merge|info|check --index DIR
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analysis/deflection_lexicon.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/parse_flags.h"
#include "cli/progress.h"
#include "index/index.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct IndexArguments {
    std::string index;
    std::vector<std::string> inputs;
    ParseFlags flags;
    unsigned threads = 0;
    std::uint64_t memory_mb = 2048;
    bool progress = false;
    bool json = false;
};

std::string component_of(const std::string& file) {
    if (file.ends_with(".lex")) return "lexicons";
    if (file == "postings") return "postings";
    if (file == "word.stream") return "token stream";
    if (file == "maps") return "attribute maps";
    if (file.ends_with(".regions")) return "structures";
    if (file == "paragraphs.zst") return "stored text";
    if (file == "events.zst") return "event documents";
    return file;
}

index::BuildOptions build_options(const IndexArguments& args, const ingest::ParseOptions& parse) {
    index::BuildOptions options;
    options.threads = args.threads;
    options.memory_budget = args.memory_mb << 20;
    options.parse = parse;
    return options;
}

int run_build(const IndexArguments& args) {
    index::set_answer_signals(analysis::builtin_answer_signals());
    std::optional<ingest::SpeakerOverrides> overrides;
    auto parse = to_parse_options(args.flags, "index build", overrides);
    if (!parse) return 2;
    auto options = build_options(args, *parse);
    std::unique_ptr<Progress> bar;
    std::uint64_t last_files = 0, last_bytes = 0, last_tokens = 0;
    options.progress = [&](const index::BuildProgress& p) {
        if (!bar) bar = std::make_unique<Progress>("indexing", p.files_total, p.files_total > 5 && (args.progress || isatty(STDERR_FILENO)));
        bar->advance(p.files_done - last_files, p.bytes_done - last_bytes, p.tokens_done - last_tokens);
        last_files = p.files_done;
        last_bytes = p.bytes_done;
        last_tokens = p.tokens_done;
    };
    const auto start = std::chrono::steady_clock::now();
    auto report = index::build_index(args.index, args.inputs, options);
    if (bar) bar->finish();
    if (!report) {
        std::cerr << "presser index build: " << terminal_safe(report.error().describe()) << "\n";
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto& failure : report->failures) std::cerr << "presser index build: " << terminal_safe(failure.describe()) << "\n";
    for (const auto& warning : report->warnings) std::cerr << "presser index build: warning: " << terminal_safe(warning) << "\n";
    if (args.json) {
        nlohmann::ordered_json json{{"files_seen", report->files_seen},       {"files_added", report->files_added},
                                    {"files_replaced", report->files_replaced}, {"files_unchanged", report->files_unchanged},
                                    {"files_failed", report->failures.size()}, {"files_skipped", report->skipped.size()},
                                    {"entries_left_out", report->warnings.size()},  {"events_added", report->events_added},
                                    {"events_deleted", report->events_deleted}, {"tokens_added", report->tokens_added},
                                    {"segments_written", report->segments_written}, {"bytes_read", report->bytes_read},
                                    {"seconds", seconds}};
        json["warnings"] = report->warnings;
        json["skipped"] = report->skipped;
        std::cout << json.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::cout << "indexed " << report->files_added << " new and " << report->files_replaced << " changed files ("
                  << report->files_unchanged << " unchanged, " << report->failures.size() << " failed, " << report->skipped.size()
                  << " not transcripts" << (report->warnings.empty() ? "" : ", " + std::to_string(report->warnings.size()) + " entries left out with a warning")
                  << "): "
                  << report->events_added << " events, " << report->tokens_added << " tokens, "
                  << report->segments_written << " segments written, " << report->events_deleted
                  << " old events replaced, in " << seconds << " s";
        if (seconds > 0) std::cout << " (" << static_cast<double>(report->tokens_added) / seconds / 1e6 << "M tokens/s)";
        std::cout << "\n";
        for (const std::string& skipped : report->skipped) std::cout << "  skipped: " << terminal_safe(skipped) << "\n";
    }
    return report->failures.empty() ? 0 : 1;
}

int run_merge(const IndexArguments& args) {
    index::set_answer_signals(analysis::builtin_answer_signals());
    auto report = index::merge_index(args.index, build_options(args, {}));
    if (!report) {
        std::cerr << "presser index merge: " << terminal_safe(report.error().describe()) << "\n";
        return 1;
    }
    std::cout << "merged " << report->segments_before << " segments into " << report->segments_after << ", dropping "
              << report->events_dropped << " deleted events\n";
    return 0;
}

int run_info(const IndexArguments& args) {
    const auto start = std::chrono::steady_clock::now();
    auto opened = index::Index::open(args.index);
    const double open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!opened) {
        std::cerr << "presser index info: " << terminal_safe(opened.error().describe()) << "\n";
        return 1;
    }
    const auto& idx = opened.value();
    std::map<std::string, std::uint64_t> sizes;
    std::uint64_t total = 0;
    std::set<std::string> speakers, languages;
    std::uint64_t turns = 0, exchanges = 0, sentences = 0, paragraphs = 0;
    for (const auto& segment : idx.segments()) {
        for (const auto& file : segment->info().files) {
            sizes[component_of(file.name)] += file.size;
            total += file.size;
        }
        const auto& turn = segment->regions(index::Structure::turn);
        if (const auto* speaker = turn.column("speaker"))
            for (std::uint32_t v = 0; v < speaker->values().size(); ++v)
                if (!speaker->values().at(v).empty()) speakers.insert(std::string(speaker->values().at(v)));
        for (const auto& language : segment->languages()) languages.insert(language);
        turns += turn.size();
        exchanges += segment->regions(index::Structure::exchange).size();
        sentences += segment->regions(index::Structure::s).size();
        paragraphs += segment->regions(index::Structure::p).size();
    }
    auto manifest = index::read_manifest(args.index, true);
    if (!manifest) {
        std::cerr << "presser index info: " << terminal_safe(manifest.error().describe()) << "\n";
        return 1;
    }
    std::uint64_t source_bytes = 0;
    for (const auto& [path, source] : manifest->sources) source_bytes += source.size;
    if (args.json) {
        nlohmann::ordered_json json;
        json["index"] = args.index;
        json["generation"] = idx.manifest().generation;
        json["tokens"] = idx.tokens();
        json["events"] = idx.events();
        json["sources"] = manifest->sources.size();
        json["speakers"] = speakers.size();
        json["languages"] = languages;
        json["segments"] = idx.segments().size();
        json["regions"] = {{"s", sentences}, {"p", paragraphs}, {"turn", turns}, {"exchange", exchanges}};
        json["bytes"] = total;
        json["source_bytes"] = source_bytes;
        json["bytes_by_component"] = sizes;
        json["open_ms"] = open_ms;
        std::cout << json.dump(1) << "\n";
        return 0;
    }
    std::cout << "index " << terminal_safe(args.index) << " (generation " << idx.manifest().generation << ", opened in " << open_ms << " ms)\n"
              << "  tokens    " << idx.tokens() << "\n  events    " << idx.events() << "\n  sources   "
              << manifest->sources.size() << "\n  speakers  " << speakers.size() << "\n  turns     " << turns
              << "\n  exchanges " << exchanges << "\n  sentences " << sentences << "\n  segments  " << idx.segments().size()
              << "\n  size      " << total << " bytes";
    if (source_bytes > 0) std::cout << " (" << static_cast<double>(total) / static_cast<double>(source_bytes) << "x the sources' " << source_bytes << " bytes)";
    std::cout << "\n";
    for (const auto& [component, bytes] : sizes) std::cout << "    " << component << ": " << bytes << " bytes\n";
    return 0;
}

int run_check(const IndexArguments& args) {
    auto report = index::check_index(args.index);
    if (!report) {
        std::cerr << "presser index check: " << terminal_safe(report.error().describe()) << "\n";
        return 1;
    }
    std::cout << "ok: " << report->segments << " segments, " << report->files << " files, " << report->bytes
              << " bytes, every checksum verified\n";
    return 0;
}

}  // namespace

std::function<int()> add_index_command(CLI::App& app) {
    auto args = std::make_shared<IndexArguments>();
    CLI::App* command = app.add_subcommand("index", "Build, merge, describe and check a corpus index");
    command->require_subcommand(1);
    auto add_common = [&](CLI::App* sub) {
        sub->add_option("--index", args->index, "Index directory")->required();
    };
    CLI::App* build = command->add_subcommand("build", "Ingest transcripts into an index (creates it or appends)");
    add_common(build);
    build->add_option("inputs", args->inputs, "Transcript files or folders (walked recursively)")->required();
    add_parse_flags(build, args->flags);
    build->add_option("--threads", args->threads, "Parsing threads (default: all cores)")->check(at_least(0));
    build->add_option("--memory", args->memory_mb, "Memory budget in MB for segment building")->capture_default_str()->check(at_least(1));
    build->add_flag("--progress", args->progress, "Show the progress bar even when stderr is not a terminal");
    build->add_flag("--json", args->json, "Print the report as JSON");
    CLI::App* merge = command->add_subcommand("merge", "Rewrite all segments as one, dropping deleted events");
    add_common(merge);
    merge->add_option("--memory", args->memory_mb, "Memory budget in MB")->capture_default_str()->check(at_least(1));
    CLI::App* info = command->add_subcommand("info", "Tokens, events, speakers, segments and sizes per component");
    add_common(info);
    info->add_flag("--json", args->json, "Print as JSON");
    CLI::App* check = command->add_subcommand("check", "Verify every checksum and structure");
    add_common(check);
    return [args, build, merge, info, check] {
        if (build->parsed()) return run_build(*args);
        if (merge->parsed()) return run_merge(*args);
        if (info->parsed()) return run_info(*args);
        if (check->parsed()) return run_check(*args);
        return 2;
    };
}

}  // namespace presser::cli
