#include "ingest/parser.h"

#include <array>
#include <utility>

#include "ingest/format_parsers.h"
#include "ingest/source_text.h"
#include "ingest/text_util.h"
#include "ingest/transcript_builder.h"

namespace presser::ingest {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 5> kFormats{{
    {Format::automatic, "auto"},
    {Format::text, "text"},
    {Format::markdown, "markdown"},
    {Format::html, "html"},
    {Format::tei, "tei"},
}};

bool contains_ci(std::string_view haystack, std::string_view needle) {
    return ascii_lower(haystack).find(needle) != std::string::npos;
}

Result<std::vector<model::Event>> parse_source(SourceText source, const ParseOptions& options) {
    Format format = options.format == Format::automatic ? sniff_format(source.text, source.path) : options.format;
    std::vector<Draft> drafts;
    switch (format) {
        case Format::html: {
            auto draft = parse_html_draft(source);
            if (!draft) return draft.error();
            drafts.push_back(std::move(draft.value()));
            break;
        }
        case Format::tei: {
            auto parsed = parse_tei_drafts(source);
            if (!parsed) return parsed.error();
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
        if (auto file = find_speaker_sidecar(source.path)) {
            auto loaded = load_speaker_overrides(*file);
            if (!loaded) return loaded.error();
            sidecar = std::move(loaded.value());
            overrides = &*sidecar;
        }
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
    }
    return events;
}

}  // namespace

std::optional<Format> parse_format_name(std::string_view name) {
    for (const auto& [format, text] : kFormats)
        if (text == name) return format;
    if (name == "md") return Format::markdown;
    if (name == "txt" || name == "plain") return Format::text;
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
    if (start.starts_with("<?xml") || start.starts_with("<TEI") || start.starts_with("<teiCorpus")) {
        if (head.find("<TEI") != std::string_view::npos || head.find("<teiCorpus") != std::string_view::npos) return Format::tei;
        if (contains_ci(head, "<html")) return Format::html;
    }
    if (contains_ci(head.substr(0, 1024), "<!doctype html") || contains_ci(head.substr(0, 1024), "<html")) return Format::html;
    if (start.starts_with("<") && contains_ci(head, "<p") && contains_ci(head, "</p>")) return Format::html;
    if (start.starts_with("---\n") || start.starts_with("---\r\n") || start.starts_with("# ") || start.starts_with("## ") ||
        head.find("\n# ") != std::string_view::npos || head.find("\n**") != std::string_view::npos)
        return Format::markdown;
    std::string lower = ascii_lower(path);
    if (lower.ends_with(".md") || lower.ends_with(".markdown")) return Format::markdown;
    if (lower.ends_with(".html") || lower.ends_with(".htm")) return Format::html;
    if (lower.ends_with(".xml") && head.find("<TEI") != std::string_view::npos) return Format::tei;
    return Format::text;
}

std::string event_id_for(const std::filesystem::path& path) { return path.stem().string(); }

Result<std::vector<model::Event>> parse_file(const std::filesystem::path& path, const ParseOptions& options) {
    auto source = read_source(path, options.encoding);
    if (!source) return source.error();
    return parse_source(std::move(source.value()), options);
}

Result<std::vector<model::Event>> parse_bytes(std::string bytes, std::string source_name, const ParseOptions& options) {
    auto source = decode_source(std::move(bytes), std::move(source_name), options.encoding);
    if (!source) return source.error();
    return parse_source(std::move(source.value()), options);
}

}  // namespace presser::ingest
