// presser talking-points build|list|show --index DIR ...   and   presser similar --index DIR 'passage'
// (docs/talking-points.md).
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "analysis/talking_point_selection.h"
#include "analysis/talking_point_store.h"
#include "analysis/talking_points.h"
#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "index/segment_files.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct TalkingPointArguments {
    std::string index;
    unsigned n = 8;
    std::string attribute = "lower";
    bool full = false;
    unsigned threads = 0;
    bool progress = false;
    std::string from, to, speaker, language, organiser;
    std::uint64_t min_events = 2;
    std::string boilerplate = "exclude";  // exclude, include, only
    std::string sort = "count";
    std::size_t limit = 0;
    std::string format = "table";
    bool occurrences = false;
    std::uint64_t id = 0;
    std::string passage;
};

int fail(std::string_view command, const std::string& message, int code) {
    std::cerr << "presser " << command << ": " << terminal_safe(message) << "\n";
    return code;
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

int run_build(const TalkingPointArguments& args) {
    auto index = index::Index::open(args.index);
    if (!index) return fail("talking-points", index.error().describe(), 1);
    analysis::TalkingPointOptions options;
    const auto attribute = index::parse_attribute(args.attribute);
    if (!attribute || *attribute == index::Attribute::word)
        return fail("talking-points", "--attribute must be lower or lemma, not '" + args.attribute + "'", 2);
    options.attribute = *attribute;
    options.min_tokens = args.n;
    options.full = args.full;
    options.threads = args.threads;
    const bool show = args.progress || ::isatty(STDERR_FILENO) != 0;
    std::unique_ptr<Progress> bar;
    std::string stage;
    std::uint64_t last = 0;
    options.progress = [&](std::string_view now, std::uint64_t done, std::uint64_t total) {
        if (now != stage) {
            if (bar) bar->finish();
            stage = now;
            last = 0;
            bar = std::make_unique<Progress>(std::string(now), total, show);
        }
        if (done > last) bar->advance(done - last, 0), last = done;
    };
    auto summary = analysis::build_talking_points(index.value(), options);
    if (bar) bar->finish();
    bar.reset();
    if (!summary) return fail("talking-points", summary.error().describe(), summary.error().message.starts_with("the shortest") ? 2 : 1);
    const auto& s = summary.value();
    std::cout << (s.incremental ? "updated" : "built") << " talking points: " << s.points << " (" << s.boilerplate << " boilerplate), "
              << s.occurrences << " occurrences; " << s.events_added << " events read, " << s.events_dropped << " dropped; " << s.turns
              << " turns, " << s.fingerprints << " fingerprints, " << s.seeds << " seeds, " << s.alignments << " alignments\n";
    return 0;
}

std::vector<const analysis::TalkingPoint*> selected(const analysis::TalkingPointSet& set, const TalkingPointArguments& args) {
    analysis::TalkingPointFilter filter;
    filter.min_events = args.min_events;
    filter.boilerplate = analysis::parse_boilerplate_choice(args.boilerplate).value();  // checked by valid_list_arguments
    filter.sort = analysis::parse_talking_point_sort(args.sort).value();
    filter.language = args.language;
    filter.from = args.from;
    filter.to = args.to;
    filter.speaker = args.speaker;
    filter.organiser = args.organiser;
    auto out = analysis::select_talking_points(set, filter);
    if (args.limit > 0 && out.size() > args.limit) out.resize(args.limit);
    return out;
}

constexpr const char* kPointColumns[] = {"id", "count", "events", "speakers", "organisers", "first_seen", "last_seen", "event_share",
                                         "boilerplate", "travels", "language", "canonical"};
constexpr const char* kOccurrenceColumns[] = {"talking_point", "event", "date", "speaker", "role", "organiser", "turn", "tokens",
                                              "source", "source_begin", "source_end", "text"};

std::vector<std::string> point_row(const analysis::TalkingPoint& p) {
    return {std::to_string(p.id), std::to_string(p.occurrences.size()), std::to_string(p.events), std::to_string(p.speakers),
            std::to_string(p.organisers), p.first_seen, p.last_seen, std::to_string(p.event_share), p.boilerplate ? "true" : "false",
            p.travels() ? "true" : "false", p.language, p.canonical};
}

std::vector<std::string> occurrence_row(const analysis::TalkingPoint& p, const analysis::TalkingPointOccurrence& o) {
    return {std::to_string(p.id), o.event_id, o.date, o.speaker, o.role, o.organiser, o.turn_id, std::to_string(o.tokens), o.source,
            o.source_begin ? std::to_string(*o.source_begin) : "", o.source_end ? std::to_string(*o.source_end) : "", o.text};
}

template <std::size_t N>
void print_rows(const std::string& format, const char* const (&header)[N], const std::vector<std::vector<std::string>>& rows) {
    const bool csv = format == "csv";
    for (std::size_t i = 0; i < N; ++i) std::cout << (i ? (csv ? "," : "\t") : "") << header[i];
    std::cout << "\n";
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) std::cout << (i ? (csv ? "," : "\t") : "") << (csv ? csv_field(row[i]) : tsv_field(row[i]));
        std::cout << "\n";
    }
}

