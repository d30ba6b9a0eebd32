// Runs the declarative CQL tests (tests/cql/*.test, format in tests/cql/README.md) against every engine in
// engines() on the file's fixtures; the index engine (corpus_query.h) has no in-memory fixtures, so every
// query of every file also runs on a small index (cql_index_fixture.h) through both engines, which must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "cql_index_fixture.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/memory_view.h"
#include "query/reference_evaluator.h"
#include "test_paths.h"

namespace presser {
namespace {

namespace fs = std::filesystem;
using query::Hit;
using query::MemoryCorpus;

struct Engine {
    std::string name;
    std::function<Result<std::vector<Hit>>(const query::cql::Query&, const MemoryCorpus&, const query::ReferenceOptions&)>
        run;
};

std::vector<Engine> engines() {
    return {{"reference", [](const auto& q, const auto& corpus, const auto& options) {
                 return query::evaluate_reference(q, corpus, options);
             }}};
}

struct Block {
    enum class Kind { query, error } kind = Kind::query;
    std::size_t line = 0;
    std::string text;
    query::cql::CqlOptions parse_options;
    query::ReferenceOptions eval_options;
    std::vector<std::string> expected;  // "start-end" lines, or the message fragment
    MemoryCorpus corpus;
};

std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r");
    std::size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Splits on spaces, keeping "double quoted" parts together (quotes removed).
std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::string current;
    bool quoted = false, any = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if ((c == ' ' || c == '\t') && !quoted) {
            if (any) fields.push_back(current);
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any) fields.push_back(current);
    return fields;
}

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

class TestFile {
public:
    explicit TestFile(const fs::path& path) : path_(path) {
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) lines_.push_back(line);
    }

    std::vector<Block> parse() {
        std::vector<Block> blocks;
        while (at_ < lines_.size()) {
            std::string line = trim(lines_[at_]);
            if (line.empty() || line[0] == '#') {
                ++at_;
                continue;
            }
            std::vector<std::string> fields = split_fields(line);
            if (fields[0] == "corpus") {
                ++at_;
                corpus_ = read_corpus();
            } else if (fields[0] == "query" || fields[0] == "error") {
                blocks.push_back(read_block(fields));
            } else {
                ADD_FAILURE() << where() << "expected corpus, query or error, found: " << line;
                ++at_;
            }
        }
        return blocks;
    }

private:
    std::string where() const { return path_.filename().string() + ":" + std::to_string(at_ + 1) + ": "; }

    MemoryCorpus read_corpus() {
        MemoryCorpus corpus;
        for (; at_ < lines_.size(); ++at_) {
            std::string line = trim(lines_[at_]);
            if (line.empty() || line[0] == '#') continue;
            if (line == "end") {
                ++at_;
                return corpus;
            }
            std::vector<std::string> fields = split_fields(line);
            if (fields[0] == "tokens") {
                for (std::size_t i = 1; i < fields.size(); ++i) add_token(corpus, fields[i]);
            } else if (fields[0] == "region" && fields.size() >= 4) {
                query::MemoryRegion region;
                region.start = static_cast<std::uint32_t>(std::stoul(fields[2]));
                region.end = static_cast<std::uint32_t>(std::stoul(fields[3]));
                for (std::size_t i = 4; i < fields.size(); ++i) {
                    std::size_t eq = fields[i].find('=');
                    if (eq == std::string::npos) {
                        ADD_FAILURE() << where() << "expected name=value, found " << fields[i];
                        continue;
                    }
                    region.attributes[fields[i].substr(0, eq)] = fields[i].substr(eq + 1);
                }
                corpus.regions[fields[1]].push_back(region);
            } else {
                ADD_FAILURE() << where() << "expected tokens, region or end, found: " << line;
            }
        }
        ADD_FAILURE() << where() << "corpus block without end";
        return corpus;
    }

    // word, word|lower or word|lower|lemma; lower defaults to the ASCII lower case of word, lemma to lower.
    static void add_token(MemoryCorpus& corpus, const std::string& field) {
        std::vector<std::string> parts;
        std::stringstream stream(field);
        std::string part;
        while (std::getline(stream, part, '|')) parts.push_back(part);
        if (parts.empty()) parts.push_back("");
        corpus.word.push_back(parts[0]);
        corpus.lower.push_back(parts.size() > 1 ? parts[1] : ascii_lower(parts[0]));
        corpus.lemma.push_back(parts.size() > 2 ? parts[2] : corpus.lower.back());
    }

