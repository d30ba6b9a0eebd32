// Speaker records from an index's region columns (turn speaker, title, role, affiliation; event date and
// organiser): one pass over the turns of the live events.
#include <map>
#include <tuple>

#include "analysis/people.h"

namespace presser::analysis {

std::vector<std::string> split_outlets(std::string_view value) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < value.size();) {
        auto next = value.find("; ", at);
        if (next == std::string_view::npos) next = value.size();
        if (next > at) out.emplace_back(value.substr(at, next - at));
        at = next + 2;
    }
    return out;
}

CorpusPeople corpus_people(const index::Index& index) {
    using index::Structure;
    std::vector<SpeakerRecord> records;
    std::uint64_t event_number = 0;
    for (const auto& segment_pointer : index.segments()) {
        const auto& segment = *segment_pointer;
        const auto& events = segment.regions(Structure::event);
        const auto& turns = segment.regions(Structure::turn);
        std::uint64_t t = 0;
        for (std::uint64_t e = 0; e < events.size(); ++e, ++event_number) {
            const auto event_end = events.end(e);
            // Turns before this event's end belong to it (turns never straddle events).
            std::map<std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>, std::size_t> row;
            for (; t < turns.size() && turns.start(t) < event_end; ++t) {
                if (segment.event_deleted(e)) continue;
                const auto key = std::make_tuple(turns.string("speaker", t), turns.string("title", t),
                                                 turns.string("role", t), turns.string("affiliation", t));
                auto [at, inserted] = row.try_emplace(key, records.size());
                if (inserted) {
                    SpeakerRecord r;
                    r.name = std::get<0>(key);
                    r.title = std::get<1>(key);
                    r.role = std::get<2>(key);
                    r.outlets = split_outlets(std::get<3>(key));
                    r.organiser = events.string("organiser", e);
                    r.date = events.string("date", e);
                    r.event = event_number;
                    records.push_back(std::move(r));
                }
                SpeakerRecord& r = records[at->second];
                ++r.turns;
                r.tokens += turns.end(t) - turns.start(t);
            }
        }
    }
    return resolve_people(std::move(records));
}

}  // namespace presser::analysis