bool valid_list_arguments(const TalkingPointArguments& args) {
    const std::vector<std::string> formats = {"table", "tsv", "csv", "json", "jsonl"};
    if (std::find(formats.begin(), formats.end(), args.format) == formats.end()) {
        fail("talking-points", "--format must be table, tsv, csv, json or jsonl, not '" + args.format + "'", 2);
        return false;
    }
    if (args.sort != "first" && args.sort != "count" && args.sort != "spread") {
        fail("talking-points", "--sort must be first, count or spread, not '" + args.sort + "'", 2);
        return false;
    }
    if (args.boilerplate != "exclude" && args.boilerplate != "include" && args.boilerplate != "only") {
        fail("talking-points", "--boilerplate must be exclude, include or only, not '" + args.boilerplate + "'", 2);
        return false;
    }
    return true;
}

int output(const std::vector<const analysis::TalkingPoint*>& points, const TalkingPointArguments& args, bool single) {
    if (args.format == "json") {
        auto out = nlohmann::json::array();
        for (const auto* p : points) out.push_back(analysis::to_json(*p, single || args.occurrences));
        std::cout << (single ? out.front() : out).dump(2) << "\n";
        return 0;
    }
    if (args.format == "jsonl") {
        if (args.occurrences || single) {
            for (const auto* p : points)
                for (const auto& o : p->occurrences) {
                    auto row = analysis::to_json(o);
                    row["talking_point"] = p->id;
                    std::cout << row.dump() << "\n";
                }
        } else {
            for (const auto* p : points) std::cout << analysis::to_json(*p, false).dump() << "\n";
        }
        return 0;
    }
    if (args.format == "csv" || args.format == "tsv") {
        std::vector<std::vector<std::string>> rows;
        if (args.occurrences || single) {
            for (const auto* p : points)
                for (const auto& o : p->occurrences) rows.push_back(occurrence_row(*p, o));
            print_rows(args.format, kOccurrenceColumns, rows);
        } else {
            for (const auto* p : points) rows.push_back(point_row(*p));
            print_rows(args.format, kPointColumns, rows);
        }
        return 0;
    }
    if (single) {
        const auto& p = *points.front();
        std::cout << "talking point " << p.id << (p.boilerplate ? " (boilerplate)" : "") << ": " << terminal_safe(p.canonical) << "\n"
                  << p.occurrences.size() << " occurrences in " << p.events << " events, " << p.speakers << " speakers, " << p.organisers
                  << " organisers; first " << p.first_seen << ", last " << p.last_seen << "; " << p.variants << " variants\n";
        for (const auto& o : p.occurrences)
            std::cout << "  " << o.date << "  " << terminal_safe(o.event_id) << "  " << terminal_safe(o.speaker.empty() ? "-" : o.speaker)
                      << "  " << terminal_safe(o.text) << "\n";
        return 0;
    }
    for (const auto* p : points)
        std::cout << p->id << "\t" << p->occurrences.size() << "x " << p->events << " events " << p->speakers << " speakers  "
                  << p->first_seen << ".." << p->last_seen << (p->boilerplate ? "  [boilerplate]" : "") << "\n    "
                  << terminal_safe(p->canonical) << "\n";
    if (points.empty()) std::cout << "no talking points match\n";
    return 0;
}

int run_list(const TalkingPointArguments& args, bool single) {
    if (!valid_list_arguments(args)) return 2;
    auto index = index::Index::open(args.index);
    if (!index) return fail("talking-points", index.error().describe(), 1);
    auto set = analysis::load_talking_points(index.value());
    if (!set) return fail("talking-points", set.error().describe(), 1);
    if (single) {
        for (const auto& point : set->points)
            if (point.id == args.id) return output({&point}, args, true);
        return fail("talking-points", "no talking point " + std::to_string(args.id) + " (ids are 1 to " + std::to_string(set->points.size()) + ")", 2);
    }
    return output(selected(set.value(), args), args, false);
}

