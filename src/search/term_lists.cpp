#include "search/term_lists.h"

#include <algorithm>

#include "search/turn_list_cursor.h"

namespace presser::search {

using index::Attribute;
using index::Segment;
using index::Structure;

namespace {

std::vector<std::uint32_t> merge_lists(std::vector<std::vector<std::uint32_t>> lists) {
    lists.erase(std::remove_if(lists.begin(), lists.end(), [](const auto& l) { return l.empty(); }), lists.end());
    if (lists.empty()) return {};
    if (lists.size() == 1) return std::move(lists[0]);
    std::vector<std::uint32_t> all;
    for (const auto& l : lists) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

std::vector<std::uint32_t> positions_of_forms(const Segment& segment, Attribute attribute, const std::vector<std::string>& forms) {
    std::vector<std::vector<std::uint32_t>> lists;
    const auto& lexicon = segment.lexicon(attribute);
    for (const auto& form : forms) {
        const auto id = lexicon.terms().find(form);
        if (!id) continue;
        auto cursor = segment.postings(attribute, *id);
        std::vector<std::uint32_t> positions;
        positions.reserve(cursor.size());
        cursor.drain(positions);
        lists.push_back(std::move(positions));
    }
    return merge_lists(std::move(lists));
}

}  // namespace

std::vector<std::uint32_t> term_ids(const Segment& segment, const BoundTerm& term) {
    std::vector<std::uint32_t> ids;
    const auto& lexicon = segment.lexicon(term.attribute);
    if (term.kind == QueryTerm::Kind::prefix) {
        const auto [first, last] = lexicon.terms().prefix_range(term.prefix);
        for (auto id = first; id < last; ++id) ids.push_back(id);
    } else {
        for (const auto& form : term.slots[0])
            if (const auto id = lexicon.terms().find(form)) ids.push_back(*id);
    }
    return ids;
}

std::vector<std::uint32_t> term_positions(const Segment& segment, const BoundTerm& term) {
    if (term.kind == QueryTerm::Kind::prefix) {
        const auto& lexicon = segment.lexicon(term.attribute);
        const auto [first, last] = lexicon.terms().prefix_range(term.prefix);
        std::vector<std::vector<std::uint32_t>> lists;
        for (auto id = first; id < last; ++id) {
            auto cursor = segment.postings(term.attribute, id);
            std::vector<std::uint32_t> positions;
            positions.reserve(cursor.size());
            cursor.drain(positions);
            lists.push_back(std::move(positions));
        }
        return merge_lists(std::move(lists));
    }
    if (term.slots.size() == 1) return positions_of_forms(segment, term.attribute, term.slots[0]);
    std::vector<std::vector<std::uint32_t>> slots;
    std::size_t rarest = 0;
    for (std::size_t i = 0; i < term.slots.size(); ++i) {
        slots.push_back(positions_of_forms(segment, term.attribute, term.slots[i]));
        if (slots.back().empty()) return {};
        if (slots[i].size() < slots[rarest].size()) rarest = i;
    }
    std::vector<std::uint32_t> starts;
    std::vector<std::size_t> at(slots.size(), 0);
    for (const auto p : slots[rarest]) {
        if (p < rarest) continue;
        const std::uint32_t start = p - static_cast<std::uint32_t>(rarest);
        bool all = true;
        for (std::size_t i = 0; i < slots.size() && all; ++i) {
            if (i == rarest) continue;
            const auto& list = slots[i];
            const std::uint32_t want = start + static_cast<std::uint32_t>(i);
            // Forward from the last place (starts only grow): a few steps first, since in a frequent phrase
            // the next occurrence is usually a few entries on, then galloping.
            auto& next = at[i];
            for (int n = 0; n < 4 && next < list.size() && list[next] < want; ++n) ++next;
            if (next < list.size() && list[next] < want) next = gallop(list, next, want);
            all = next < list.size() && list[next] == want;
        }
        if (all) starts.push_back(start);
    }
    return starts;
}

bool reads_turn_frequencies(const Segment& segment, const BoundTerm& term) {
    return term.kind != QueryTerm::Kind::phrase && term.attribute != Attribute::word && segment.has_turn_frequencies();
}

TermLists::TermLists(const index::Index& index, std::shared_ptr<SearchTables> tables)
    : index_(index), tables_(tables ? std::move(tables) : make_search_tables(index)) {
    cache_.resize(index.segments().size());
    inverse_norms_.resize(index.segments().size());
    inverse_norm_b_.assign(index.segments().size(), -1);
}

void TermLists::compute_statistics(Unit unit, UnitStatistics& stats) const {
    double sums[2] = {0, 0};
    for (std::size_t s = 0; s < index_.segments().size(); ++s) {
        const auto& table = segment_tables(s).units[static_cast<int>(unit)];
        for (std::size_t u = 0; u < table.live.size(); ++u) {
            if (!table.live[u]) continue;
            ++stats.count;
            for (int f = 0; f < 2; ++f)
                if (!table.length[f].empty()) sums[f] += table.length[f][u];
        }
    }
    for (int f = 0; f < 2; ++f) stats.average_length[f] = stats.count > 0 ? sums[f] / static_cast<double>(stats.count) : 0;
    stats.ready = true;
}

const std::vector<float>& TermLists::turn_inverse_norms(std::size_t s, double b) {
    auto& norms = inverse_norms_[s];
    if (inverse_norm_b_[s] != b) {
        const auto& lengths = segment_tables(s).units[static_cast<int>(Unit::turn)].length[0];
        norms.resize(lengths.size());
        for (std::size_t t = 0; t < lengths.size(); ++t) norms[t] = turn_inverse_norm(lengths[t], b);
        inverse_norm_b_[s] = b;
    }
    return norms;
}

const UnitPostings& TermLists::unit_postings(std::size_t s, const BoundTerm& term, const SearchOptions& options) {
    auto& slot = cache_[s][term.key];
    if (!slot) {
        slot = build_unit_postings(s, term, options);
        cache_bytes_ += slot->bytes();
    }
    return *slot;
}

std::unique_ptr<UnitPostings> TermLists::build_unit_postings(std::size_t s, const BoundTerm& term, const SearchOptions& options,
                                                             const TurnRanges* within, std::uint64_t* live_turns) {
    const auto& segment = *index_.segments()[s];
    const auto& tables = segment_tables(s);
    const auto& unit_table = tables.units[static_cast<int>(options.unit)];
    const auto& stats = unit_statistics(options.unit);
    auto list = std::make_unique<UnitPostings>();
    list->attribute = term.attribute;
    const std::size_t turn_count = tables.turn_field.size();
    std::vector<std::uint32_t> frequencies[2];
    // Adds `count` occurrences in turn t (and `position` to the unit's positions unless kNone).
    auto add = [&](std::size_t t, std::uint32_t count, std::uint32_t position) {
        const auto field = tables.turn_field[t];
        if ((field & term.fields) == 0) return;
        std::uint32_t unit = static_cast<std::uint32_t>(t);
        int f = 0;
        if (options.unit == Unit::exchange) {
            unit = tables.turn_exchange[t];
            if (unit == kNone || (field != kQuestionField && field != kAnswerField)) return;
            f = field == kQuestionField ? 0 : 1;
        } else if (options.unit == Unit::event) {
            unit = tables.turn_event[t];
        }
        if (list->units.empty() || list->units.back() != unit) {
            list->units.push_back(unit);
            if (position != kNone) list->position_begin.push_back(static_cast<std::uint32_t>(list->positions.size()));
            frequencies[0].push_back(0);
            frequencies[1].push_back(0);
        }
        frequencies[f].back() += count;
        if (position != kNone) list->positions.push_back(position);
    };
    const bool from_turn_lists = reads_turn_frequencies(segment, term);
    // Turns, the common unit, are kept tight: weights from the cached norms, a turn's entry set at once.
    const auto* inverse_norm = options.unit == Unit::turn ? &turn_inverse_norms(s, options.ranking.b) : nullptr;
    auto add_unit = [&](std::size_t i, std::uint32_t t, std::uint32_t tf) {
        const float weight = static_cast<float>(tf) * (*inverse_norm)[t];
        list->units[i] = t;
        list->weight[i] = weight;
        auto& block = list->block_max[i / UnitPostings::kBlock];
        block = std::max(block, weight);
        if (tables.every_unit_live || unit_table.live[t]) {
            ++list->live_units;
            list->max_weight = std::max(list->max_weight, weight);
        }
    };
    // Every turn is in one of the fields: an unscoped term reads no field (nor, without deleted events,
    // liveness) per entry.
    const bool any_field = term.fields == kAnyField;
    if (from_turn_lists && options.unit == Unit::turn) {
        // Turns straight from `turns.tf`.
        list->has_positions = false;
        list->terms = term_ids(segment, term);
        if (list->terms.size() == 1 && any_field) {
            // One form, every field: the list is already the units' list, in order.
            index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, list->terms[0]));
            list->units.resize(reader.size());
            list->weight.resize(reader.size());
            list->block_max.assign((reader.size() + UnitPostings::kBlock - 1) / UnitPostings::kBlock, 0.0F);
            std::size_t n = 0;
            std::uint32_t t = 0, tf = 0;
            while (reader.next(t, tf))
                if (t < turn_count) add_unit(n++, t, tf);
            list->units.resize(n);
            list->weight.resize(n);
            list->block_max.resize((n + UnitPostings::kBlock - 1) / UnitPostings::kBlock);
            return list;
        }
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
        for (const auto id : list->terms) {
            index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, id));
            pairs.reserve(pairs.size() + reader.size());
            std::uint32_t t = 0, tf = 0;
            while (reader.next(t, tf))
                if (t < turn_count && (any_field || (tables.turn_field[t] & term.fields) != 0)) pairs.emplace_back(t, tf);
        }
        if (list->terms.size() > 1) {
            std::sort(pairs.begin(), pairs.end());
            std::size_t out = 0;
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                if (out > 0 && pairs[out - 1].first == pairs[i].first) pairs[out - 1].second += pairs[i].second;
                else pairs[out++] = pairs[i];
            }
            pairs.resize(out);
        }
        list->units.resize(pairs.size());
        list->weight.resize(pairs.size());
        list->block_max.assign((pairs.size() + UnitPostings::kBlock - 1) / UnitPostings::kBlock, 0.0F);
        for (std::size_t i = 0; i < pairs.size(); ++i) add_unit(i, pairs[i].first, pairs[i].second);
        return list;
    }
    if (from_turn_lists) {
        list->has_positions = false;
        list->terms = term_ids(segment, term);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
        std::uint32_t t = 0, tf = 0;
        if (list->terms.size() == 1) {
            index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, list->terms[0]));
            while (reader.next(t, tf))
                if (t < turn_count) add(t, tf, kNone);
        } else {
            for (const auto id : list->terms) {
                index::TurnFrequencyReader reader(segment.turn_frequencies(term.attribute, id));
                while (reader.next(t, tf)) pairs.emplace_back(t, tf);
            }
            std::sort(pairs.begin(), pairs.end());
            for (std::size_t i = 0; i < pairs.size();) {
                std::uint32_t sum = 0;
                std::size_t j = i;
                for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j) sum += pairs[j].second;
                if (pairs[i].first < turn_count) add(pairs[i].first, sum, kNone);
                i = j;
            }
        }
    } else {
        // Positions (a phrase's starts) grouped by turn: the turn of each, then its unit.
        const auto positions = term_positions(segment, term);
        if (options.unit == Unit::turn) list->positions.reserve(positions.size());
        std::vector<std::uint32_t> turn_frequency;  // per unit, for turns
        std::size_t t = 0, counted = SIZE_MAX, range = 0;
        for (const auto p : positions) {
            if (turn_count == 0 || p < tables.turn_starts[0]) continue;
            // The turn of p: the last start at or before it, galloping on from the previous one (positions
            // rise; most lie a few turns on).
            if (p >= tables.turn_starts[t + 1]) t = std::min(gallop(tables.turn_starts, t + 1, p + 1), turn_count) - 1;
            if (p + term.length > tables.turn_starts[t + 1]) continue;  // a phrase may not cross turns
            if (live_turns != nullptr && t != counted) {
                counted = t;
                if ((any_field || (tables.turn_field[t] & term.fields) != 0) && (tables.every_unit_live || unit_table.live[t]))
                    ++*live_turns;
            }
            if (within != nullptr) {
                while (range < within->size() && (*within)[range].second <= t) ++range;
                if (range == within->size() || (*within)[range].first > t) continue;
            }
            if (options.unit != Unit::turn) {
                add(t, 1, p);
                continue;
            }
            if (!any_field && (tables.turn_field[t] & term.fields) == 0) continue;
            if (list->units.empty() || list->units.back() != t) {
                list->units.push_back(static_cast<std::uint32_t>(t));
                list->position_begin.push_back(static_cast<std::uint32_t>(list->positions.size()));
                turn_frequency.push_back(0);
            }
            ++turn_frequency.back();
            list->positions.push_back(p);
        }
        list->position_begin.push_back(static_cast<std::uint32_t>(list->positions.size()));
        if (options.unit == Unit::turn) {
            list->weight.resize(list->units.size());
            list->block_max.assign((list->units.size() + UnitPostings::kBlock - 1) / UnitPostings::kBlock, 0.0F);
            for (std::size_t i = 0; i < list->units.size(); ++i) add_unit(i, list->units[i], turn_frequency[i]);
            return list;
        }
    }
    const auto& r = options.ranking;
    list->weight.resize(list->units.size());
    for (std::size_t i = 0; i < list->units.size(); ++i) {
        const auto u = list->units[i];
        float weight = 0;
        if (options.unit == Unit::exchange) {
            const double weights[2] = {r.question_weight, r.answer_weight};
            double w = 0;
            for (int f = 0; f < 2; ++f) {
                if (frequencies[f][i] == 0) continue;
                const double avg = stats.average_length[f];
                const double norm = avg > 0 ? 1 - r.b + r.b * unit_table.length[f][u] / avg : 1;
                w += weights[f] * frequencies[f][i] / norm;
            }
            weight = static_cast<float>(w);
        } else {
            const double avg = stats.average_length[0];
            const double norm = avg > 0 ? 1 - r.b + r.b * unit_table.length[0][u] / avg : 1;
            weight = static_cast<float>(frequencies[0][i] / norm);
        }
        list->weight[i] = weight;
        if (i % UnitPostings::kBlock == 0) list->block_max.push_back(0);
        list->block_max.back() = std::max(list->block_max.back(), weight);
        if (unit_table.live[u]) {
            ++list->live_units;
            list->max_weight = std::max(list->max_weight, weight);
        }
    }
    return list;
}

