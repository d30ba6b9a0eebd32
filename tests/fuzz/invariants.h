// What must hold for every input, whatever the bytes: the checks shared by the libFuzzer targets
// (tests/fuzz/fuzz_*.cpp) and by the replay of saved crash inputs (tests/fuzz_regressions_test.cpp).
//
// Each check runs one ingest entry point (or the CQL parser, a damaged segment, the search box) on `input` and returns the violated invariants, one sentence
// each; an empty vector means the input was handled correctly (an Error value counts as correct handling
// when it is well formed). Crashes and sanitizer reports are caught by the harness, not here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/parser.h"
#include "model/transcript.h"

namespace presser::fuzz {

enum class Target { text, markdown, html, tei, json, csv, label_grammar, source_text, cql_parser, segment, search_query };

[[nodiscard]] std::string_view target_name(Target target);
[[nodiscard]] std::optional<Target> parse_target_name(std::string_view name);  // "text", "label_grammar", ...

[[nodiscard]] std::vector<std::string> check_input(Target target, std::string_view input);

// The structural checks on one parsed event; `decoded_text` is the UTF-8 text its byte ranges refer to.
// Plain text (`format` text) adds: a paragraph of ASCII bytes reads as those bytes with spaces folded.
[[nodiscard]] std::vector<std::string> check_event_invariants(const model::Event& event, std::string_view decoded_text,
                                                              ingest::Format format);

// Runs check_input and aborts with the violations printed when there are any: libFuzzer then saves the input.
void check_or_abort(Target target, const unsigned char* data, std::size_t size);

}  // namespace presser::fuzz
