#include "server/corpus_tables.h"

#include <algorithm>
#include <set>

namespace presser::server {

using index::Structure;

namespace {

std::vector<ValueCount> by_events(const std::map<std::string, std::uint64_t>& counts) {
    std::vector<ValueCount> out;
    for (const auto& [value, events] : counts) out.push_back({value, events});
    std::stable_sort(out.begin(), out.end(), [](const ValueCount& a, const ValueCount& b) { return a.events > b.events; });
    return out;
}

}  // namespace

void widen_to_identities(std::vector<std::string>& speakers, std::vector<std::string>& outlets, const CorpusTables& tables) {
    auto widen = [](std::vector<std::string>& values, const auto& spellings) {
        std::vector<std::string> wide;
        for (const auto& value : values) {
            wide.push_back(value);
            if (auto found = spellings.find(analysis::identity_key(value)); found != spellings.end())
                wide.insert(wide.end(), found->second.begin(), found->second.end());
        }
        std::sort(wide.begin(), wide.end());
        wide.erase(std::unique(wide.begin(), wide.end()), wide.end());
        values = std::move(wide);
    };
    widen(speakers, tables.speaker_spellings);
    widen(outlets, tables.outlet_spellings);
}

void add_stored_spellings(std::vector<std::string>& speakers, std::vector<std::string>& outlets,
                          std::vector<std::string>& organisers, std::vector<std::string>& languages, const CorpusTables& tables) {
    auto add = [](std::vector<std::string>& values, const index::Spellings& spellings) {
        const auto given = values.size();
        for (std::size_t i = 0; i < given; ++i)
            if (auto found = spellings.find(index::filter_key(values[i])); found != spellings.end())
                values.insert(values.end(), found->second.begin(), found->second.end());
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
    };
    add(speakers, tables.speaker_values);
    add(outlets, tables.outlet_values);
    add(organisers, tables.organiser_values);
    add(languages, tables.language_values);
}

CorpusTables tabulate(const index::Index& index) {
    CorpusTables tables;
    struct SpeakerAcc {
        std::set<std::string> outlets;
        std::uint64_t events = 0, turns = 0, tokens = 0;
        std::size_t last_event = SIZE_MAX;
    };
    std::map<std::pair<std::string, std::string>, SpeakerAcc> speakers;
    std::map<std::string, std::uint64_t> languages, organisers;
    for (std::uint32_t s = 0; s < index.segments().size(); ++s) {
        const auto& segment = *index.segments()[s];
        const auto& events = segment.regions(Structure::event);
        const auto& turns = segment.regions(Structure::turn);
        const auto& exchanges = segment.regions(Structure::exchange);
        // Row of each segment-local event, or SIZE_MAX for a deleted one.
        std::vector<std::size_t> row_of(events.size(), SIZE_MAX);
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            if (segment.event_deleted(e)) continue;
            EventRow row;
            row.segment = s;
            row.event = e;
            row.id = events.string("id", e);
            row.title = events.string("title", e);
            row.date = events.string("date", e);
            row.organiser = events.string("organiser", e);
            row.venue = events.string("venue", e);
            row.language = events.string("language", e);
            row.source = events.string("source", e);
            row.tokens = events.end(e) - events.start(e);
            row_of[e] = tables.events.size();
            tables.event_by_id.emplace(row.id, tables.events.size());
            tables.tokens_by_date[row.date] += row.tokens;
            ++languages[row.language];
            if (!row.organiser.empty()) ++organisers[row.organiser];
            if (!row.date.empty() && row.date[0] != '-') {
                if (tables.date_min.empty() || row.date < tables.date_min) tables.date_min = row.date;
                if (row.date > tables.date_max) tables.date_max = row.date;
            }
            tables.events.push_back(std::move(row));
        }
        for (std::uint64_t x = 0; x < exchanges.size(); ++x) {
            const auto e = events.find(exchanges.start(x));
            if (e && row_of[*e] != SIZE_MAX) ++tables.events[row_of[*e]].exchanges;
        }
        for (std::uint64_t t = 0; t < turns.size(); ++t) {
            const auto start = turns.start(t), end = turns.end(t);
            const auto e = events.find(start);
            if (!e || row_of[*e] == SIZE_MAX) continue;
            const std::size_t row = row_of[*e];
            auto& event = tables.events[row];
            ++event.turns;
            ++tables.turns;
            const std::string name(turns.string("speaker", t));
            if (name.empty()) continue;
            event.speakers.push_back(name);
            const auto affiliations = analysis::split_outlets(turns.string("affiliation", t));
            auto& speaker = speakers[{name, std::string(turns.string("role", t))}];
            ++speaker.turns;
            speaker.tokens += end - start;
            if (speaker.last_event != row) ++speaker.events, speaker.last_event = row;
            speaker.outlets.insert(affiliations.begin(), affiliations.end());
        }
    }
    for (auto& event : tables.events) {
        std::sort(event.speakers.begin(), event.speakers.end());
        event.speakers.erase(std::unique(event.speakers.begin(), event.speakers.end()), event.speakers.end());
    }
    for (auto& [key, acc] : speakers)
        tables.speakers.push_back({key.first, key.second, {acc.outlets.begin(), acc.outlets.end()}, acc.events, acc.turns, acc.tokens});
    tables.languages = by_events(languages);
    tables.organisers = by_events(organisers);
    tables.people = analysis::corpus_people(index);
    for (const auto& person : tables.people.people) {
        tables.speaker_spellings[analysis::identity_key(person.name)] = person.spellings;
        for (const auto& spelling : person.spellings) tables.speaker_spellings[analysis::identity_key(spelling)] = person.spellings;
    }
    for (const auto& outlet : tables.people.outlets) {
        tables.outlet_spellings[analysis::identity_key(outlet.name)] = outlet.spellings;
        for (const auto& spelling : outlet.spellings) tables.outlet_spellings[analysis::identity_key(spelling)] = outlet.spellings;
    }
    using Compare = index::FilterValues::Compare;
    tables.speaker_values = index::filter_spellings(index, Structure::turn, "speaker", Compare::folded);
    tables.outlet_values = index::filter_spellings(index, Structure::turn, "affiliation", Compare::folded_part);
    tables.organiser_values = index::filter_spellings(index, Structure::event, "organiser", Compare::folded);
    tables.language_values = index::filter_spellings(index, Structure::event, "language", Compare::folded);
    return tables;
}

}  // namespace presser::server
