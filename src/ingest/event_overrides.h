// Per-corpus facts about events that their sources do not state: a tab-separated sidecar file
// `presser-events.tsv` (documented in docs/labels.md) in a corpus folder or any folder above a transcript.
//
//   # file                          date         title                         organiser        venue   language
//   000_0abc0026b6dcbffa.txt        2023-03-07   Press conference of the NPC   NPC                      en
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ingest/sidecar_files.h"
#include "model/error.h"
#include "model/transcript.h"

namespace presser::ingest {

struct EventOverride {
    std::string file;  // the transcript's file name, without folders
    std::optional<model::PartialDate> date;
    std::string title, organiser, venue, language;  // "" keeps what the source says
};

using EventOverrides = std::vector<EventOverride>;

[[nodiscard]] Result<EventOverrides> load_event_overrides(const std::filesystem::path& file);

// The nearest presser-events.tsv in the folder of `transcript` or above it, if any.
[[nodiscard]] std::optional<std::filesystem::path> find_event_sidecar(const std::filesystem::path& transcript,
                                                                  SidecarCache* cache = nullptr);

// Applies the row for `file_name`, if any. `keep_date`: the caller's --date wins over the sidecar.
void apply_event_override(const EventOverrides& overrides, const std::string& file_name, bool keep_date,
                          model::Event& event);

}  // namespace presser::ingest
