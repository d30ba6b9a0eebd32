// The flags that control parsing, shared by `presser parse` and `presser index build`.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

#include "ingest/parser.h"
#include "ingest/speaker_overrides.h"

namespace presser::cli {

struct ParseFlags {
    std::string format = "auto";
    std::string date;
    std::string encoding;
    std::string speakers;
    std::string columns;  // "speaker=2,text=3": the columns of CSV/TSV transcripts
    std::uint64_t max_part_bytes = 64ull << 20;
};

void add_parse_flags(CLI::App* command, ParseFlags& flags);

// The parse options the flags ask for; `overrides` keeps the loaded speaker sidecar alive. On a bad
// flag value prints "presser COMMAND: ..." and returns nullopt.
[[nodiscard]] std::optional<ingest::ParseOptions> to_parse_options(const ParseFlags& flags, std::string_view command,
                                                                   std::optional<ingest::SpeakerOverrides>& overrides);

}  // namespace presser::cli
