#include "ingest/parser.h"

#include <array>
#include <fstream>
#include <utility>

#include "ingest/event_overrides.h"
#include "ingest/format_parsers.h"
#include "ingest/record_xml.h"
#include "ingest/source_text.h"
#include "ingest/text_util.h"
#include "ingest/transcript_builder.h"

namespace presser::ingest {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 9> kFormats{{
    {Format::automatic, "auto"},
    {Format::text, "text"},
    {Format::markdown, "markdown"},
    {Format::html, "html"},
    {Format::tei, "tei"},
    {Format::xml, "xml"},
    {Format::json, "json"},
    {Format::csv, "csv"},
    {Format::tsv, "tsv"},
}};

bool is_structured(Format format) { return format == Format::json || format == Format::csv || format == Format::tsv; }

// The columns of a table: --columns, else the nearest presser-columns.tsv, else none (the header decides).
Result<ColumnMapping> columns_for(const SourceText& source, const ParseOptions& options) {
    if (!options.columns.empty()) return options.columns;
    if (auto file = find_column_sidecar(source.path, options.sidecars.get())) return load_column_mapping(*file);
    return ColumnMapping{};
}

Result<std::vector<Draft>> parse_structured(const SourceText& source, Format format, const ParseOptions& options) {
    if (format == Format::json) return parse_json_drafts(source);
    auto columns = columns_for(source, options);
    if (!columns) return columns.error();
    return parse_table_drafts(source, format == Format::tsv ? '\t' : 0, *columns);
}

// A JSON document opens with an object, or with an array of values (a text transcript may open with
// "[Music]" or "[inaudible]").
bool opens_json(std::string_view start) {
    if (start.starts_with("{")) return true;
    if (!start.starts_with("[")) return false;
    std::size_t next = start.find_first_not_of(" \t\r\n", 1);
    return next != std::string_view::npos && std::string_view("{[\"]").find(start[next]) != std::string_view::npos;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
    return ascii_lower(haystack).find(needle) != std::string::npos;
}

// A parser's error offset counts bytes of the UTF-8 text; when the file was transcoded that is not a
// file offset, so only the line (which transcoding keeps) is reported.
Error in_source_terms(Error error, const SourceText& source) {
    if (source.encoding != "UTF-8" && error.offset) {
        error.offset.reset();
        error.message += " (in the text decoded from " + source.encoding + ")";
    }
    return error;
}

Result<std::vector<model::Event>> parse_source(SourceText source, const ParseOptions& options) {
    Format format = options.format == Format::automatic ? sniff_format(source.text, source.path) : options.format;
    std::vector<Draft> drafts;
    switch (format) {
        case Format::html: {
            auto draft = parse_html_draft(source);
            if (!draft) return in_source_terms(draft.error(), source);
            drafts.push_back(std::move(draft.value()));
            break;
        }
        case Format::tei: {
            auto parsed = parse_tei_drafts(source);
            if (!parsed) return in_source_terms(parsed.error(), source);
            drafts = std::move(parsed.value());
            break;
        }
        case Format::json:
        case Format::csv:
        case Format::tsv: {
            auto parsed = parse_structured(source, format, options);
            if (!parsed) return in_source_terms(parsed.error(), source);
            drafts = std::move(parsed.value());
            break;
        }
        case Format::xml: {
            auto parsed = parse_record_xml_drafts(source);
            if (!parsed) return in_source_terms(parsed.error(), source);
            drafts = std::move(parsed.value());
            break;
        }
        case Format::markdown:
        case Format::text:
        case Format::automatic:
            drafts.push_back(parse_text_draft(source, format == Format::markdown));
            break;
    }

    std::optional<SpeakerOverrides> sidecar;
    const SpeakerOverrides* overrides = options.overrides;
    if (!overrides) {
        if (auto file = find_speaker_sidecar(source.path, options.sidecars.get())) {
            auto loaded = load_speaker_overrides(*file);
            if (!loaded) return loaded.error();
            sidecar = std::move(loaded.value());
            overrides = &*sidecar;
        }
    }

    std::optional<EventOverrides> event_facts;
    if (auto file = find_event_sidecar(source.path, options.sidecars.get())) {
        auto loaded = load_event_overrides(*file);
        if (!loaded) return loaded.error();
        event_facts = std::move(loaded.value());
    }

    std::filesystem::path path(source.path);
    std::vector<model::Event> events;
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        BuildOptions build;
        build.event_id = !options.event_id.empty() ? options.event_id : event_id_for(path);
        if (drafts.size() > 1) build.event_id += "#" + std::to_string(i + 1);
        build.date_override = options.date;
        build.overrides = overrides;
        build.file_name = path.filename().string();
        events.push_back(build_event(std::move(drafts[i]), build));
        if (event_facts) apply_event_override(*event_facts, build.file_name, options.date.has_value(), events.back());
    }
    return events;
}

