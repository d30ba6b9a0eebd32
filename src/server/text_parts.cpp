#include "server/text_parts.h"

namespace presser::server {

void write_text_parts(JsonWriter& out, std::string_view text, const std::vector<query::TextRange>& ranges,
                      const index::StoredParagraph* paragraph) {
    out.begin_array();
    std::size_t at = 0;
    bool any = false;
    auto plain = [&](std::string_view part) { out.begin_object().field("text", part).end_object(); };
    for (const auto& range : ranges) {
        if (range.begin < at || range.end > text.size() || range.end <= range.begin) continue;
        if (range.begin > at) plain(text.substr(at, range.begin - at));
        out.begin_object().field("text", text.substr(range.begin, range.end - range.begin)).field("hit", true);
        if (paragraph != nullptr)
            out.field("source_begin", paragraph->source_offset(range.begin)).field("source_end", paragraph->source_offset(range.end - 1) + 1);
        out.end_object();
        any = true;
        at = range.end;
    }
    if (at < text.size() || !any) plain(text.substr(at));
    out.end_array();
}

void append_hit_fields(nlohmann::ordered_json& row, const search::Hit& hit) {
    for_each_hit_field(hit, [&](const char* name, const std::string& value) { row[name] = value; });
}

void write_snippet(JsonWriter& out, const search::Snippet& snippet) {
    out.begin_object().key("parts").begin_array();
    std::size_t at = 0;
    const std::string_view text = snippet.text;
    auto plain = [&](std::string_view part) { out.begin_object().field("text", part).end_object(); };
    bool any = false;
    for (const auto& m : snippet.matches) {
        if (m.begin < at || m.end > text.size() || m.end <= m.begin) continue;
        if (m.begin > at) plain(text.substr(at, m.begin - at));
        out.begin_object()
            .field("text", text.substr(m.begin, m.end - m.begin))
            .field("hit", true)
            .field("source_begin", m.source_begin)
            .field("source_end", m.source_end)
            .end_object();
        any = true;
        at = m.end;
    }
    if (at < text.size() || !any) plain(text.substr(at));
    out.end_array().field("truncated_before", snippet.truncated_before).field("truncated_after", snippet.truncated_after);
    if (snippet.matches.empty()) out.key("source_begin").null().key("source_end").null();
    else out.field("source_begin", snippet.matches.front().source_begin).field("source_end", snippet.matches.back().source_end);
    out.end_object();
}

}  // namespace presser::server
