// Files larger than ParseOptions::max_part_bytes are read part by part at paragraph boundaries, one event
// per part, with byte ranges still pointing into the whole file. Exercised here with a small part size so
// that the test stays fast; the same code reads gigabyte files in bounded memory.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include <unistd.h>

#include "ingest/parser.h"
#include "test_paths.h"

namespace presser {
namespace {

std::filesystem::path write_transcript(std::size_t questions, std::uint32_t seed) {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("presser-parts-" + std::to_string(::getpid()) + "-" + std::to_string(seed) + ".txt");
    std::mt19937 random(seed);
    std::vector<std::string> words{"budget", "harbour", "ferry", "repairs", "the", "of", "and", "schedule", "weekend"};
    std::ofstream out(path, std::ios::binary);
    out << "The Harbour Authority held a press briefing on May 14, 2024. Harbour Master Elena Vasquez answered questions.\n\n";
    for (std::size_t i = 0; i < questions; ++i) {
        out << "  Q: Question " << i;
        for (int w = 0; w < 30; ++w) out << ' ' << words[random() % words.size()];
        out << "?\n\n  HARBOUR MASTER VASQUEZ: Answer " << i << ".\n\n";
        for (int w = 0; w < 60; ++w) out << words[random() % words.size()] << (w % 12 == 11 ? "\n" : " ");
        out << "end.\n\n";
    }
    return path;
}

TEST(LargeFileParts, PartsCoverEveryTurnAndRangesPointIntoTheWholeFile) {
    const std::size_t questions = 2000;
    std::filesystem::path path = write_transcript(questions, 7);
    std::string bytes = testing::read_file(path);
    ingest::ParseOptions options;
    options.max_part_bytes = 100'000;

    std::size_t events = 0, asked = 0, answered = 0;
    auto parsed = ingest::parse_file_streaming(path, options, [&](model::Event&& event) {
        ++events;
        EXPECT_EQ(event.id, path.stem().string() + "#" + std::to_string(events));
        EXPECT_EQ(event.date.to_string(), "2024-05-14") << "the date of part 1 carries to every part";
        EXPECT_FALSE(event.warnings.empty());
        for (const model::Turn& turn : event.turns) {
            asked += turn.kind == model::TurnKind::question;
            answered += turn.kind == model::TurnKind::answer;
            for (const model::Paragraph& paragraph : turn.paragraphs) {
                ASSERT_LE(paragraph.range.end, bytes.size());
                std::string slice = bytes.substr(paragraph.range.start, paragraph.range.end - paragraph.range.start);
                if (slice.find('\n') == std::string::npos) {
                    EXPECT_EQ(slice, paragraph.text);
                }
            }
        }
    });
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    EXPECT_EQ(*parsed, events);
    EXPECT_GT(events, bytes.size() / 100'000);
    EXPECT_EQ(asked, questions);
    EXPECT_GE(answered, questions - events) << "at most the first answer of a part lacks its question";
    std::filesystem::remove(path);
}

TEST(LargeFileParts, SmallFilesAreOneEvent) {
    std::filesystem::path path = write_transcript(5, 8);
    auto events = ingest::parse_file(path);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->size(), 1u);
    EXPECT_EQ(events->front().id, path.stem().string());
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace presser