std::pair<std::uint32_t, std::uint32_t> TermLists::unit_range(std::size_t s, Unit unit, std::uint32_t u) const {
    const auto& segment = *index_.segments()[s];
    if (unit == Unit::turn) {
        const auto& starts = segment_tables(s).turn_starts;
        return {starts[u], starts[u + 1]};
    }
    const auto& regions = segment.regions(unit == Unit::exchange ? Structure::exchange : Structure::event);
    return {regions.start(u), regions.end(u)};
}

void TermLists::unit_positions(std::size_t s, Unit unit, const UnitPostings& list, std::size_t entry, std::uint8_t fields,
                               std::vector<std::uint32_t>& out, std::vector<index::PostingCursor>* cursors) const {
    out.clear();
    if (list.has_positions) {
        out.assign(list.positions.begin() + list.position_begin[entry], list.positions.begin() + list.position_begin[entry + 1]);
        return;
    }
    const auto& segment = *index_.segments()[s];
    const auto& tables = segment_tables(s);
    const auto [begin, end] = unit_range(s, unit, list.units[entry]);
    std::vector<index::PostingCursor> local;
    if (cursors == nullptr) cursors = &local;
    if (cursors->empty())
        for (const auto id : list.terms) cursors->push_back(segment.postings(list.attribute, id));
    for (auto& cursor : *cursors) {
        for (cursor.seek(begin); cursor.valid() && cursor.value() < end; cursor.next()) {
            const auto p = cursor.value();
            if (fields != kAnyField || unit == Unit::exchange) {
                const auto t = static_cast<std::size_t>(std::upper_bound(tables.turn_starts.begin(), tables.turn_starts.end() - 1, p) -
                                                        tables.turn_starts.begin()) - 1;
                const auto field = tables.turn_field[t];
                if ((field & fields) == 0) continue;
                if (unit == Unit::exchange && field != kQuestionField && field != kAnswerField) continue;
            }
            out.push_back(p);
        }
    }
    if (list.terms.size() > 1) std::sort(out.begin(), out.end());
}

void TermLists::trim() {
    if (cache_bytes_ > kCacheBudget) clear();
}

void TermLists::clear() {
    for (auto& c : cache_) c.clear();
    cache_bytes_ = 0;
}

}  // namespace presser::search
