// The event reader's JSON body (GET /api/events/{id}, docs/api.md) written a piece at a time: the event's
// outline (speakers, turns and paragraph ranges, exchanges) is read before the first byte, and each
// paragraph's text only when its turn is written, so that the memory an answer takes does not grow with the
// text of the event, and an answer of hundreds of megabytes can be streamed instead of built.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/segment.h"
#include "index/stored_event.h"
#include "model/error.h"
#include "model/transcript.h"
#include "query/corpus_query.h"
#include "server/json_writer.h"

namespace presser::server {

class EventReaderBody {
public:
    // `outline`: event of `segment` (index::stored_event_outline); `hits`: positions of `segment` to mark, sorted.
    EventReaderBody(const index::Segment& segment, index::EventOutline outline,
                    std::vector<query::IndexHit> hits, std::optional<std::string> matching,
                    std::chrono::steady_clock::time_point started);
    EventReaderBody(const EventReaderBody&) = delete;
    EventReaderBody& operator=(const EventReaderBody&) = delete;

    // Appends the next piece of the body to `out`: at least `bytes` of it unless the body ends first.
    // An error when a paragraph cannot be read (the body is then unfinished).
    [[nodiscard]] std::optional<Error> write(std::string& out, std::size_t bytes);
    [[nodiscard]] bool done() const { return stage_ == Stage::done; }
    // The number of paragraphs of the event: what its body's size and the time to write it grow with.
    [[nodiscard]] std::uint64_t paragraphs() const { return outline_.paragraph_ranges.size(); }

private:
    enum class Stage { head, turns, tail, done };
    void write_head();
    [[nodiscard]] std::optional<Error> write_paragraph();
    void write_tail();

    const index::Segment& segment_;
    index::EventOutline outline_;
    std::vector<query::IndexHit> hits_;
    std::optional<std::string> matching_;
    std::chrono::steady_clock::time_point started_;
    std::unordered_map<std::string, std::string> exchange_of_;  // turn id -> the exchange it asks or answers in
    std::string buffer_;
    JsonWriter json_{buffer_};
    Stage stage_ = Stage::head;
    std::size_t turn_ = 0, paragraph_ = 0;  // the next paragraph to write: its turn, and its place there
    std::uint64_t paragraph_index_ = 0;     // its place in the event
};

}  // namespace presser::server
