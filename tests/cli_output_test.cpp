// The CLI's tabular outputs on the shipped sample (English, Spanish and Chinese names): every TSV output
// starts with a header row naming its columns, and table output lines its columns up by display width.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index_test_support.h"
#include "model/terminal_table.h"
#include "test_paths.h"

namespace presser {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::size_t field_count(const std::string& line) { return static_cast<std::size_t>(std::count(line.begin(), line.end(), '\t')) + 1; }

// The display column at which `needle` starts in `line`.
std::size_t column_of(const std::string& line, const std::string& needle) {
    const auto at = line.find(needle);
    EXPECT_NE(at, std::string::npos) << needle << " not in: " << line;
    return at == std::string::npos ? 0 : display_width(std::string_view(line).substr(0, at));
}

class CliOutput : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("cli-output");
        ASSERT_TRUE(index::build_index(scratch_->path() / "idx", {(testing::source_dir() / "samples").string()}, {}).ok());
    }
    static void TearDownTestSuite() {
        delete scratch_;
        scratch_ = nullptr;
    }
    // stdout and stderr of `presser ARGS --index IDX`, which must exit 0.
    static std::string run(std::vector<std::string> args) {
        args.insert(args.begin() + 1, {"--index", (scratch_->path() / "idx").string()});
        std::string output;
        EXPECT_EQ(testing::run_presser(args, &output), 0) << output;
        return output;
    }
    static testing::ScratchDir* scratch_;
};
testing::ScratchDir* CliOutput::scratch_ = nullptr;

// The header and the rows of a TSV output: every row has as many fields as the header.
void expect_tsv(const std::string& output, const std::string& header, std::size_t least_rows) {
    const auto lines = lines_of(output);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.front(), header) << output;
    std::size_t rows = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].find('\t') == std::string::npos) continue;  // a note merged in from stderr
        EXPECT_EQ(field_count(lines[i]), field_count(header)) << lines[i];
        ++rows;
    }
    EXPECT_GE(rows, least_rows) << output;
}

TEST_F(CliOutput, EveryTsvOutputHasAHeaderRow) {
    expect_tsv(run({"query", "[lemma=\"toll\"]", "--format", "tsv", "--page-size", "5"}),
               "left\tmatch\tright\tspeaker\trole\toutlet\tdate\tevent\tsource\tsource_bytes", 5);
    expect_tsv(run({"query", "[lemma=\"toll\"]", "--count", "--format", "tsv"}), "hits\tevents\tturns\tmatching", 1);
    expect_tsv(run({"query", "[]", "--group-by", "event.organiser", "--format", "tsv"}), "event.organiser\thits\ttokens\tper_million", 4);
    expect_tsv(run({"search", "drought", "--format", "tsv", "--limit", "5"}),
               "rank\tscore\tdate\tevent\tturn\texchange\tspeaker\trole\tkind\toutlet\tsource\tsource_bytes\tsnippet", 5);
    expect_tsv(run({"people", "--format", "tsv"}), "turns\tevents\trole\tname\toffices\tdates\tspellings\toutlets", 10);
    expect_tsv(run({"outlets", "--format", "tsv"}), "turns\tevents\tspeakers\tknown\tname\tspellings", 10);
}

TEST_F(CliOutput, KwicLinesShowWhereTheLabelsLie) {
    const std::string cql = R"(a:[] [lower="and"] g:([]{2}))";
    const auto json = nlohmann::json::parse(run({"query", cql, "--format", "json", "--page-size", "4"}));
    ASSERT_EQ(json["lines"].size(), 4u);
    for (const auto& line : json["lines"]) {
        const std::uint32_t start = line["start"], end = line["end"];
        const auto& labels = line["labels"];
        ASSERT_EQ(labels.size(), 2u) << line.dump();
        EXPECT_EQ(labels["a"]["start"], start);
        EXPECT_EQ(labels["a"]["end"], start + 1);
        EXPECT_EQ(labels["g"]["start"], start + 2);
        EXPECT_EQ(labels["g"]["end"], end);
        const std::string match = line["match"], a = labels["a"]["text"], g = labels["g"]["text"];
        EXPECT_EQ(match.substr(0, a.size()), a) << match;
        EXPECT_EQ(match.substr(match.size() - std::min(match.size(), g.size())), g) << match;
    }
    const auto unlabelled = nlohmann::json::parse(run({"query", R"([lower="and"])", "--format", "json", "--page-size", "2"}));
    for (const auto& line : unlabelled["lines"]) EXPECT_EQ(line["labels"], nlohmann::json::object());

    expect_tsv(run({"query", cql, "--format", "tsv", "--page-size", "4"}),
               "left\tmatch\tright\tspeaker\trole\toutlet\tdate\tevent\tsource\tsource_bytes\tlabel.a\tlabel.g", 4);
    const auto table = lines_of(run({"query", cql, "--page-size", "1"}));
    ASSERT_GE(table.size(), 3u);
    const auto first = json["lines"][0];
    EXPECT_EQ(table[2], "      labels:  a=" + first["labels"]["a"]["text"].get<std::string>() + "  g=" +
                            first["labels"]["g"]["text"].get<std::string>());
}

TEST_F(CliOutput, TablesLineUpChineseAndLatinNames) {
    // People: the name column starts at the same display column for 林晓 as for Ines Calloway, and so do the
    // columns after it.
    const auto people = lines_of(run({"people", "--limit", "0"}));
    const auto row = [&](const std::string& name) {
        for (const auto& line : people)
            if (line.find(name) != std::string::npos) return line;
        ADD_FAILURE() << name << " not listed";
        return std::string();
    };
    const std::string heading = people.front(), calloway = row("Ines Calloway"), lin = row("林晓");
    EXPECT_EQ(column_of(calloway, "Ines Calloway"), column_of(heading, "name"));
    EXPECT_EQ(column_of(lin, "林晓"), column_of(heading, "name"));
    EXPECT_EQ(column_of(lin, "东港市渔业局发言人"), column_of(heading, "offices"));
    EXPECT_EQ(column_of(calloway, "Spokesperson"), column_of(heading, "offices"));
    EXPECT_EQ(column_of(lin, "2024-01-23"), column_of(calloway, "2024-01-25"));

    // Outlets: a Chinese outlet's name starts where the heading's does.
    const auto outlets = lines_of(run({"outlets"}));
    std::size_t name_column = 0;
    for (const auto& line : outlets) {
        if (line.find("海港日报") != std::string::npos) name_column = column_of(line, "海港日报");
    }
    EXPECT_EQ(name_column, column_of(outlets.front(), "name"));

    // A distribution by speaker: its number columns are right-aligned, so every row is as wide as the heading,
    // whatever the width of the names.
    const auto groups = lines_of(run({"query", "[]", "--group-by", "turn.speaker"}));
    std::size_t rows = 0;
    for (const auto& line : groups) {
        if (line.find("林晓") == std::string::npos && line.find("Ines Calloway") == std::string::npos &&
            line.find("Tomás Rivas") == std::string::npos)
            continue;
        EXPECT_EQ(display_width(line), display_width(groups.front())) << line << "\n" << groups.front();
        ++rows;
    }
    EXPECT_EQ(rows, 3u);
}

}  // namespace
}  // namespace presser
