// Who speaks in a structured transcript (JSON, CSV): participant lists ("Alma Ruiz--Chief Financial
// Officer", {"name": ..., "company": ..., "role": "analyst"}), role and type fields, and the label each row's
// speaker becomes. Shared by the JSON and table importers. Internal to src/ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/draft.h"
#include "ingest/label_grammar.h"
#include "model/transcript.h"

namespace presser::ingest {

// What a structured source states about one speaker.
struct SpeakerEntry {
    std::string name;
    std::string title;
    std::vector<std::string> affiliations;
    model::Role role = model::Role::unknown;
};

// The role that words such as "executive", "corporate participants", "analyst", "journalist", "operator",
// "Chief Financial Officer" stand for; unknown when they say nothing about it.
[[nodiscard]] model::Role role_from_words(std::string_view text);

// A participant written as one string: "Name--Title", "Name -- Firm -- Title", "Name | Firm | Title",
// "Name, Title". `group_role` is the role of the list it stands in (executives, analysts), if known.
[[nodiscard]] SpeakerEntry parse_participant_line(std::string_view line, model::Role group_role);

// Completes an entry's role from what it says: its title's words, else an outside firm (a firm stated
// with no office that makes its holder an official) for someone who asks.
void settle_role(SpeakerEntry& entry);

// The participants of one event, found by name (case- and accent-folded).
class SpeakerDirectory {
public:
    void add(SpeakerEntry entry);
    [[nodiscard]] const SpeakerEntry* find(std::string_view name) const;
    [[nodiscard]] bool empty() const { return entries_.empty(); }

private:
    std::vector<std::pair<std::string, SpeakerEntry>> entries_;
};

// The label of a row's speaker: read by the label grammar ("Q", "Operator", "MS. PSAKI"), then completed
// with what the participant list (`known`, may be null) and the row's own fields (`row`) state. Never weak:
// the structure says who speaks.
[[nodiscard]] Label structured_label(std::string_view speaker, const SpeakerEntry* known, const SpeakerEntry& row);

// A row's paragraphs as blocks of `draft`: the first carries the row's label and time stamp, the others
// continue its turn.
void append_row_blocks(Draft& draft, std::vector<model::Paragraph>& paragraphs, std::optional<Label> label,
                       std::optional<std::uint32_t> time);

}  // namespace presser::ingest
