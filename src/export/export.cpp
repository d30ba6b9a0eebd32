// Format names, file names, provenance, and the dispatch of every format to its writer.
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "export/export.h"

#ifndef PRESSER_VERSION
#define PRESSER_VERSION "unknown"
#endif

namespace presser::exports {

namespace {

constexpr std::pair<Format, std::string_view> kNames[] = {
    {Format::vrt, "vrt"},           {Format::tsv_turns, "tsv-turns"}, {Format::csv_turns, "csv-turns"},
    {Format::csv_exchanges, "csv-exchanges"}, {Format::csv_hits, "csv-hits"}, {Format::convokit, "convokit"},
    {Format::tei, "tei"},           {Format::conllu, "conllu"}};

// Letters, digits, '-' and '_' of `text` (others as '-', runs joined), at most `limit` bytes.
std::string slug(std::string_view text, std::size_t limit) {
    std::string out;
    for (const char c : text) {
        const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (static_cast<unsigned char>(c) >= 0x80);
        if (keep) out += c;
        else if (!out.empty() && out.back() != '-') out += '-';
        if (out.size() >= limit) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    // Cut back to a whole UTF-8 character.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    return out;
}

Error io_error(const std::filesystem::path& path, const std::string& what) {
    return Error{path.string(), std::nullopt, std::nullopt, what};
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
    for (const auto& [format, text] : kNames)
        if (text == name) return format;
    return std::nullopt;
}

std::string_view to_string(Format format) {
    for (const auto& [f, text] : kNames)
        if (f == format) return text;
    return "";
}

bool writes_directory(Format format) { return format == Format::convokit; }

std::string_view extension(Format format) {
    switch (format) {
        case Format::vrt: return "vrt";
        case Format::tsv_turns: return "tsv";
        case Format::csv_turns:
        case Format::csv_exchanges:
        case Format::csv_hits: return "csv";
        case Format::convokit: return "";
        case Format::tei: return "xml";
        case Format::conllu: return "conllu";
    }
    return "";
}

std::string_view presser_version() { return PRESSER_VERSION; }

std::string ExportInfo::provenance() const {
    return "presser " + std::string(presser_version()) + "; corpus " + corpus + "; " + selection + "; exported " + date;
}

std::string corpus_name(const std::filesystem::path& index_directory) {
    auto path = std::filesystem::absolute(index_directory).lexically_normal();
    if (!path.has_filename()) path = path.parent_path();
    auto name = path.filename().string();
    if ((name == "presser" || name == "index" || name == "idx") && path.has_parent_path() &&
        !path.parent_path().filename().empty())
        name = path.parent_path().filename().string();
    const auto cleaned = slug(name, 60);
    return cleaned.empty() ? "corpus" : cleaned;
}

std::string today() {
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day ymd{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return text;
}

std::string file_name(Format format, const ExportInfo& info, const Selection& selection) {
    std::string name = "presser-" + std::string(to_string(format)) + "-" + info.corpus;
    if (!selection.whole) {
        name += "-" + slug(selection.label, 40);
        if (!selection.cql.empty())
            if (const auto words = slug(selection.cql, 40); !words.empty()) name += "-" + words;
    }
    name += "-" + info.date;
    if (const auto ext = extension(format); !ext.empty()) name += "." + std::string(ext);
    return name;
}

Result<bool> write_single(Format format, const index::Index& index, const Selection& selection, const ExportInfo& info,
                          std::ostream& out, std::uint32_t context) {
    switch (format) {
        case Format::vrt: return write_vrt(index, selection, info, out);
        case Format::tsv_turns: return write_turn_table(index, selection, info, '\t', out);
        case Format::csv_turns: return write_turn_table(index, selection, info, ',', out);
        case Format::csv_exchanges: return write_exchange_table(index, selection, info, out);
        case Format::csv_hits: return write_hit_table(index, selection, info, context, out);
        case Format::tei: return write_tei(index, selection, info, out);
        case Format::conllu: return write_conllu(index, selection, info, out);
        case Format::convokit: return write_convokit_utterances(index, selection, info, out);
    }
    return plain_error("unknown export format");
}

Result<bool> write_to_path(Format format, const index::Index& index, const Selection& selection, const ExportInfo& info,
                           const std::filesystem::path& path, std::uint32_t context) {
    if (format == Format::convokit) return write_convokit(index, selection, info, path);
    std::ofstream out(path, std::ios::binary);
    if (!out) return io_error(path, "cannot create the export file: " + std::string(std::strerror(errno)));
    auto written = write_single(format, index, selection, info, out, context);
    if (!written) return written;
    if (format == Format::vrt) {
        auto registry_path = path;
        registry_path.replace_extension(".registry");
        std::ofstream registry(registry_path, std::ios::binary);
        if (!registry) return io_error(registry_path, "cannot create the registry file: " + std::string(std::strerror(errno)));
        const auto folder = std::filesystem::absolute(path).parent_path();
        write_vrt_registry(info, info.corpus, folder / "data", registry);
        if (!registry.flush()) return io_error(registry_path, "cannot write the registry file");
    }
    if (!out.flush()) return io_error(path, "cannot write the export file (disk full?)");
    return true;
}

}  // namespace presser::exports
