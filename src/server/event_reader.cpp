#include "server/event_reader.h"

#include <algorithm>

#include "query/hit_ranges.h"
#include "server/text_parts.h"

namespace presser::server {

EventReaderBody::EventReaderBody(const index::Segment& segment, index::EventOutline outline, std::vector<query::IndexHit> hits,
                                 std::optional<std::string> matching, std::chrono::steady_clock::time_point started)
    : segment_(segment), outline_(std::move(outline)), hits_(std::move(hits)), matching_(std::move(matching)), started_(started) {
    for (const auto& x : outline_.event.exchanges) {
        for (const auto& t : x.questions) exchange_of_.emplace(t, x.id);
        for (const auto& t : x.answers) exchange_of_.emplace(t, x.id);
    }
}

std::optional<Error> EventReaderBody::write(std::string& out, std::size_t bytes) {
    while (stage_ != Stage::done && buffer_.size() < bytes) {
        if (stage_ == Stage::head) {
            write_head();
            stage_ = Stage::turns;
        } else if (stage_ == Stage::turns) {
            if (turn_ == outline_.event.turns.size()) {
                stage_ = Stage::tail;
            } else if (auto failed = write_paragraph()) {
                return failed;
            }
        } else {
            write_tail();
            stage_ = Stage::done;
        }
    }
    out += buffer_;
    buffer_.clear();
    return std::nullopt;
}

void EventReaderBody::write_head() {
    const auto& e = outline_.event;
    json_.begin_object().key("event").begin_object();
    json_.field("id", e.id).field("title", e.title).field("date", e.date.to_string());
    json_.field("date_precision", model::to_string(e.date.precision)).field("organiser", e.organiser).field("venue", e.venue);
    json_.field("language", e.language).field("source", e.source).field("source_url", e.source_url).field("source_note", e.source_note);
    json_.end_object().key("speakers").begin_array();
    for (const auto& s : e.speakers) {
        json_.begin_object().field("id", s.id).field("name", s.name).field("role", model::to_string(s.role)).field("title", s.title);
        json_.key("affiliations").begin_array();
        for (const auto& outlet : s.affiliations) json_.value(outlet);
        json_.end_array().end_object();
    }
    json_.end_array().key("turns").begin_array();
}

// Writes the next paragraph, opening its turn before its first one and closing it after its last (a turn
// without paragraphs is opened and closed at once).
std::optional<Error> EventReaderBody::write_paragraph() {
    const auto& turn = outline_.event.turns[turn_];
    const auto paragraphs = outline_.paragraph_counts[turn_];
    if (paragraph_ == 0) {
        const auto x = exchange_of_.find(turn.id);
        json_.begin_object().field("id", turn.id).field("speaker", turn.speaker).field("kind", model::to_string(turn.kind));
        json_.key("exchange");
        if (x == exchange_of_.end()) json_.null();
        else json_.value(x->second);
        json_.key("paragraphs").begin_array();
    }
    if (paragraph_ < paragraphs) {
        const auto& range = outline_.paragraph_ranges[paragraph_index_];
        const auto index = outline_.first_paragraph + paragraph_index_++;
        auto stored = segment_.paragraph(index);
        if (!stored) return stored.error();
        const auto& p_regions = segment_.regions(index::Structure::p);
        const bool has_hit = std::any_of(hits_.begin(), hits_.end(), [&](const query::IndexHit& h) {
            return h.start < p_regions.end(index) && h.end > p_regions.start(index);
        });
        json_.begin_object().key("parts");
        if (has_hit) write_text_parts(json_, stored->text, query::hit_ranges(segment_, index, stored.value(), hits_), &stored.value());
        else write_text_parts(json_, stored->text, {});
        json_.field("source_begin", range.start).field("source_end", range.end).end_object();
        ++paragraph_;
    }
    if (paragraph_ == paragraphs) {
        json_.end_array().end_object();
        ++turn_;
        paragraph_ = 0;
    }
    return std::nullopt;
}

void EventReaderBody::write_tail() {
    json_.end_array().key("exchanges").begin_array();
    for (const auto& x : outline_.event.exchanges) {
        json_.begin_object().field("id", x.id).key("questions").begin_array();
        for (const auto& t : x.questions) json_.value(t);
        json_.end_array().key("answers").begin_array();
        for (const auto& t : x.answers) json_.value(t);
        json_.end_array().key("follows");
        if (x.follows) json_.value(*x.follows);
        else json_.null();
        json_.end_object();
    }
    json_.end_array().field("hits", static_cast<std::uint64_t>(hits_.size()));
    if (matching_) json_.field("matching", *matching_);
    json_.field("took_ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count());
    json_.end_object();
}

}  // namespace presser::server
