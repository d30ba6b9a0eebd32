// The files of DIR/talking-points/ (talking_points.h states the contract): STATE.json, and per store
// generation G `fingerprints-G.bin` (sorted {u64 shingle hash, u32 store turn, u32 offset}),
// `turns-G.bin` ({u32 segment (in STATE's list), u32 turn region, u32 event, u32 language (in STATE's
// list)}) and `points-G.json`. Each binary file starts with an 8-byte magic and a u64 count; STATE records
// every file's size and XXH3-64, checked before use (once per process and file identity).
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "analysis/talking_points.h"
#include "index/file_io.h"
#include <nlohmann/json.hpp>

namespace presser::analysis {

struct StoredFingerprint {
    std::uint64_t hash = 0;
    std::uint32_t turn = 0, offset = 0;
    auto operator<=>(const StoredFingerprint&) const = default;
};

struct StoredTurn {
    std::uint32_t segment = 0, turn = 0, event = 0, language = 0;
};

struct TalkingPointState {
    std::uint64_t generation = 0, index_generation = 0;
    TalkingPointOptions parameters;
    std::vector<std::string> segments;   // index segments covered, by name
    std::vector<std::string> languages;
    std::map<std::string, std::uint64_t> language_events;
    std::vector<index::FileInfo> files;  // fingerprints, turns, points
};

// An opened store: STATE read, the binary files mapped and verified.
struct TalkingPointStore {
    std::filesystem::path folder;
    TalkingPointState state;
    index::MappedFile fingerprint_file, turn_file;
    std::span<const StoredFingerprint> fingerprints;
    std::span<const StoredTurn> turns;
};

// "" when `index_generation` is the store's, else the message saying what to run.
[[nodiscard]] std::string staleness(const std::filesystem::path& index_directory, const TalkingPointState& state, std::uint64_t index_generation);
// The store of the index at `index_directory`: an error naming the command to run when there is none.
[[nodiscard]] Result<TalkingPointStore> open_talking_point_store(const std::filesystem::path& index_directory);
[[nodiscard]] Result<TalkingPointSet> read_points(const TalkingPointStore& store);

// Writes a new generation (state.generation is set to the previous one + 1) and commits it by replacing
// STATE.json; then removes the previous generation's files.
[[nodiscard]] Result<bool> write_talking_point_store(const std::filesystem::path& index_directory, TalkingPointState& state,
                                                     const std::vector<StoredFingerprint>& fingerprints,
                                                     const std::vector<StoredTurn>& turns, const TalkingPointSet& points,
                                                     const std::function<std::optional<Error>()>& before_commit);

[[nodiscard]] nlohmann::json to_json(const TalkingPointOccurrence& occurrence);
// `occurrences`: with them (else only the summary fields).
[[nodiscard]] nlohmann::json to_json(const TalkingPoint& point, bool occurrences);
// Where else a passage was said: its matches, each with its occurrence's fields, similarity, edits, talking
// point and the alignment, token by token (op equal|substitute|insert|remove, query word, text word).
[[nodiscard]] nlohmann::json to_json(const SimilarResult& result);
[[nodiscard]] std::string_view boilerplate_rule();

}  // namespace presser::analysis
