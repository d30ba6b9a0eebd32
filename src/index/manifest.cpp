#include "index/manifest.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>

#include "index/file_io.h"

namespace presser::index {
namespace {

std::string hex(std::uint64_t value) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::uint64_t from_hex(const std::string& text) { return std::stoull(text, nullptr, 16); }

}  // namespace

std::string Manifest::to_json() const {
    nlohmann::ordered_json json;
    json["format"] = "presser-index";
    json["version"] = kFormatVersion;
    json["generation"] = generation;
    json["next_segment"] = next_segment;
    auto& segment_list = json["segments"] = nlohmann::ordered_json::array();
    for (const auto& segment : segments) {
        nlohmann::ordered_json entry;
        entry["name"] = segment.name;
        entry["tokens"] = segment.tokens;
        entry["events"] = segment.events;
        auto& files = entry["files"] = nlohmann::ordered_json::object();
        for (const auto& file : segment.files) files[file.name] = {{"size", file.size}, {"xxh3", hex(file.checksum)}};
        entry["deleted_events"] = segment.deleted_events;
        segment_list.push_back(std::move(entry));
    }
    json["sources_file"] = sources_file;
    return json.dump(1) + "\n";
}

std::string Manifest::sources_to_json() const {
    nlohmann::ordered_json json;
    json["generation"] = generation;
    auto& source_map = json["sources"] = nlohmann::ordered_json::object();
    for (const auto& [path, source] : sources) {
        nlohmann::ordered_json entry;
        entry["xxh3"] = hex(source.hash);
        entry["size"] = source.size;
        auto& events = entry["events"] = nlohmann::ordered_json::array();
        for (const auto& location : source.events) events.push_back({location.segment, location.event});
        if (!source.root.empty()) entry["root"] = source.root;
        source_map[path] = std::move(entry);
    }
    return json.dump(1) + "\n";
}

Result<Manifest> Manifest::from_json(std::string_view text, const std::string& file) {
    try {
        const auto json = nlohmann::json::parse(text);
        if (json.at("format") != "presser-index")
            return Error{file, std::nullopt, std::nullopt, "not a presser index manifest"};
        if (json.at("version").get<int>() != kFormatVersion)
            return Error{file, std::nullopt, std::nullopt,
                         "index format version " + json.at("version").dump() + " is not supported (expected " +
                             std::to_string(kFormatVersion) + "); delete the index directory and build it again from its sources (`presser index build`)"};
        Manifest manifest;
        manifest.generation = json.at("generation").get<std::uint64_t>();
        manifest.next_segment = json.at("next_segment").get<std::uint64_t>();
        for (const auto& entry : json.at("segments")) {
            SegmentInfo segment;
            segment.name = entry.at("name").get<std::string>();
            if (segment.name.empty() || segment.name.find('/') != std::string::npos || segment.name[0] == '.')
                return Error{file, std::nullopt, std::nullopt, "bad segment name '" + segment.name + "'"};
            segment.tokens = entry.at("tokens").get<std::uint64_t>();
            segment.events = entry.at("events").get<std::uint64_t>();
            for (const auto& [name, info] : entry.at("files").items())
                segment.files.push_back({name, info.at("size").get<std::uint64_t>(), from_hex(info.at("xxh3").get<std::string>())});
            segment.deleted_events = entry.at("deleted_events").get<std::vector<std::uint64_t>>();
            manifest.segments.push_back(std::move(segment));
        }
        manifest.sources_file = json.value("sources_file", "");
        if (manifest.sources_file.find('/') != std::string::npos)
            return Error{file, std::nullopt, std::nullopt, "bad sources file name '" + manifest.sources_file + "'"};
        return manifest;
    } catch (const std::exception& error) {
        return Error{file, std::nullopt, std::nullopt, std::string("corrupt manifest: ") + error.what()};
    }
}

Result<bool> Manifest::sources_from_json(std::string_view text, const std::string& file) {
    try {
        const auto json = nlohmann::json::parse(text);
        sources.clear();
        for (const auto& [path, entry] : json.at("sources").items()) {
            SourceInfo source;
            source.hash = from_hex(entry.at("xxh3").get<std::string>());
            source.size = entry.at("size").get<std::uint64_t>();
            for (const auto& location : entry.at("events"))
                source.events.push_back({location.at(0).get<std::string>(), location.at(1).get<std::uint64_t>()});
            source.root = entry.value("root", std::string());
            sources.emplace(path, std::move(source));
        }
        return true;
    } catch (const std::exception& error) {
        return Error{file, std::nullopt, std::nullopt, std::string("corrupt sources file: ") + error.what()};
    }
}

namespace {

std::optional<std::string> read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

Result<Manifest> read_manifest(const std::filesystem::path& directory, bool with_sources) {
    const auto path = directory / kManifestFile;
    const auto text = read_text(path);
    if (!text) {
        if (!std::filesystem::exists(path)) return Manifest{};
        return Error{path.string(), std::nullopt, std::nullopt, "cannot read the manifest"};
    }
    auto manifest = Manifest::from_json(*text, path.string());
    if (!manifest || !with_sources || manifest->sources_file.empty()) return manifest;
    const auto sources_path = directory / manifest->sources_file;
    const auto sources = read_text(sources_path);
    if (!sources) return Error{sources_path.string(), std::nullopt, std::nullopt, "cannot read the sources file the manifest names"};
    if (auto parsed = manifest->sources_from_json(*sources, sources_path.string()); !parsed) return parsed.error();
    return manifest;
}

Result<bool> commit_manifest(const std::filesystem::path& directory, Manifest& manifest) {
    ++manifest.generation;
    manifest.sources_file = "sources-" + std::to_string(manifest.generation) + ".json";
    if (auto written = write_file_atomically(directory / manifest.sources_file, manifest.sources_to_json()); !written)
        return written;
    return write_file_atomically(directory / kManifestFile, manifest.to_json());
}

}  // namespace presser::index
