// One identity per person and per outlet across a corpus.
//
//   auto people = presser::analysis::corpus_people(index);   // from the index's turn columns, exact
//   for (const auto& person : people.people) ... person.name, person.spellings, person.offices ...
//
// Contract:
//  * A person is every speaker record whose name folds (case, accents, punctuation) to the same words,
//    plus surname-only records ("Psaki", "Powell") that match the last name of exactly one person who
//    shares evidence with them (the same organiser or the same office). Two people of the same surname
//    are never merged without that evidence, and a surname shared by two candidates stays its own entry.
//  * Anonymous speakers (empty name) are no person; their turns are counted in `unidentified_turns`.
//  * An outlet is every spelling that folds to the same key or that presser's list of known outlets
//    (known_outlets.cpp) names as one organisation ("AP" = "Associated Press", "法新社" = "AFP"); the
//    canonical name is the list's, else the spelling used in most turns. Spellings as written are kept.
//  * Counts are exact: turns and tokens of live events; events counted once per person.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/index.h"

namespace presser::analysis {

// A speaker as one event records them, with its use there.
struct SpeakerRecord {
    std::string name, title, role, organiser, date;  // date of the event ("2023-03-07", "" unknown)
    std::vector<std::string> outlets;
    std::uint64_t event = 0;  // corpus-wide event number
    std::uint64_t turns = 0, tokens = 0;
};

struct Office {
    std::string title;
    std::string first_date, last_date;  // "" when no event of it is dated
    std::uint64_t turns = 0;
};

struct Person {
    std::string name;                    // canonical: the full spelling used in most turns
    std::vector<std::string> spellings;  // every name written, most turns first
    std::vector<std::pair<std::string, std::uint64_t>> roles;  // role, turns; most turns first
    std::vector<Office> offices;         // earliest first
    std::vector<std::string> outlets;    // canonical outlet names, sorted
    std::vector<std::string> organisers; // sorted
    std::string first_date, last_date;
    std::uint64_t events = 0, turns = 0, tokens = 0;
};

struct Outlet {
    std::string name;                    // canonical
    std::vector<std::string> spellings;  // as written, most turns first
    bool known = false;                  // on presser's list of known outlets
    std::uint64_t speakers = 0, events = 0, turns = 0, tokens = 0;
};

struct CorpusPeople {
    std::vector<Person> people;  // most turns first
    std::vector<Outlet> outlets; // most turns first
    std::uint64_t unidentified_turns = 0;
};

// Resolves people and outlets from speaker records (in any order).
[[nodiscard]] CorpusPeople resolve_people(std::vector<SpeakerRecord> records);

// The records of every live event of `index`, one per (event, speaker name, title, role), then resolved.
[[nodiscard]] CorpusPeople corpus_people(const index::Index& index);

// Case-, accent- and punctuation-folded words of a name or outlet: "Jean-Pierre, K." -> "jean pierre k".
[[nodiscard]] std::string identity_key(std::string_view text);

// The outlets of a turn's "affiliation" column ("Reuters; AFP").
[[nodiscard]] std::vector<std::string> split_outlets(std::string_view value);

// The canonical name of a known outlet ("AP" -> "Associated Press"), or "" when presser does not know it.
[[nodiscard]] std::string_view known_outlet(std::string_view spelling);

}  // namespace presser::analysis
