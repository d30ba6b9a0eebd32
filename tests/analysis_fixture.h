// A small made-up corpus indexed in two commits (two segments) with one event replaced (a deleted event in
// the first segment), for the analysis tests: subcorpora, frequency lists, keyness.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "analysis/token_spans.h"
#include "index/index.h"
#include "index_test_support.h"

namespace presser::testing {

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// Builds the corpus of analysis tests into `directory`/idx from `directory`/in; returns the index path.
// Without the deleted event: the three events in one build (one segment).
inline std::filesystem::path build_analysis_corpus(const std::filesystem::path& directory, bool with_deleted_event = true) {
    const auto in = directory / "in";
    const auto idx = directory / "idx";
    write_text(in / "2023-03-07-briefing.txt",
               "MS. OKAFOR: Good morning. The bridge is open and the tariffs are gone.\n\n"
               "Q  Is the bridge open? Are the tariffs really gone?\n\n"
               "MS. OKAFOR: It is open. The tariffs, the sanctions and the fees are gone.\n");
    write_text(in / "2023-05-02-briefing.txt",
               "MR. DIALLO: Good afternoon. Sanctions remain. Sanctions are sanctions.\n\n"
               "Q  Why do sanctions remain?\n\n"
               "MR. DIALLO: Because the talks failed. The talks will resume.\n");
    if (with_deleted_event && !index::build_index(idx, {in.string()}, {}).ok()) return {};
    write_text(in / "2024-01-15-briefing.txt",
               "MS. OKAFOR: Happy new year. The bridges are open; the tariffs stay gone.\n\n"
               "Q  And the sanctions?\n\n"
               "MS. OKAFOR: The sanctions stay. Talks, talks and more talks.\n");
    if (!with_deleted_event) return index::build_index(idx, {in.string()}, {}).ok() ? idx : std::filesystem::path();
    // Replaces the first event: its old version becomes a deleted event of the first segment.
    write_text(in / "2023-05-02-briefing.txt",
               "MR. DIALLO: Good afternoon. Sanctions remain. Sanctions are sanctions, and tariffs too.\n\n"
               "Q  Why do sanctions remain?\n\n"
               "MR. DIALLO: Because the talks failed. The talks will resume in May.\n");
    if (!index::build_index(idx, {in.string()}, {}).ok()) return {};
    return idx;
}

// Random spans inside the live tokens of `index` (about `per_segment` of them per segment).
inline analysis::TokenSpans random_spans(const index::Index& index, std::mt19937& random, int per_segment) {
    const auto all = analysis::whole_corpus(index);
    analysis::TokenSpans out;
    for (const auto& live : all.segments) {
        out.segments.emplace_back();
        if (live.empty()) continue;
        for (int i = 0; i < per_segment; ++i) {
            const auto& span = live[random() % live.size()];
            const auto length = span.end - span.start;
            const auto start = span.start + random() % length;
            const auto end = start + 1 + random() % std::min<std::uint32_t>(span.end - start, 200);
            out.segments.back().push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
        }
        analysis::normalise(out.segments.back());
    }
    return out;
}

}  // namespace presser::testing
