// presser's ingest API: transcripts in the forms they are published in -> model::Event.
//
//   presser::ingest::ParseOptions options;            // format sniffed from content unless set
//   auto events = presser::ingest::parse_file("briefing.md", options);
//   if (!events) std::cerr << events.error().describe();   // names the file, byte offset, expectation
//
// Contract:
//  * Never throws for bad input and never crashes: empty, binary, invalid UTF-8 and unreadable files
//    are Errors naming the file (and the byte offset where known).
//  * A transcript with no speaker labels is one narration turn per paragraph and a warning, not an error.
//  * A JSON or CSV/TSV file with no speaker/text rows (a configuration, a research table) is not a transcript:
//    an Error with not_transcript set, which callers list as skipped, never one narration paragraph.
//  * A file yields zero or more events (a TEI corpus header with no utterances yields none).
//  * Every paragraph's byte range is within the decoded source text (see model/transcript.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/column_mapping.h"
#include "ingest/speaker_overrides.h"
#include "model/error.h"
#include "model/transcript.h"

namespace presser::ingest {

enum class Format { automatic, text, markdown, html, tei, xml, json, csv, tsv };

[[nodiscard]] std::optional<Format> parse_format_name(std::string_view name);  // "auto", "text", ...
[[nodiscard]] std::string_view format_name(Format format);

// Decides the format from the content (and the file name's extension as a tie-breaker).
[[nodiscard]] Format sniff_format(std::string_view text, std::string_view path);

struct ParseOptions {
    Format format = Format::automatic;
    std::optional<model::PartialDate> date;   // overrides every date found in the source
    std::string encoding;                     // overrides encoding detection ("" to detect)
    // Speaker corrections (sidecar files); nullptr: look for presser-speakers.tsv beside the file.
    const SpeakerOverrides* overrides = nullptr;
    std::string event_id;                     // "" derives the id from the path
    // Columns of CSV/TSV transcripts (--columns); empty: a presser-columns.tsv beside the file, else the header.
    ColumnMapping columns;
    // Sidecar lookups shared by the files of one run (null: every file searches its folders again).
    std::shared_ptr<SidecarCache> sidecars;
    // Text and Markdown files larger than this are read in parts of about this size, split at paragraph
    // boundaries, one event per part (ids "name#1", "name#2", ... and a warning), so that memory stays
    // bounded whatever the file's size. HTML, TEI, JSON and CSV/TSV documents larger than this are refused.
    std::uint64_t max_part_bytes = 64ull << 20;
};

[[nodiscard]] Result<std::vector<model::Event>> parse_file(const std::filesystem::path& path,
                                                           const ParseOptions& options = {});

// The same as parse_file, handing each event to `sink` as soon as it is built: the way to read files
// of any size in bounded memory. Returns the number of events.
[[nodiscard]] Result<std::size_t> parse_file_streaming(const std::filesystem::path& path, const ParseOptions& options,
                                                       const std::function<void(model::Event&&)>& sink);

// Parses text already in memory; `source_name` is used as the event's source and in messages.
[[nodiscard]] Result<std::vector<model::Event>> parse_bytes(std::string bytes, std::string source_name,
                                                            const ParseOptions& options = {});

// The event id presser derives from a path: the file name without its extension.
[[nodiscard]] std::string event_id_for(const std::filesystem::path& path);

}  // namespace presser::ingest