void shift_ranges(model::Event& event, std::uint64_t base) {
    for (model::Turn& turn : event.turns)
        for (model::Paragraph& paragraph : turn.paragraphs) {
            paragraph.range.start += base;
            paragraph.range.end += base;
            for (model::Aside& aside : paragraph.asides) {
                aside.range.start += base;
                aside.range.end += base;
            }
        }
}

// A file too large to hold is read in parts that end at a blank line, each parsed as its own event.
Result<std::size_t> parse_in_parts(const std::filesystem::path& path, std::uint64_t size, const ParseOptions& options,
                                   const std::function<void(model::Event&&)>& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string(), std::nullopt, std::nullopt, "cannot open file for reading"};
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    Format format = options.format == Format::automatic ? sniff_format(head, path.string()) : options.format;
    if (format == Format::html || format == Format::tei || format == Format::xml || is_structured(format))
        return Error{path.string(), std::nullopt, std::nullopt,
                     std::string(format_name(format)) + " document of " + std::to_string(size) + " bytes is larger than the limit of " +
                         std::to_string(options.max_part_bytes) + " bytes (raise it with --max-part-bytes)"};
    in.clear();
    in.seekg(0);

    std::string carry;  // bytes after the last paragraph boundary of the previous read
    std::uint64_t base = 0;
    std::size_t part = 0, count = 0;
    struct {
        std::string title, language, source_url;
        model::PartialDate date;
    } first;  // facts of the first part, carried to the others
    std::vector<char> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(options.max_part_bytes, 1ull << 26)));
    for (bool at_end = false; !at_end;) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        std::size_t got = static_cast<std::size_t>(in.gcount());
        at_end = got < buffer.size();
        carry.append(buffer.data(), got);
        if (carry.size() < options.max_part_bytes && !at_end) continue;
        std::size_t cut = carry.size();
        if (!at_end) {
            std::size_t boundary = carry.rfind("\n\n");
            cut = boundary == std::string::npos || boundary < carry.size() / 4 ? carry.rfind('\n') : boundary + 2;
            if (cut == std::string::npos || cut == 0) cut = carry.size();  // one gigantic line: cut anyway
        }
        std::string chunk = carry.substr(0, cut);
        carry.erase(0, cut);
        if (chunk.empty()) continue;
        ParseOptions part_options = options;
        part_options.format = format;
        part_options.event_id = (options.event_id.empty() ? event_id_for(path) : options.event_id) + "#" + std::to_string(++part);
        if (part > 1 && !options.date && first.date.precision != model::DatePrecision::unknown) part_options.date = first.date;
        // An error's offset is made one in the whole file (the part's first byte when it has none).
        auto in_whole_file = [&](Error error) {
            error.offset = base + error.offset.value_or(0);
            error.line.reset();
            return error;
        };
        auto source = decode_source(std::move(chunk), path.string(), options.encoding);
        if (!source) return in_whole_file(source.error());
        std::uint64_t length = source->text.size();
        auto events = parse_source(std::move(source.value()), part_options);
        if (!events) return in_whole_file(events.error());
        for (model::Event& event : *events) {
            shift_ranges(event, base);
            if (part == 1) first = {event.title, event.language, event.source_url, event.date};
            else {
                if (event.title.empty()) event.title = first.title;
                if (event.language.empty()) event.language = first.language;
                if (event.source_url.empty()) event.source_url = first.source_url;
            }
            event.warnings.push_back("file of " + std::to_string(size) + " bytes read in parts of at most " +
                                     std::to_string(options.max_part_bytes) + " bytes: this is part " +
                                     std::to_string(part) + ", from byte " + std::to_string(base));
            sink(std::move(event));
            ++count;
        }
        base += length;
    }
    return count;
}

}  // namespace

