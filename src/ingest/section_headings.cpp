#include "ingest/section_headings.h"


#include <algorithm>
#include <array>
#include <string>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

constexpr std::size_t kMaxHeadingWords = 6;
constexpr std::size_t kMaxHeadingBytes = 80;

// Lower-case words a title may hold: "Questions and Answers", "Preguntas y Respuestas".
constexpr std::array<std::string_view, 16> kTitleSmallWords{"and", "of", "the", "for", "on", "with", "to", "&",
                                                            "y", "e", "de", "del", "la", "las", "los", "-"};

// One to six words, the first capitalised and the others capitalised or small: "Prepared Remarks".
bool title_like(std::string_view text) {
    std::vector<std::string> words = split_words(text);
    if (words.empty() || words.size() > kMaxHeadingWords || !starts_upper(words.front())) return false;
    return std::all_of(words.begin(), words.end(), [](const std::string& word) {
        return starts_upper(word) ||
               std::find(kTitleSmallWords.begin(), kTitleSmallWords.end(), word) != kTitleSmallWords.end();
    });
}

// The whole paragraph as written, label included, when it is one line ending in a colon.
const model::Paragraph* colon_line(const DraftBlock& block, std::string_view source) {
    if (block.heading || block.editorial || (block.label && (!block.label->weak || !block.unlabeled))) return nullptr;
    const model::Paragraph& whole = block.label ? *block.unlabeled : block.paragraph;
    const model::ByteRange& range = whole.range;
    if (range.end > source.size() || range.start >= range.end || range.end - range.start > kMaxHeadingBytes) return nullptr;
    if (source.substr(range.start, range.end - range.start).find('\n') != std::string_view::npos) return nullptr;
    return whole.text.ends_with(':') || whole.text.ends_with("：") ? &whole : nullptr;
}

}  // namespace

void mark_section_headings(std::vector<DraftBlock>& blocks, std::string_view source) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const model::Paragraph* line = colon_line(blocks[i], source);
        if (!line) continue;
        std::string_view words = line->text;
        words.remove_suffix(words.ends_with(':') ? 1 : std::string_view("：").size());
        bool speaker_follows = i + 1 == blocks.size() || blocks[i + 1].label.has_value();
        if (!speaker_follows || !title_like(words)) continue;
        DraftBlock& block = blocks[i];
        if (block.label) block.paragraph = std::move(*block.unlabeled);
        block.label.reset();
        block.unlabeled.reset();
        block.heading = true;
    }
}

}  // namespace presser::ingest
