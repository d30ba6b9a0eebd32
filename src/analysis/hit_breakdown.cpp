#include "analysis/hit_breakdown.h"

#include <algorithm>
#include <unordered_map>

#include "analysis/attribute_reader.h"

namespace presser::analysis {

std::optional<Result<MatchGroupBy>> parse_match_group_by(std::string_view text) {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const auto owner = text.substr(0, dot);
    if (owner != "match" && index::parse_structure(owner)) return std::nullopt;
    const auto name = text.substr(dot + 1);
    const auto attribute = index::parse_attribute(name);
    if (!attribute)
        return Result<MatchGroupBy>(plain_error("--group-by: unknown token attribute '" + std::string(name) + "' after '" + std::string(owner) +
                                                ".': expected " + std::string(owner) + ".word, " + std::string(owner) + ".lower or " +
                                                std::string(owner) + ".lemma"));
    return Result<MatchGroupBy>(MatchGroupBy{*attribute, owner == "match" ? std::string() : std::string(owner)});
}

namespace {

// The label's distance from the start of the sequence read from `begin` to `end` (forward or backward),
// when every element before it has a fixed width; nullopt when one does not or the label is not there.
template <typename Iterator>
std::optional<std::uint32_t> fixed_distance(Iterator begin, Iterator end, std::string_view label) {
    std::uint32_t offset = 0;
    for (auto it = begin; it != end; ++it) {
        using Kind = query::cql::Element::Kind;
        if (it->kind == Kind::region_start || it->kind == Kind::region_end) continue;
        if (it->kind == Kind::token && it->label == label) return it->min == 1 && it->max == 1 ? std::optional(offset) : std::nullopt;
        if (it->kind != Kind::token || it->min != it->max) return std::nullopt;
        offset += it->min;
    }
    return std::nullopt;
}

bool defines(const query::cql::Sequence& sequence, std::string_view label) {
    for (const auto& element : sequence) {
        if (element.label == label) return true;
        for (const auto& alternative : element.alternatives)
            if (defines(alternative, label)) return true;
    }
    return false;
}

}  // namespace

Result<LabelPosition> label_position(const query::cql::Query& query, std::string_view label) {
    bool defined = false;
    for (const auto& sequence : query.alternatives) defined = defined || defines(sequence, label);
    if (!defined) return plain_error("--group-by: the query has no label '" + std::string(label) + "' (write " + std::string(label) + ":[...])");
    if (query.alternatives.size() == 1) {
        const auto& sequence = query.alternatives[0];
        if (const auto offset = fixed_distance(sequence.begin(), sequence.end(), label)) return LabelPosition{false, *offset};
        if (const auto offset = fixed_distance(sequence.rbegin(), sequence.rend(), label)) return LabelPosition{true, *offset};
    }
    return plain_error("--group-by: label '" + std::string(label) +
                       "' is not at a fixed distance from the start or the end of every match (a quantifier, group or alternative "
                       "on both sides of it); group by match.ATTRIBUTE instead");
}

Result<Breakdown> hit_breakdown(const query::CorpusQuery& query, const MatchGroupBy& by, std::optional<std::uint64_t> corpus_tokens,
                                unsigned threads, std::optional<LabelPosition> label) {
    // Per worker: counts by (segment, the match's term ids) packed as bytes, so a hit costs no string of
    // text; the forms are spelled out once per distinct key at the end.
    const unsigned workers_at_most = threads == 0 ? query::hardware_threads() : threads;
    std::vector<std::unordered_map<std::string, std::uint64_t>> tallies(workers_at_most);
    std::vector<std::vector<std::uint32_t>> buffers(workers_at_most);
    const auto& segments = query.index().segments();
    auto workers = query.for_each_parallel(workers_at_most, [&](unsigned worker, const query::IndexHit& hit) {
        auto& ids = buffers[worker];
        ids.clear();
        ids.push_back(hit.segment);
        if (label) {
            const auto at = label->from_end ? hit.end - 1 - label->offset : hit.start + label->offset;
            read_attribute(*segments[hit.segment], by.attribute, at, at + 1, ids);
        } else {
            read_attribute(*segments[hit.segment], by.attribute, hit.start, hit.end, ids);
        }
        ++tallies[worker][std::string(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(std::uint32_t))];
    });
    if (!workers) return workers.error();
    std::unordered_map<std::string, std::uint64_t> by_form;
    Breakdown out;
    for (const auto& tally : tallies) {
        for (const auto& [key, count] : tally) {
            std::vector<std::uint32_t> ids(key.size() / sizeof(std::uint32_t));
            std::copy_n(key.data(), key.size(), reinterpret_cast<char*>(ids.data()));
            const auto& lexicon = segments[ids[0]]->lexicon(by.attribute);
            std::string form;
            for (std::size_t i = 1; i < ids.size(); ++i) {
                if (i > 1) form += ' ';
                if (ids[i] < lexicon.size()) form += lexicon.term(ids[i]);
            }
            by_form[form] += count;
            out.hits += count;
        }
    }
    for (auto& [form, hits] : by_form) {
        BreakdownRow row{form, hits, static_cast<double>(hits) / static_cast<double>(out.hits), std::nullopt};
        if (corpus_tokens && *corpus_tokens > 0) row.per_million = static_cast<double>(hits) * 1e6 / static_cast<double>(*corpus_tokens);
        out.rows.push_back(std::move(row));
    }
    std::sort(out.rows.begin(), out.rows.end(),
              [](const BreakdownRow& a, const BreakdownRow& b) { return a.hits != b.hits ? a.hits > b.hits : a.form < b.form; });
    return out;
}

}  // namespace presser::analysis
