#include "index/manifest.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>
#include <sstream>

#include "index/file_io.h"
#include "index/verified_files.h"

namespace presser::index {
namespace {

std::string hex(std::uint64_t value) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

// Exactly 16 lowercase hex digits, as hex() writes them: a checksum written any other way (an upper-case
// digit is one bit flip away) is damage, not an equivalent spelling.
std::uint64_t from_hex(const std::string& text) {
    if (text.size() != 16 || text.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw std::invalid_argument("checksum '" + text + "' is not 16 lowercase hex digits");
    return std::stoull(text, nullptr, 16);
}

constexpr std::string_view kSealKey = "xxh3";

// The MANIFEST's checksum: XXH3-64 of its text as written without the seal. Readers recompute that text
// from the parsed document (the ordered form keeps the keys' order), so the seal covers every value.
std::uint64_t seal_of(const nlohmann::ordered_json& unsealed) { return checksum_of(unsealed.dump(1) + "\n"); }

Error manifest_error(const std::string& file, const std::string& message) {
    return Error{file, std::nullopt, std::nullopt, message};
}

// What the MANIFEST states about itself, beyond its checksum: each segment once, deleted events sorted,
// distinct and within the segment's events.
std::optional<std::string> inconsistency(const Manifest& manifest) {
    std::set<std::string> names;
    for (const auto& segment : manifest.segments) {
        if (!names.insert(segment.name).second) return "segment " + segment.name + " is listed twice";
        const auto& deleted = segment.deleted_events;
        for (std::size_t i = 0; i < deleted.size(); ++i) {
            if (deleted[i] >= segment.events)
                return "segment " + segment.name + " deletes event " + std::to_string(deleted[i]) + ", but has " +
                       std::to_string(segment.events) + " events";
            if (i > 0 && deleted[i] <= deleted[i - 1])
                return "segment " + segment.name + ": deleted events are not sorted and distinct";
        }
    }
    return std::nullopt;
}

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
    json["sources_size"] = sources_size;
    json["sources_xxh3"] = hex(sources_checksum);
    const auto seal = seal_of(json);
    json[kSealKey] = hex(seal);
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
        if (!source.event_id.empty()) entry["id"] = source.event_id;
        source_map[path] = std::move(entry);
    }
    return json.dump(1) + "\n";
}

Result<Manifest> Manifest::from_json(std::string_view text, const std::string& file) {
    try {
        auto json = nlohmann::ordered_json::parse(text);
        if (!json.is_object() || !json.contains("format") || json.at("format") != "presser-index")
            return manifest_error(file, "not a presser index manifest");
        const auto version = json.at("version").get<int>();
        if (version < kOldestReadableFormatVersion || version > kFormatVersion)
            return manifest_error(file, "index format version " + json.at("version").dump() + " is not supported (expected " +
                                            std::to_string(kFormatVersion) + "); delete the index directory and build it again from its sources (`presser index build`)");
        const bool sealed = json.contains(kSealKey);
        if (sealed != (version >= 5))
            return manifest_error(file, sealed ? "a version " + std::to_string(version) + " manifest with a checksum: the index is corrupt"
                                               : "the manifest has no checksum (\"xxh3\"): the index is corrupt");
        if (sealed) {
            const auto expected = from_hex(json.at(kSealKey).get<std::string>());
            json.erase(kSealKey);
            if (const auto found = seal_of(json); found != expected)
                return checksum_mismatch(file, expected, found);
        }
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
        if (sealed) {
            manifest.sources_size = json.at("sources_size").get<std::uint64_t>();
            manifest.sources_checksum = from_hex(json.at("sources_xxh3").get<std::string>());
            manifest.sources_checksummed = true;
        }
        if (const auto problem = inconsistency(manifest)) return manifest_error(file, *problem + ": the index is corrupt");
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
            source.event_id = entry.value("id", std::string());
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

// The sources file the manifest names, checked against the size and checksum the manifest records; its
// text when `with_text` (else "": a reader that only queries needs it verified, not parsed).
Result<std::string> read_sources_file(const std::filesystem::path& path, const Manifest& manifest, bool with_text) {
    auto file = MappedFile::open(path);
    if (!file) return Error{path.string(), std::nullopt, std::nullopt, "cannot read the sources file the manifest names: " + file.error().message};
    if (manifest.sources_checksummed) {
        if (auto verified = verify_file_once(path, file->identity(), file->bytes(), manifest.sources_size, manifest.sources_checksum); !verified)
            return verified.error();
    }
    return with_text ? std::string(file->bytes()) : std::string();
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
    if (!manifest || manifest->sources_file.empty()) return manifest;
    const auto sources_path = directory / manifest->sources_file;
    const auto sources = read_sources_file(sources_path, manifest.value(), with_sources);
    if (!sources) return sources.error();
    if (!with_sources) return manifest;
    if (auto parsed = manifest->sources_from_json(*sources, sources_path.string()); !parsed) return parsed.error();
    return manifest;
}

Result<bool> commit_manifest(const std::filesystem::path& directory, Manifest& manifest) {
    ++manifest.generation;
    manifest.sources_file = "sources-" + std::to_string(manifest.generation) + ".json";
    const auto sources = manifest.sources_to_json();
    manifest.sources_size = sources.size();
    manifest.sources_checksum = checksum_of(sources);
    manifest.sources_checksummed = true;
    if (auto written = write_file_atomically(directory / manifest.sources_file, sources); !written)
        return written;
    return write_file_atomically(directory / kManifestFile, manifest.to_json());
}

}  // namespace presser::index
