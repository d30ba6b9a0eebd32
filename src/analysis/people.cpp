#include "analysis/people.h"

#include <algorithm>
#include <map>
#include <set>

#include "ingest/label_grammar.h"

namespace presser::analysis {
namespace {

std::string outlet_key(std::string_view spelling) {
    std::string key = identity_key(spelling);
    if (key.starts_with("the ")) key.erase(0, 4);
    return key;
}

std::string last_word(const std::string& key) {
    const auto space = key.rfind(' ');
    return space == std::string::npos ? key : key.substr(space + 1);
}

void widen_dates(std::string& first, std::string& last, const std::string& date) {
    if (date.empty() || date[0] == '-') return;
    if (first.empty() || date < first) first = date;
    if (date > last) last = date;
}

// Keys sorted by the turns of each, most first.
template <class Map>
std::vector<std::pair<std::string, std::uint64_t>> by_turns(const Map& counts) {
    std::vector<std::pair<std::string, std::uint64_t>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

struct PersonAcc {
    std::map<std::string, std::uint64_t> spellings, roles;
    std::map<std::string, Office> offices;
    std::set<std::string> outlets, organisers;
    std::set<std::uint64_t> events;
    std::string first_date, last_date;
    std::uint64_t turns = 0, tokens = 0;

    void add(const SpeakerRecord& r, const std::vector<std::string>& canonical_outlets) {
        spellings[r.name] += r.turns;
        if (!r.role.empty()) roles[r.role] += r.turns;
        if (!r.title.empty()) {
            Office& office = offices[r.title];
            office.title = r.title;
            office.turns += r.turns;
            widen_dates(office.first_date, office.last_date, r.date);
        }
        outlets.insert(canonical_outlets.begin(), canonical_outlets.end());
        if (!r.organiser.empty()) organisers.insert(r.organiser);
        events.insert(r.event);
        widen_dates(first_date, last_date, r.date);
        turns += r.turns;
        tokens += r.tokens;
    }
};

// The person key each surname-only key joins: the one full name ending in it that shares an organiser or
// an office with it, when there is exactly one.
std::map<std::string, std::string> surname_joins(const std::map<std::string, std::vector<const SpeakerRecord*>>& by_key) {
    std::map<std::string, std::vector<std::string>> full_by_surname;
    for (const auto& [key, records] : by_key)
        if (key.find(' ') != std::string::npos) full_by_surname[last_word(key)].push_back(key);
    auto evidence = [&](const std::vector<const SpeakerRecord*>& a, const std::vector<const SpeakerRecord*>& b) {
        std::set<std::string> organisers, titles;
        for (const auto* r : b) {
            if (!r->organiser.empty()) organisers.insert(r->organiser);
            if (!r->title.empty()) titles.insert(identity_key(r->title));
        }
        return std::any_of(a.begin(), a.end(), [&](const SpeakerRecord* r) {
            return (!r->organiser.empty() && organisers.contains(r->organiser)) ||
                   (!r->title.empty() && titles.contains(identity_key(r->title)));
        });
    };
    std::map<std::string, std::string> joins;
    for (const auto& [key, records] : by_key) {
        if (key.find(' ') != std::string::npos) continue;
        const auto candidates = full_by_surname.find(key);
        if (candidates == full_by_surname.end()) continue;
        std::vector<std::string> supported;
        for (const auto& full : candidates->second)
            if (evidence(records, by_key.at(full))) supported.push_back(full);
        if (supported.size() == 1) joins.emplace(key, supported.front());
    }
    return joins;
}

Person finish(PersonAcc& acc) {
    Person person;
    const auto spellings = by_turns(acc.spellings);
    for (const auto& [spelling, turns] : spellings) person.spellings.push_back(spelling);
    // The canonical name is a full name (several words) when there is one.
    person.name = spellings.front().first;
    for (const auto& [spelling, turns] : spellings)
        if (identity_key(spelling).find(' ') != std::string::npos) {
            person.name = spelling;
            break;
        }
    person.roles = by_turns(acc.roles);
    for (auto& [title, office] : acc.offices) person.offices.push_back(std::move(office));
    std::stable_sort(person.offices.begin(), person.offices.end(), [](const Office& a, const Office& b) {
        return a.first_date != b.first_date ? a.first_date < b.first_date : a.turns > b.turns;
    });
    person.outlets.assign(acc.outlets.begin(), acc.outlets.end());
    person.organisers.assign(acc.organisers.begin(), acc.organisers.end());
    person.first_date = acc.first_date;
    person.last_date = acc.last_date;
    person.events = acc.events.size();
    person.turns = acc.turns;
    person.tokens = acc.tokens;
    return person;
}

struct OutletAcc {
    std::map<std::string, std::uint64_t> spellings;
    std::set<std::string> speakers;
    std::set<std::uint64_t> events;
    std::uint64_t turns = 0, tokens = 0;
    std::string known;
};

std::vector<Outlet> resolve_outlets(const std::vector<SpeakerRecord>& records,
                                    std::map<std::string, std::string>& canonical_of_spelling) {
    std::map<std::string, OutletAcc> by_key;
    for (const auto& r : records)
        for (const auto& spelling : r.outlets) {
            const std::string_view known = known_outlet(spelling);
            const std::string key = known.empty() ? outlet_key(spelling) : "\x01" + std::string(known);
            OutletAcc& acc = by_key[key];
            acc.known = known;
            acc.spellings[spelling] += r.turns;
            if (!r.name.empty()) acc.speakers.insert(identity_key(r.name));
            acc.events.insert(r.event);
            acc.turns += r.turns;
            acc.tokens += r.tokens;
        }
    std::vector<Outlet> out;
    for (auto& [key, acc] : by_key) {
        Outlet outlet;
        for (const auto& [spelling, turns] : by_turns(acc.spellings)) outlet.spellings.push_back(spelling);
        outlet.known = !acc.known.empty();
        outlet.name = outlet.known ? acc.known : outlet.spellings.front();
        outlet.speakers = acc.speakers.size();
        outlet.events = acc.events.size();
        outlet.turns = acc.turns;
        outlet.tokens = acc.tokens;
        for (const auto& spelling : outlet.spellings) canonical_of_spelling[spelling] = outlet.name;
        out.push_back(std::move(outlet));
    }
    std::stable_sort(out.begin(), out.end(), [](const Outlet& a, const Outlet& b) { return a.turns > b.turns; });
    return out;
}

}  // namespace

std::string identity_key(std::string_view text) {
    const std::string folded = ingest::fold_key(text);
    std::string out;
    bool space = false;
    for (char c : folded) {
        const auto u = static_cast<unsigned char>(c);
        const bool separator = u < 0x80 && !std::isalnum(u);
        if (separator) {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(u < 0x80 ? std::tolower(u) : u));
    }
    return out;
}

CorpusPeople resolve_people(std::vector<SpeakerRecord> records) {
    CorpusPeople result;
    std::map<std::string, std::string> canonical_outlet;
    result.outlets = resolve_outlets(records, canonical_outlet);

    std::map<std::string, std::vector<const SpeakerRecord*>> by_key;
    for (const auto& r : records) {
        const std::string key = identity_key(r.name);
        if (key.empty()) {
            result.unidentified_turns += r.turns;
            continue;
        }
        by_key[key].push_back(&r);
    }
    const auto joins = surname_joins(by_key);
    std::map<std::string, PersonAcc> people;
    for (const auto& [key, list] : by_key) {
        const auto joined = joins.find(key);
        PersonAcc& acc = people[joined == joins.end() ? key : joined->second];
        for (const auto* r : list) {
            std::vector<std::string> outlets;
            for (const auto& o : r->outlets) outlets.push_back(canonical_outlet.at(o));
            acc.add(*r, outlets);
        }
    }
    for (auto& [key, acc] : people) result.people.push_back(finish(acc));
    std::stable_sort(result.people.begin(), result.people.end(),
                     [](const Person& a, const Person& b) { return a.turns > b.turns; });
    return result;
}

}  // namespace presser::analysis
