#include "server/text_parts.h"

namespace presser::server {

nlohmann::ordered_json text_parts(std::string_view text, const std::vector<query::TextRange>& ranges,
                                  const index::StoredParagraph* paragraph) {
    auto parts = nlohmann::ordered_json::array();
    std::size_t at = 0;
    for (const auto& range : ranges) {
        if (range.begin < at || range.end > text.size() || range.end <= range.begin) continue;
        if (range.begin > at) parts.push_back({{"text", text.substr(at, range.begin - at)}});
        nlohmann::ordered_json hit = {{"text", text.substr(range.begin, range.end - range.begin)}, {"hit", true}};
        if (paragraph != nullptr) {
            hit["source_begin"] = paragraph->source_offset(range.begin);
            hit["source_end"] = paragraph->source_offset(range.end - 1) + 1;
        }
        parts.push_back(std::move(hit));
        at = range.end;
    }
    if (at < text.size() || parts.empty()) parts.push_back({{"text", text.substr(at)}});
    return parts;
}

void append_hit_fields(nlohmann::ordered_json& row, const search::Hit& hit) {
    row["event_id"] = hit.event_id;
    row["turn_id"] = hit.turn_id;
    row["exchange_id"] = hit.exchange_id;
    row["date"] = hit.date;
    row["speaker"] = hit.speaker;
    row["role"] = hit.role;
    row["kind"] = hit.kind;
    row["outlet"] = hit.outlet;
}

nlohmann::ordered_json snippet_json(const search::Snippet& snippet) {
    auto parts = nlohmann::ordered_json::array();
    std::size_t at = 0;
    const std::string_view text = snippet.text;
    for (const auto& m : snippet.matches) {
        if (m.begin < at || m.end > text.size() || m.end <= m.begin) continue;
        if (m.begin > at) parts.push_back({{"text", text.substr(at, m.begin - at)}});
        parts.push_back({{"text", text.substr(m.begin, m.end - m.begin)},
                         {"hit", true},
                         {"source_begin", m.source_begin},
                         {"source_end", m.source_end}});
        at = m.end;
    }
    if (at < text.size() || parts.empty()) parts.push_back({{"text", text.substr(at)}});
    nlohmann::ordered_json out = {{"parts", std::move(parts)},
                                  {"truncated_before", snippet.truncated_before},
                                  {"truncated_after", snippet.truncated_after}};
    if (snippet.matches.empty()) {
        out["source_begin"] = nullptr;
        out["source_end"] = nullptr;
    } else {
        out["source_begin"] = snippet.matches.front().source_begin;
        out["source_end"] = snippet.matches.back().source_end;
    }
    return out;
}

}  // namespace presser::server
