#include "segment_invariants.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "index/event_analysis.h"
#include "index/segment.h"
#include "index/segment_builder.h"
#include "index/stored_event.h"

namespace presser::fuzz {
namespace {

namespace fs = std::filesystem;

model::Event sample_event() {
    model::Event event;
    event.id = "fuzz-event";
    event.title = "Regular press conference";
    event.language = "en";
    event.source = "fuzz.txt";
    event.speakers = {{"s1", "Mao Ning", model::Role::official, "Spokesperson", {}, {"Mao Ning"}},
                      {"s2", "", model::Role::journalist, "", {"Reuters"}, {"Reuters"}}};
    const char* texts[] = {"Good afternoon. I have no announcement today.", "Are sanctions on the table? What about talks?",
                           "We oppose unilateral sanctions. Peace talks continue.", "中国 支持 和平 谈判。"};
    const char* speakers[] = {"s1", "s2", "s1", "s1"};
    const model::TurnKind kinds[] = {model::TurnKind::statement, model::TurnKind::question, model::TurnKind::answer,
                                     model::TurnKind::answer};
    std::uint64_t offset = 0;
    for (int t = 0; t < 4; ++t) {
        model::Turn turn{"t" + std::to_string(t + 1), speakers[t], kinds[t], {}, std::nullopt};
        const std::string text = texts[t];
        turn.paragraphs.push_back({text, {offset, offset + text.size()}, {}});
        offset += text.size() + 2;
        event.turns.push_back(std::move(turn));
    }
    // Enough turns with "talks" for its per-turn frequency list to have a block directory (turns.blk).
    for (std::size_t t = 5; t <= 5 + index::kTurnBlockSize; ++t) {
        model::Turn turn{"t" + std::to_string(t), "s1", model::TurnKind::answer, {}, std::nullopt};
        const std::string text = "Talks.";
        turn.paragraphs.push_back({text, {offset, offset + text.size()}, {}});
        offset += text.size() + 2;
        event.turns.push_back(std::move(turn));
    }
    event.exchanges.push_back({"x1", {"t2"}, {"t3", "t4"}, std::nullopt});
    return event;
}

struct Pristine {
    fs::path directory;  // the index directory holding seg-000001
    index::SegmentInfo info;
    std::map<std::string, std::string> files;
};

const Pristine& pristine() {
    static const Pristine built = [] {
        Pristine out;
        out.directory = fs::temp_directory_path() / ("presser-fuzz-segment-" + std::to_string(::getpid()));
        fs::remove_all(out.directory);
        fs::create_directories(out.directory);
        index::EventAnalyzer analyzer;
        index::SegmentBuilder builder;
        for (int copy = 0; copy < 3; ++copy) {
            auto event = sample_event();
            event.id += std::to_string(copy);
            builder.add(analyzer.analyse(std::move(event), {}));
        }
        auto info = builder.write(out.directory / "seg-000001");
        if (!info.ok()) std::abort();
        out.info = info.value();
        for (const auto& file : out.info.files) {
            std::ifstream in(out.directory / "seg-000001" / file.name, std::ios::binary);
            out.files[file.name].assign(std::istreambuf_iterator<char>(in), {});
        }
        return out;
    }();
    return built;
}

void write(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void read_everything(const index::Segment& segment) {
    for (const auto attribute : index::kAttributes) {
        const auto& lexicon = segment.lexicon(attribute);
        for (std::uint32_t term = 0; term < lexicon.size(); ++term) {
            (void)lexicon.term(term);
            auto cursor = segment.postings(attribute, term);
            std::vector<std::uint32_t> positions;
            cursor.drain(positions);
            auto seeker = segment.postings(attribute, term);
            seeker.seek(segment.tokens() / 2);
        }
        for (std::uint64_t p = 0; p < segment.tokens(); ++p) (void)segment.term_at(attribute, p);
    }
    for (const auto attribute : {index::Attribute::lower, index::Attribute::lemma}) {
        for (std::uint32_t term = 0; term < segment.lexicon(attribute).size(); ++term) {
            const auto list = segment.turn_frequencies(attribute, term);
            std::uint32_t turn = 0, frequency = 0;
            for (index::TurnFrequencyReader all(list); all.next(turn, frequency);) {
            }
            const auto blocks = segment.turn_blocks(attribute, term);
            for (std::uint64_t b = 0; b < blocks.size(); ++b)
                for (index::TurnFrequencyReader block(list, blocks[b], index::kTurnBlockSize); block.next(turn, frequency);) {
                }
        }
    }
    for (const auto structure : index::kStructures) {
        const auto& regions = segment.regions(structure);
        for (std::uint64_t r = 0; r < regions.size(); ++r) (void)regions.end(r);
        for (std::uint64_t p = 0; p <= segment.tokens(); ++p) (void)regions.find(static_cast<std::uint32_t>(p));
        for (const auto& name : regions.column_names()) {
            const auto* column = regions.column(name);
            for (std::uint64_t r = 0; r < regions.size(); ++r)
                if (column->numeric()) (void)column->number(r);
                else (void)column->string(r);
        }
    }
    for (std::uint64_t p = 0; p < segment.regions(index::Structure::p).size(); ++p) (void)segment.paragraph(p);
    for (std::uint64_t e = 0; e < segment.events(); ++e) (void)index::stored_event(segment, e);
    (void)segment.verify();
}

}  // namespace

std::vector<std::string> check_damaged_segment(std::string_view input) {
    std::vector<std::string> violations;
    const auto& base = pristine();
    if (input.size() < 2) return violations;
    const auto& chosen = base.info.files[static_cast<unsigned char>(input[0]) % base.info.files.size()];
    const std::string& original = base.files.at(chosen.name);
    std::string damaged;
    if (input[1] & 1) {
        damaged.assign(input.substr(2));
    } else {
        damaged = original;
        for (std::size_t i = 2; i + 2 < input.size() && !damaged.empty(); i += 3) {
            const std::size_t at = (static_cast<unsigned char>(input[i]) | static_cast<unsigned char>(input[i + 1]) << 8) % damaged.size();
            damaged[at] = static_cast<char>(damaged[at] ^ input[i + 2]);
        }
        if (input[1] & 2) damaged.resize(damaged.size() * static_cast<unsigned char>(input[1]) / 256);
    }
    const auto file = base.directory / "seg-000001" / chosen.name;
    write(file, damaged);
    auto info = base.info;
    // The damage the checksum cannot see (one that kept the checksum, or a manifest naming the damaged
    // file's): what the layout checks must still refuse or read safely.
    for (auto& listed : info.files)
        if (listed.name == chosen.name) {
            listed.size = damaged.size();
            listed.checksum = index::checksum_of(damaged);
        }
    {
        auto segment = index::Segment::open(base.directory, info);
        if (segment.ok()) {
            read_everything(*segment.value());
            if (damaged == original && !segment.value()->verify().ok()) violations.push_back("an undamaged segment fails verify()");
        } else if (segment.error().describe().empty()) {
            violations.push_back("an error without a message");
        }
    }
    write(file, original);
    return violations;
}

}  // namespace presser::fuzz
