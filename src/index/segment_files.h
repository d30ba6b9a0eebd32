// Names shared by the segment writer and reader: the files of a segment directory and the token
// attributes and structures an index has (docs/index-format.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace presser::index {

enum class Attribute : std::uint8_t { word, lower, lemma };
inline constexpr std::array<Attribute, 3> kAttributes = {Attribute::word, Attribute::lower, Attribute::lemma};
[[nodiscard]] std::string_view to_string(Attribute attribute);
[[nodiscard]] std::optional<Attribute> parse_attribute(std::string_view name);

enum class Structure : std::uint8_t { s, p, turn, exchange, event };
inline constexpr std::array<Structure, 5> kStructures = {Structure::s, Structure::p, Structure::turn,
                                                         Structure::exchange, Structure::event};
[[nodiscard]] std::string_view to_string(Structure structure);
[[nodiscard]] std::optional<Structure> parse_structure(std::string_view name);

[[nodiscard]] std::string lexicon_file(Attribute attribute);      // "word.lex"
[[nodiscard]] std::string regions_file(Structure structure);      // "turn.regions"
inline constexpr std::string_view kPostingsFile = "postings";
inline constexpr std::string_view kStreamFile = "word.stream";
inline constexpr std::string_view kMapsFile = "maps";
inline constexpr std::string_view kParagraphsFile = "paragraphs.zst";
inline constexpr std::string_view kEventsFile = "events.zst";
inline constexpr std::string_view kTurnFrequenciesFile = "turns.tf";
inline constexpr std::string_view kTurnBlocksFile = "turns.blk";
// Entries per block of a per-turn frequency list's directory (`turns.blk`); lists of at most this many
// entries have no directory. kNoTurnBlocks marks such a term in the directory tables; kNoTurn is the
// "turn before the first block" (none).
inline constexpr std::uint32_t kTurnBlockSize = 128;
inline constexpr std::uint64_t kNoTurnBlocks = UINT64_MAX;
inline constexpr std::uint32_t kNoTurn = UINT32_MAX;

}  // namespace presser::index
