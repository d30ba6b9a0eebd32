// What the lists of the API need and the index has only as region columns, tabulated once at startup:
// events (with their token, turn and exchange counts and speakers), speakers, outlets, and tokens per
// day of event date. Live events only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/people.h"
#include "index/filter_values.h"
#include "index/index.h"

namespace presser::server {

struct EventRow {
    std::uint32_t segment = 0;
    std::uint64_t event = 0;  // segment-local
    std::string id, title, date, organiser, venue, language, source;
    std::uint64_t tokens = 0, turns = 0, exchanges = 0;
    std::vector<std::string> speakers;  // names with a turn, sorted, distinct
};

struct SpeakerRow {
    std::string name, role;
    std::vector<std::string> outlets;  // sorted, distinct
    std::uint64_t events = 0, turns = 0, tokens = 0;
};

struct ValueCount {
    std::string value;
    std::uint64_t events = 0;
};

struct CorpusTables {
    std::vector<EventRow> events;            // index order
    std::unordered_map<std::string, std::size_t> event_by_id;  // first live event of each id
    std::vector<SpeakerRow> speakers;        // one per (name, role); anonymous turns are left out
    std::map<std::string, std::uint64_t> tokens_by_date;  // event date as stored ("2023-03-07", "2023") -> tokens
    std::uint64_t turns = 0;
    std::vector<ValueCount> languages, organisers;  // most events first
    std::string date_min, date_max;
    analysis::CorpusPeople people;  // one identity per person and per outlet (/api/people, /api/outlets)
    // identity_key of a person's or outlet's canonical name or of any of its spellings -> every spelling.
    std::unordered_map<std::string, std::vector<std::string>> speaker_spellings, outlet_spellings;
    // The stored spellings of each folded filter value (index/filter_values.h): the filter model's speaker,
    // outlet, organiser and language values as the exact values CQL's within clauses compare.
    index::Spellings speaker_values, outlet_values, organiser_values, language_values;
};

[[nodiscard]] CorpusTables tabulate(const index::Index& index);

// Speaker and outlet filters widened to every spelling of the identities they name: `speaker=Jen Psaki`
// also selects turns labelled "Psaki" when both are one person, `outlet=AP` those of "Associated Press".
void widen_to_identities(std::vector<std::string>& speakers, std::vector<std::string>& outlets, const CorpusTables& tables);
// Speaker, outlet, organiser and language values joined by every stored value they match case-insensitively
// (the filter model, index/filter_values.h), so that exact matching (CQL) selects what folded matching does.
void add_stored_spellings(std::vector<std::string>& speakers, std::vector<std::string>& outlets,
                          std::vector<std::string>& organisers, std::vector<std::string>& languages, const CorpusTables& tables);

}  // namespace presser::server
