// Helpers shared by the layout tests (tests/layouts_*_test.cpp): parse one layout of ../shared/layouts or
// a text of the test's own into its single event, and read a turn's speaker and text.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "ingest/parser.h"
#include "test_paths.h"

namespace presser::testing {

// The one event of a file or text; a test failure (and an empty event) when there is not exactly one.
inline model::Event only_event(Result<std::vector<model::Event>> events, const std::string& name) {
    EXPECT_TRUE(events.ok()) << name << ": " << (events.ok() ? "" : events.error().describe());
    if (!events.ok() || events->size() != 1) {
        ADD_FAILURE() << name << ": expected one event";
        return {};
    }
    return std::move(events->front());
}

inline model::Event parse_layout(const std::string& name) {
    return only_event(ingest::parse_file(shared_dir() / "layouts" / name), name);
}

inline model::Event parse_text(std::string text, std::string name = "transcript.txt") {
    const std::string label = name;
    return only_event(ingest::parse_bytes(std::move(text), std::move(name)), label);
}

// The turn's speaker; an empty Speaker when the event has none of that id.
inline const model::Speaker& speaker_of(const model::Event& event, const model::Turn& turn) {
    static const model::Speaker none;
    const model::Speaker* speaker = event.find_speaker(turn.speaker);
    return speaker ? *speaker : none;
}

// The turn's paragraphs joined by a space.
inline std::string text_of(const model::Turn& turn) {
    std::string text;
    for (const model::Paragraph& paragraph : turn.paragraphs) text += (text.empty() ? "" : " ") + paragraph.text;
    return text;
}

}  // namespace presser::testing
