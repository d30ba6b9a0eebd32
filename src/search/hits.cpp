#include "search/hits.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

namespace presser::search {

using index::Attribute;
using index::Segment;
using index::Structure;

namespace {

// The snippet of paragraph `index` (windowed around its first match), with the matches of `spans` in it.
std::optional<Snippet> paragraph_snippet(const index::Segment& segment, std::uint64_t index, const Spans& spans) {
    const auto& paragraphs = segment.regions(Structure::p);
    auto stored = segment.paragraph(index);
    if (!stored.ok() || index >= paragraphs.size()) return std::nullopt;
    const auto& para = stored.value();
    const auto p_start = paragraphs.start(index);
    const auto p_tokens = static_cast<std::uint32_t>(para.token_offsets.size());
    std::vector<MatchOffsets> offsets;
    for (const auto& [first, last] : spans) {
        if (first < p_start || first - p_start >= p_tokens) continue;
        const auto last_index = std::min(last - p_start, p_tokens - 1);
        const auto word = segment.term_at(Attribute::word, p_start + last_index);
        MatchOffsets m;
        m.begin = para.token_offsets[first - p_start];
        m.end = para.token_offsets[last_index] +
                (word == Segment::kNoTerm ? 0 : static_cast<std::uint32_t>(segment.lexicon(Attribute::word).term(word).size()));
        m.end = std::min<std::uint32_t>(m.end, static_cast<std::uint32_t>(para.text.size()));
        m.source_begin = para.source_offset(m.begin);
        m.source_end = m.end > m.begin ? para.source_offset(m.end - 1) + 1 : m.source_begin;
        offsets.push_back(m);
    }
    Snippet snippet;
    snippet.paragraph = index;
    constexpr std::uint32_t kWindow = 320, kBefore = 80;
    std::uint32_t from = 0, to = static_cast<std::uint32_t>(para.text.size());
    if (para.text.size() > kWindow) {
        const std::uint32_t anchor = offsets.empty() ? 0 : offsets.front().begin;
        for (const auto o : para.token_offsets)
            if (o + kBefore <= anchor) from = o;
        to = from + kWindow;
        for (const auto o : para.token_offsets)
            if (o >= to) {
                to = o;
                break;
            }
        to = std::min<std::uint32_t>(to, static_cast<std::uint32_t>(para.text.size()));
        // Never cut inside the last match shown.
        for (const auto& m : offsets)
            if (m.begin < to && m.end > to) to = m.end;
    }
    snippet.truncated_before = from > 0;
    snippet.truncated_after = to < para.text.size();
    snippet.text = para.text.substr(from, to - from);
    for (auto m : offsets) {
        if (m.begin < from || m.end > to) continue;
        m.begin -= from;
        m.end -= from;
        snippet.matches.push_back(m);
    }
    return snippet;
}

}  // namespace

Hit describe_hit(const index::Segment& segment, const SegmentTables& tables, Unit unit, const Candidate& c) {
    const auto& events = segment.regions(Structure::event);
    const auto& turns = segment.regions(Structure::turn);
    const auto& exchanges = segment.regions(Structure::exchange);
    Hit hit;
    hit.score = c.score;
    hit.segment = c.segment;
    hit.unit = c.unit;
    const auto event = tables.units[static_cast<int>(unit)].event[c.unit];
    hit.event_id = events.string("id", event);
    hit.date = events.string("date", event);
    hit.source = events.string("source", event);
    hit.title = events.string("title", event);
    if (unit == Unit::turn) {
        hit.turn_id = turns.string("id", c.unit);
        hit.speaker = turns.string("speaker", c.unit);
        hit.role = turns.string("role", c.unit);
        hit.kind = turns.string("kind", c.unit);
        hit.outlet = turns.string("affiliation", c.unit);
    } else if (unit == Unit::exchange) {
        hit.exchange_id = exchanges.string("id", c.unit);
        if (const auto t = turns.find(exchanges.start(c.unit))) hit.turn_id = turns.string("id", *t);
        hit.speaker = exchanges.string("answerer", c.unit);
        hit.role = exchanges.string("answerer_role", c.unit);
        hit.outlet = exchanges.string("asker_affiliation", c.unit);
        hit.kind = "exchange";
    } else {
        hit.kind = "event";
    }
    return hit;
}

void add_snippets(Hit& hit, const index::Segment& segment, const SegmentTables& tables, Unit unit,
                  std::pair<std::uint32_t, std::uint32_t> range, const std::vector<std::pair<std::uint32_t, double>>& weighted) {
    const auto& paragraphs = segment.regions(Structure::p);
    std::unordered_map<std::uint64_t, double> paragraph_score;
    std::unordered_map<std::uint64_t, std::set<double>> seen;
    std::uint64_t best = paragraphs.find(range.first).value_or(0);
    double best_score = -1;
    for (const auto& [position, idf] : weighted) {
        const auto p = paragraphs.find(position);
        if (!p) continue;
        auto& score = paragraph_score[*p];
        score += seen[*p].insert(idf).second ? idf : 0.1 * idf;
        if (score > best_score || (score == best_score && *p < best)) {
            best_score = score;
            best = *p;
        }
    }
    if (auto snippet = paragraph_snippet(segment, best, hit.matched_spans)) hit.snippet = std::move(*snippet);
    if (unit == Unit::exchange) {
        // "Answers to questions about X": the answer's opening paragraph too.
        const auto& turns = segment.regions(Structure::turn);
        for (auto t = turns.find(range.first); t && *t < turns.size() && turns.start(*t) < range.second; t = *t + 1) {
            if (tables.turn_field[*t] != kAnswerField) continue;
            if (const auto p = paragraphs.find(turns.start(*t)); p && *p != best)
                if (auto answer = paragraph_snippet(segment, *p, hit.matched_spans)) hit.answer = std::move(*answer);
            break;
        }
    }
}

}  // namespace presser::search
