#include "server/suggestions.h"

#include <algorithm>

#include "index/filter_values.h"

namespace presser::server {

namespace {

// 0: a name starts with `key`, 1: a word of a name does, 2: a name contains it, 3: none does.
int closeness(const std::vector<std::string_view>& names, const std::string& key) {
    int best = 3;
    for (const auto name : names) {
        const auto folded = index::filter_key(name);
        for (auto at = folded.find(key); at != std::string::npos && best > 0; at = folded.find(key, at + 1)) {
            const int rank = at == 0 ? 0 : (folded[at - 1] == ' ' || folded[at - 1] == '-' || folded[at - 1] == '(') ? 1 : 2;
            best = std::min(best, rank);
        }
        if (best == 0) break;
    }
    return best;
}

struct Ranked {
    int closeness;
    Suggestion row;
};

Suggestions page(std::vector<Ranked> ranked, SuggestField field, std::size_t limit) {
    std::stable_sort(ranked.begin(), ranked.end(), [field](const Ranked& a, const Ranked& b) {
        if (a.closeness != b.closeness) return a.closeness < b.closeness;
        if (field == SuggestField::event && a.row.date != b.row.date) return a.row.date > b.row.date;
        if (a.row.count != b.row.count) return a.row.count > b.row.count;
        return a.row.label < b.row.label;
    });
    Suggestions out;
    out.total = ranked.size();
    for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) out.rows.push_back(std::move(ranked[i].row));
    return out;
}

template <class Identity>
std::vector<Ranked> identities(const std::vector<Identity>& all, const std::string& key) {
    std::vector<Ranked> out;
    for (const auto& identity : all) {
        std::vector<std::string_view> names{identity.name};
        names.insert(names.end(), identity.spellings.begin(), identity.spellings.end());
        const int rank = key.empty() ? 0 : closeness(names, key);
        if (rank == 3) continue;
        Suggestion row{identity.name, identity.name, "", identity.turns, {}};
        for (const auto& spelling : identity.spellings)
            if (spelling != identity.name) row.spellings.push_back(spelling);
        out.push_back({rank, std::move(row)});
    }
    return out;
}

}  // namespace

Suggestions suggest(const CorpusTables& tables, SuggestField field, std::string_view typed, std::size_t limit) {
    const auto key = index::filter_key(typed);
    std::vector<Ranked> ranked;
    switch (field) {
        case SuggestField::speaker: ranked = identities(tables.people.people, key); break;
        case SuggestField::outlet: ranked = identities(tables.people.outlets, key); break;
        case SuggestField::event:
            for (const auto& event : tables.events) {
                const int rank = key.empty() ? 0 : closeness({event.title, event.id, event.date}, key);
                if (rank < 3) ranked.push_back({rank, {event.id, event.title.empty() ? event.id : event.title, event.date, event.turns, {}}});
            }
            break;
        case SuggestField::organiser:
            for (const auto& organiser : tables.organisers) {
                const int rank = key.empty() ? 0 : closeness({organiser.value}, key);
                if (rank < 3) ranked.push_back({rank, {organiser.value, organiser.value, "", organiser.events, {}}});
            }
            break;
    }
    return page(std::move(ranked), field, limit);
}

}  // namespace presser::server
