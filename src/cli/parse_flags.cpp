#include "cli/parse_flags.h"

#include <iostream>

#include "cli/option_checks.h"

namespace presser::cli {

void add_parse_flags(CLI::App* command, ParseFlags& flags) {
    command->add_option("--format", flags.format, "auto, text, markdown, html, tei, xml, json, csv or tsv")->capture_default_str();
    command->add_option("--date", flags.date, "Date of the event(s), overriding what the source says (YYYY-MM-DD)");
    command->add_option("--encoding", flags.encoding, "Encoding of the files when not UTF-8 (e.g. GB18030, windows-1252)");
    command->add_option("--speakers", flags.speakers, "Speaker sidecar (TSV) overriding presser-speakers.tsv files");
    command->add_option("--columns", flags.columns,
                        "Columns of CSV/TSV transcripts, by 1-based number or header name: speaker=2,text=3,role=4 "
                        "(fields speaker, text, role, title, affiliation, time; default: the header's names)");
    command->add_option("--max-part-bytes", flags.max_part_bytes,
                        "Text files larger than this are read in parts of this size, one event per part (bounded memory)")
        ->capture_default_str()
        ->check(at_least(1));
}

std::optional<ingest::ParseOptions> to_parse_options(const ParseFlags& flags, std::string_view command,
                                                     std::optional<ingest::SpeakerOverrides>& overrides) {
    ingest::ParseOptions options;
    options.sidecars = std::make_shared<ingest::SidecarCache>();  // one run: sidecars do not change under it
    auto format = ingest::parse_format_name(flags.format);
    if (!format) {
        std::cerr << "presser " << command << ": unknown --format '" << flags.format
                  << "': expected auto, text, markdown, html, tei, xml, json, csv or tsv\n";
        return std::nullopt;
    }
    options.format = *format;
    if (!flags.date.empty()) {
        options.date = model::PartialDate::parse_iso(flags.date);
        if (!options.date) {
            std::cerr << "presser " << command << ": --date '" << flags.date << "': expected YYYY-MM-DD, YYYY-MM or YYYY\n";
            return std::nullopt;
        }
    }
    if (!flags.columns.empty()) {
        auto columns = ingest::parse_column_mapping(flags.columns);
        if (!columns) {
            std::cerr << "presser " << command << ": " << columns.error().describe() << "\n";
            return std::nullopt;
        }
        options.columns = std::move(columns.value());
    }
    options.encoding = flags.encoding;
    options.max_part_bytes = flags.max_part_bytes;
    if (!flags.speakers.empty()) {
        auto loaded = ingest::load_speaker_overrides(flags.speakers);
        if (!loaded) {
            std::cerr << "presser " << command << ": " << loaded.error().describe() << "\n";
            return std::nullopt;
        }
        overrides = std::move(loaded.value());
        options.overrides = &*overrides;
    }
    return options;
}

}  // namespace presser::cli