int run_similar(const TalkingPointArguments& args) {
    if (args.format != "table" && args.format != "json") return fail("similar", "--format must be table or json, not '" + args.format + "'", 2);
    auto index = index::Index::open(args.index);
    if (!index) return fail("similar", index.error().describe(), 1);
    analysis::SimilarOptions options;
    if (args.limit > 0) options.limit = args.limit;
    auto found = analysis::similar_passages(index.value(), args.passage, options);
    if (!found) return fail("similar", found.error().describe(), found.error().message.find("tokens") != std::string::npos ? 2 : 1);
    if (args.format == "json") {
        std::cout << analysis::to_json(found.value()).dump(2) << "\n";
        return 0;
    }
    if (found->matches.empty()) std::cout << "said nowhere else (no stretch of the index within the similarity threshold)\n";
    for (const auto& m : found->matches) {
        std::cout << static_cast<int>(m.similarity * 100 + 0.5) << "%  " << m.occurrence.date << "  " << terminal_safe(m.occurrence.event_id)
                  << "  " << terminal_safe(m.occurrence.speaker.empty() ? "-" : m.occurrence.speaker)
                  << (m.talking_point ? "  talking point " + std::to_string(*m.talking_point) : std::string()) << "\n    ";
        for (const auto& d : m.differences) {
            if (d.kind == analysis::AlignmentOp::Kind::equal) std::cout << terminal_safe(d.text) << " ";
            else if (d.kind == analysis::AlignmentOp::Kind::substitute) std::cout << "[" << terminal_safe(d.query) << "->" << terminal_safe(d.text) << "] ";
            else if (d.kind == analysis::AlignmentOp::Kind::insert) std::cout << "[+" << terminal_safe(d.query) << "] ";
            else std::cout << "[-" << terminal_safe(d.text) << "] ";
        }
        std::cout << "\n";
    }
    return 0;
}

void add_list_options(CLI::App* command, TalkingPointArguments& args) {
    command->add_option("--from", args.from, "Only talking points said on or after this date (YYYY-MM-DD)");
    command->add_option("--to", args.to, "... and on or before this date");
    command->add_option("--speaker", args.speaker, "... by this speaker (exact name)");
    command->add_option("--organiser", args.organiser, "... at events of this organiser");
    command->add_option("--language", args.language, "Only talking points of this language");
    command->add_option("--min-events", args.min_events, "Only talking points in at least this many events")->capture_default_str();
    command->add_option("--boilerplate", args.boilerplate, "exclude, include or only")->capture_default_str();
    command->add_option("--sort", args.sort, "count, first (first seen) or spread (events)")->capture_default_str();
    command->add_option("--limit", args.limit, "At most this many (0: all)");
    command->add_flag("--occurrences", args.occurrences, "csv, tsv, jsonl: one row per occurrence instead of per talking point; json: with them");
}

}  // namespace

std::function<int()> add_talking_points_command(CLI::App& app) {
    auto args = std::make_shared<TalkingPointArguments>();
    CLI::App* command = app.add_subcommand("talking-points", "Passages said again and again across events: build, list, show");
    command->require_subcommand(1);
    CLI::App* build = command->add_subcommand("build", "Find the talking points of the index (incremental after the first build)");
    build->add_option("--index", args->index, "Index directory")->required();
    build->add_option("--n", args->n, "The shortest passage, in tokens (punctuation left out)")->capture_default_str();
    build->add_option("--attribute", args->attribute, "lower or lemma")->capture_default_str();
    build->add_flag("--full", args->full, "Recompute everything instead of extending the stored build");
    build->add_option("--threads", args->threads, "Threads (0: every core)");
    build->add_flag("--progress", args->progress, "Show progress even when stderr is not a terminal");
    CLI::App* list = command->add_subcommand("list", "The talking points, with filters and exports");
    list->add_option("--index", args->index, "Index directory")->required();
    list->add_option("--format", args->format, "table, tsv, csv, json or jsonl")->capture_default_str();
    add_list_options(list, *args);
    CLI::App* show = command->add_subcommand("show", "One talking point with every occurrence");
    show->add_option("id", args->id, "Its id (from list)")->required();
    show->add_option("--index", args->index, "Index directory")->required();
    show->add_option("--format", args->format, "table, tsv, csv, json or jsonl")->capture_default_str();
    return [args, build, list] {
        if (build->parsed()) return run_build(*args);
        if (list->parsed()) return run_list(*args, false);
        return run_list(*args, true);
    };
}

std::function<int()> add_similar_command(CLI::App& app) {
    auto args = std::make_shared<TalkingPointArguments>();
    CLI::App* command = app.add_subcommand("similar", "Where else was this said: near-verbatim occurrences of a passage");
    command->add_option("passage", args->passage, "The passage (at least the talking points' --n tokens)")->required();
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("--limit", args->limit, "At most this many matches (default 20)");
    command->add_option("--format", args->format, "table or json")->capture_default_str();
    return [args] { return run_similar(*args); };
}

}  // namespace presser::cli