    Block read_block(const std::vector<std::string>& header) {
        Block block;
        block.kind = header[0] == "query" ? Block::Kind::query : Block::Kind::error;
        block.line = at_ + 1;
        block.corpus = corpus_;
        for (std::size_t i = 1; i < header.size(); ++i) {
            std::size_t eq = header[i].find('=');
            std::string key = header[i].substr(0, eq);
            std::string value = eq == std::string::npos ? "" : header[i].substr(eq + 1);
            if (key == "max_span")
                block.eval_options.max_span = static_cast<std::uint32_t>(std::stoul(value));
            else if (key == "default")
                block.parse_options.default_attribute = value;
            else if (key == "matching" && query::parse_matching_strategy(value))
                block.eval_options.matching = *query::parse_matching_strategy(value);
            else
                ADD_FAILURE() << where() << "unknown option " << header[i];
        }
        ++at_;
        std::string text;
        for (; at_ < lines_.size() && trim(lines_[at_]) != "----"; ++at_) text += (text.empty() ? "" : "\n") + lines_[at_];
        if (at_ >= lines_.size()) ADD_FAILURE() << where() << "block without ----";
        ++at_;
        block.text = text;
        for (; at_ < lines_.size() && !trim(lines_[at_]).empty(); ++at_) block.expected.push_back(trim(lines_[at_]));
        return block;
    }

    fs::path path_;
    std::vector<std::string> lines_;
    std::size_t at_ = 0;
    MemoryCorpus corpus_;
};

std::vector<fs::path> test_files() {
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(testing::source_dir() / "tests" / "cql"))
        if (entry.path().extension() == ".test") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

void run_block(const fs::path& file, const Block& block, const Engine& engine) {
    std::string where = file.filename().string() + ":" + std::to_string(block.line) + " [" + engine.name + "] " + block.text;
    Result<query::cql::Query> parsed = query::cql::parse_cql(block.text, block.parse_options);
    if (block.kind == Block::Kind::error) {
        ASSERT_FALSE(parsed.ok()) << where << ": parsed, but an error was expected";
        ASSERT_EQ(block.expected.size(), 1u) << where << ": an error block expects one message fragment";
        EXPECT_NE(parsed.error().message.find(block.expected[0]), std::string::npos)
            << where << "\n  got: " << parsed.error().message << "\n  want: " << block.expected[0];
        return;
    }
    ASSERT_TRUE(parsed.ok()) << where << ": " << parsed.error().describe();
    Result<std::vector<Hit>> hits = engine.run(parsed.value(), block.corpus, block.eval_options);
    ASSERT_TRUE(hits.ok()) << where << ": " << hits.error().describe();
    std::vector<std::string> got;
    for (const Hit& hit : hits.value()) got.push_back(std::to_string(hit.start) + "-" + std::to_string(hit.end));
    EXPECT_EQ(got, block.expected) << where;
}

TEST(CqlDeclarative, EveryTestFilePasses) {
    std::vector<fs::path> files = test_files();
    ASSERT_GE(files.size(), 3u);
    std::size_t blocks = 0;
    for (const fs::path& file : files) {
        std::vector<Block> parsed = TestFile(file).parse();
        EXPECT_FALSE(parsed.empty()) << file;
        for (const Block& block : parsed) {
            ++blocks;
            for (const Engine& engine : engines()) run_block(file, block, engine);
        }
    }
    EXPECT_GE(blocks, 30u);
}

TEST(CqlDeclarative, EveryQueryAgreesOnTheIndex) {
    const index::Index& index = testing::cql_fixture_index();
    std::vector<MemoryCorpus> views;
    for (const auto& segment : index.segments()) views.push_back(query::memory_view(*segment));
    std::size_t compared = 0;
    for (const fs::path& file : test_files()) {
        for (const Block& block : TestFile(file).parse()) {
            if (block.kind != Block::Kind::query) continue;
            Result<query::cql::Query> parsed = query::cql::parse_cql(block.text, block.parse_options);
            ASSERT_TRUE(parsed.ok()) << block.text;
            query::QueryOptions options;
            options.max_span = block.eval_options.max_span;
            options.matching = block.eval_options.matching;
            auto compiled = query::CorpusQuery::compile(index, parsed.value(), options);
            ASSERT_TRUE(compiled.ok()) << block.text << ": " << compiled.error().message;
            for (std::size_t s = 0; s < views.size(); ++s) {
                auto expected = query::evaluate_reference(parsed.value(), views[s], block.eval_options);
                auto got = (*compiled)->segment_hits(s);
                ASSERT_TRUE(expected.ok() && got.ok()) << block.text;
                std::vector<Hit> hits;
                for (const auto& h : got.value()) hits.push_back({h.start, h.end});
                EXPECT_EQ(hits, expected.value()) << file.filename() << ":" << block.line << " " << block.text;
                ++compared;
            }
        }
    }
    EXPECT_GE(compared, 30u);
}

}  // namespace
}  // namespace presser