std::optional<Format> parse_format_name(std::string_view name) {
    for (const auto& [format, text] : kFormats)
        if (text == name) return format;
    if (name == "md") return Format::markdown;
    if (name == "txt" || name == "plain") return Format::text;
    if (name == "jsonl") return Format::json;
    return std::nullopt;
}

std::string_view format_name(Format format) {
    for (const auto& [candidate, text] : kFormats)
        if (candidate == format) return text;
    return "auto";
}

Format sniff_format(std::string_view text, std::string_view path) {
    std::string_view head = text.substr(0, 4096);
    std::size_t first = skip_horizontal_space(head, 0);
    while (first < head.size() && (head[first] == '\n' || head[first] == '\r')) first = skip_horizontal_space(head, first + 1);
    std::string_view start = head.substr(first);
    // Tables and JSON first: their cells and strings may hold HTML.
    std::string lower = ascii_lower(path);
    for (std::string_view extension : {".json", ".jsonl", ".ndjson"})
        if (lower.ends_with(extension)) return Format::json;
    if (lower.ends_with(".csv")) return Format::csv;
    if (lower.ends_with(".tsv") || lower.ends_with(".tab")) return Format::tsv;
    if (opens_json(start)) return Format::json;
    if (start.starts_with("<?xml") || start.starts_with("<TEI") || start.starts_with("<teiCorpus")) {
        if (head.find("<TEI") != std::string_view::npos || head.find("<teiCorpus") != std::string_view::npos) return Format::tei;
        if (contains_ci(head, "<html")) return Format::html;
    }
    if (looks_like_record_xml(text)) return Format::xml;
    if (contains_ci(head.substr(0, 1024), "<!doctype html") || contains_ci(head.substr(0, 1024), "<html")) return Format::html;
    if (start.starts_with("<") && contains_ci(head, "<p") && contains_ci(head, "</p>")) return Format::html;
    if (char delimiter = transcript_table_delimiter(start.substr(0, start.find('\n'))); delimiter != 0)
        return delimiter == '\t' ? Format::tsv : Format::csv;
    if (start.starts_with("---\n") || start.starts_with("---\r\n") || start.starts_with("# ") || start.starts_with("## ") ||
        head.find("\n# ") != std::string_view::npos || head.find("\n**") != std::string_view::npos)
        return Format::markdown;
    if (lower.ends_with(".md") || lower.ends_with(".markdown")) return Format::markdown;
    if (lower.ends_with(".html") || lower.ends_with(".htm")) return Format::html;
    if (lower.ends_with(".xml") && head.find("<TEI") != std::string_view::npos) return Format::tei;
    return Format::text;
}

std::string event_id_for(const std::filesystem::path& path) { return path.stem().string(); }

Result<std::vector<model::Event>> parse_file(const std::filesystem::path& path, const ParseOptions& options) {
    std::vector<model::Event> events;
    auto parsed = parse_file_streaming(path, options, [&](model::Event&& event) { events.push_back(std::move(event)); });
    if (!parsed) return parsed.error();
    return events;
}

Result<std::size_t> parse_file_streaming(const std::filesystem::path& path, const ParseOptions& options,
                                         const std::function<void(model::Event&&)>& sink) {
    std::error_code ec;
    std::uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > options.max_part_bytes) return parse_in_parts(path, size, options, sink);
    auto source = read_source(path, options.encoding);
    if (!source) return source.error();
    auto events = parse_source(std::move(source.value()), options);
    if (!events) return events.error();
    for (model::Event& event : *events) sink(std::move(event));
    return events->size();
}

Result<std::vector<model::Event>> parse_bytes(std::string bytes, std::string source_name, const ParseOptions& options) {
    auto source = decode_source(std::move(bytes), std::move(source_name), options.encoding);
    if (!source) return source.error();
    return parse_source(std::move(source.value()), options);
}

}  // namespace presser::ingest
