// A small index for comparing the index evaluator with the reference one: the shipped samples/ plus
// transcripts generated (deterministically) from the vocabulary of cql_random_query.h, so random queries
// find hits. Built once per test binary.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "index/index.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser::testing {

inline void write_random_transcript(const std::filesystem::path& file, std::uint64_t seed, int turns) {
    static const char* kWords[] = {"the", "The", "tariffs", "Tariff", "and", "sanctions", "are", "López", "trade", "Sanctions"};
    static const char* kSpeakers[] = {"Q", "MINISTER QIN", "MS. SMITH"};
    std::mt19937_64 rng(seed);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::ofstream out(file);
    out << "The ministry held a press briefing on trade and tariffs.\n\n";
    for (int t = 0; t < turns; ++t) {
        out << "  " << kSpeakers[t % 3] << ": ";
        const std::size_t paragraphs = 1 + pick(2);
        for (std::size_t p = 0; p < paragraphs; ++p) {
            if (p > 0) out << "\n\n";
            const std::size_t sentences = 1 + pick(3);
            for (std::size_t s = 0; s < sentences; ++s) {
                const std::size_t words = 2 + pick(7);
                for (std::size_t w = 0; w < words; ++w) out << (w ? " " : "") << kWords[pick(std::size(kWords))];
                out << ". ";
            }
        }
        out << "\n\n";
    }
    out << "  (END)\n";
}

// The test index's transcripts: samples/ and two generated trade briefings, written into `sources`.
inline void write_cql_fixture_sources(const std::filesystem::path& sources) {
    std::filesystem::create_directories(sources);
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "samples"))
        if (entry.path().filename() != "README.md") std::filesystem::copy_file(entry.path(), sources / entry.path().filename());
    write_random_transcript(sources / "2023-05-01-trade-briefing.txt", 1, 14);
    write_random_transcript(sources / "2024-02-02-tariff-briefing.txt", 2, 14);
}

// The test index built into a new scratch folder; a small `memory_budget` writes a segment per event or so.
struct FixtureIndex {
    std::unique_ptr<ScratchDir> scratch;
    std::unique_ptr<index::Index> index;
};
inline FixtureIndex build_cql_fixture(const std::string& name, std::uint64_t memory_budget = index::BuildOptions{}.memory_budget) {
    FixtureIndex built;
    built.scratch = std::make_unique<ScratchDir>(name);
    const auto sources = built.scratch->path() / "sources";
    write_cql_fixture_sources(sources);
    index::BuildOptions options;
    options.threads = 1;
    options.memory_budget = memory_budget;
    auto report = index::build_index(built.scratch->path() / "idx", {sources.string()}, options);
    if (!report) throw std::runtime_error(report.error().describe());
    auto opened = index::Index::open(built.scratch->path() / "idx");
    if (!opened) throw std::runtime_error(opened.error().describe());
    built.index = std::make_unique<index::Index>(std::move(opened.value()));
    return built;
}

// A CQL query compiled on `index`; a failure is a test failure naming the query.
inline std::shared_ptr<const query::CorpusQuery> compile_cql(const index::Index& index, const std::string& cql) {
    auto parsed = query::cql::parse_cql(cql);
    EXPECT_TRUE(parsed.ok()) << cql;
    auto compiled = query::CorpusQuery::compile(index, parsed.value());
    EXPECT_TRUE(compiled.ok()) << cql;
    return compiled.value();
}

inline const index::Index& cql_fixture_index() {
    static const FixtureIndex fixture = build_cql_fixture("cql-index");
    return *fixture.index;
}

}  // namespace presser::testing
