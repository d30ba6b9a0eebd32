// Per-corpus corrections to speaker inference: a tab-separated sidecar file `presser-speakers.tsv`
// (documented in docs/labels.md) placed in a corpus folder or any folder above a transcript.
//
//   # label or name      role        title              affiliations (;-separated)   canonical name
//   MICHELLE SMITH       moderator
//   CHAIR POWELL         official    Chair of the Federal Reserve                     Jerome H. Powell
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ingest/sidecar_files.h"
#include "model/error.h"
#include "model/transcript.h"

namespace presser::ingest {

struct SpeakerOverride {
    std::string key;                      // fold_key() of the label or name it applies to
    std::optional<model::Role> role;
    std::string title;                    // "" keeps the inferred title
    std::vector<std::string> affiliations;
    std::string name;                     // "" keeps the inferred name
};

using SpeakerOverrides = std::vector<SpeakerOverride>;

[[nodiscard]] Result<SpeakerOverrides> load_speaker_overrides(const std::filesystem::path& file);

// The nearest presser-speakers.tsv in the folder of `transcript` or above it, if any.
[[nodiscard]] std::optional<std::filesystem::path> find_speaker_sidecar(const std::filesystem::path& transcript,
                                                                  SidecarCache* cache = nullptr);

// The override that applies to a speaker known by any of these folded keys.
[[nodiscard]] const SpeakerOverride* find_override(const SpeakerOverrides& overrides,
                                                   const std::vector<std::string>& keys);

}  // namespace presser::ingest
