// Turns a Draft (paragraphs with their labels, in source order) into a model::Event: validates weak
// labels, separates stage directions and source notes, merges consecutive blocks of one speaker,
// identifies speakers and their outlets, infers roles, classifies turns and pairs questions with answers.
// Every format parser ends here, so the rules are the same for text, Markdown, HTML and TEI.
#pragma once

#include <optional>
#include <string>

#include "ingest/draft.h"
#include "ingest/speaker_overrides.h"
#include "model/transcript.h"

namespace presser::ingest {

struct BuildOptions {
    std::string event_id;
    std::optional<model::PartialDate> date_override;
    const SpeakerOverrides* overrides = nullptr;
    std::string file_name;  // for dates written in file names ("FOMCpresconf20220316.txt")
};

[[nodiscard]] model::Event build_event(Draft draft, const BuildOptions& options);

}  // namespace presser::ingest
