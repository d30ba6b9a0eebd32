// Suggestions for the filter inputs (GET /api/suggest): the speakers, outlets, events and organisers of the
// index whose names contain what was typed, with counts, from the startup tables.
//
// Contract: a row matches when the folded text (NFKC case folding) is a substring of one of its folded
// names (a person's or outlet's canonical name or any spelling; an event's title, id or date; an
// organiser's name); an empty text matches every row. Rows whose name starts with the text come first,
// then those with a word starting with it, then the rest; within each, most turns (events for organisers,
// newest first for events) then by name. `value` is what the filter takes (docs/api.md, "Filters").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/corpus_tables.h"

namespace presser::server {

enum class SuggestField { speaker, outlet, event, organiser };

struct Suggestion {
    std::string value;   // the filter's value: a canonical name, an event id, an organiser
    std::string label;   // what to show: the name, or an event's title
    std::string date;    // events only
    std::uint64_t count = 0;  // turns (speaker, outlet, event), events (organiser)
    std::vector<std::string> spellings;  // the other names a person or outlet is written as
};

struct Suggestions {
    std::uint64_t total = 0;  // rows that match
    std::vector<Suggestion> rows;  // the first `limit`
};

[[nodiscard]] Suggestions suggest(const CorpusTables& tables, SuggestField field, std::string_view typed, std::size_t limit);

}  // namespace presser::server
