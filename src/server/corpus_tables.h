// What the lists of the API need and the index has only as region columns, tabulated once at startup:
// events (with their token, turn and exchange counts and speakers), speakers, outlets, and tokens per
// day of event date. Live events only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

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

struct OutletRow {
    std::string name;
    std::uint64_t speakers = 0, events = 0, turns = 0, tokens = 0;
};

struct ValueCount {
    std::string value;
    std::uint64_t events = 0;
};

struct CorpusTables {
    std::vector<EventRow> events;            // index order
    std::unordered_map<std::string, std::size_t> event_by_id;  // first live event of each id
    std::vector<SpeakerRow> speakers;        // one per (name, role); anonymous turns are left out
    std::vector<OutletRow> outlets;
    std::map<std::string, std::uint64_t> tokens_by_date;  // event date as stored ("2023-03-07", "2023") -> tokens
    std::uint64_t turns = 0;
    std::vector<ValueCount> languages, organisers;  // most events first
    std::string date_min, date_max;
};

[[nodiscard]] CorpusTables tabulate(const index::Index& index);

// The affiliations of a turn's "affiliation" column ("Reuters; AFP").
[[nodiscard]] std::vector<std::string> split_affiliations(std::string_view value);

}  // namespace presser::server
