// A small language guess from the text of the turns: the share of Han characters, then counts of the most
// frequent function words of each language. Enough to choose a tokenizer; issue 3 may replace it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "ingest/build_steps.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

struct StopWords {
    std::string_view language;
    std::array<std::string_view, 12> words;
};

constexpr std::array<StopWords, 6> kStopWords{{
    {"en", {"the", "and", "of", "to", "is", "that", "we", "you", "it", "in", "this", "what"}},
    {"es", {"el", "la", "de", "que", "y", "los", "en", "las", "por", "una", "del", "se"}},
    {"tr", {"ve", "bir", "bu", "da", "de", "için", "ile", "çok", "olarak", "gibi", "ama", "daha"}},
    {"fr", {"le", "les", "des", "et", "est", "une", "du", "que", "nous", "pas", "pour", "dans"}},
    {"de", {"der", "die", "und", "das", "ist", "nicht", "wir", "ich", "sie", "mit", "den", "auf"}},
    {"pt", {"o", "os", "não", "uma", "com", "para", "do", "da", "em", "que", "e", "são"}},
}};

constexpr std::size_t kLongestStopWord = [] {
    std::size_t longest = 0;
    for (const StopWords& list : kStopWords)
        for (std::string_view word : list.words) longest = std::max(longest, word.size());
    return longest;
}();

// A word of at most eight bytes as a number (its bytes in order, zero-padded): stop words are looked up
// by it, which costs a multiply instead of hashing a string.
std::uint64_t packed(std::string_view word) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < word.size(); ++i) key |= std::uint64_t{static_cast<unsigned char>(word[i])} << (8 * i);
    return key;
}

// Stop word -> a bit per language of kStopWords that it belongs to, in an open-addressing table.
class StopWordTable {
public:
    StopWordTable() {
        static_assert(kLongestStopWord <= 8);
        for (std::size_t language = 0; language < kStopWords.size(); ++language)
            for (std::string_view word : kStopWords[language].words) {
                auto& slot = find(packed(word));
                slot.key = packed(word);
                slot.languages |= 1u << language;
            }
    }
    // The languages of a word of at most eight bytes (0: not a stop word).
    unsigned languages(std::string_view word) const { return find(packed(word)).languages; }

private:
    struct Slot {
        std::uint64_t key = 0;
        unsigned languages = 0;
    };
    static constexpr std::size_t kSlots = 256;  // over three times the stop words
    Slot& find(std::uint64_t key) { return const_cast<Slot&>(std::as_const(*this).find(key)); }
    const Slot& find(std::uint64_t key) const {
        std::size_t at = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 56);
        while (slots_[at].key != 0 && slots_[at].key != key) at = (at + 1) % kSlots;
        return slots_[at];
    }
    std::array<Slot, kSlots> slots_{};
};

const StopWordTable& stop_words() {
    static const StopWordTable table;
    return table;
}

// How much of an event's text is read: a few hundred words decide, and a long first paragraph must not
// make the guess cost as much as the parse.
constexpr std::size_t kSampleBytes = 2'000;

}  // namespace

std::string detect_language(const model::Event& event) {
    std::size_t han = 0, letters = 0;
    std::array<std::size_t, kStopWords.size()> score{};
    std::size_t sampled = 0;
    std::string lower;
    for (const model::Turn& turn : event.turns) {
        for (const model::Paragraph& paragraph : turn.paragraphs) {
            if (sampled > kSampleBytes) break;
            // The sample ends at the first space after the budget, so that no word is cut.
            std::string_view text = paragraph.text;
            std::size_t cut = text.find(' ', std::min(text.size(), kSampleBytes + 1 - sampled));
            if (cut != std::string_view::npos) text = text.substr(0, cut);
            sampled += text.size();
            for (std::size_t i = 0; i < text.size();) {
                unsigned char c = static_cast<unsigned char>(text[i]);
                std::size_t length = utf8_sequence_length(c);
                if (length == 3 && c >= 0xE4 && c <= 0xE9) ++han;
                else if (c >= 'A') ++letters;
                i += length;
            }
            std::size_t start = 0;
            lower = ascii_lower(text);
            for (std::size_t i = 0; i <= lower.size(); ++i) {
                if (i < lower.size() && lower[i] != ' ' && lower[i] != ',' && lower[i] != '.') continue;
                if (i > start && i - start <= kLongestStopWord) {
                    const unsigned languages = stop_words().languages(std::string_view(lower).substr(start, i - start));
                    for (std::size_t language = 0; language < score.size() && languages != 0; ++language)
                        score[language] += (languages >> language) & 1u;
                }
                start = i + 1;
            }
        }
    }
    if (han > 20 && han * 2 > letters) return "zh";
    // The most frequent language wins; ties go to the one whose code sorts first, as they always have.
    std::string_view best;
    std::size_t best_score = 2;
    for (std::size_t language = 0; language < score.size(); ++language) {
        std::string_view code = kStopWords[language].language;
        if (score[language] > best_score || (score[language] == best_score && !best.empty() && code < best)) {
            best = code;
            best_score = score[language];
        }
    }
    return std::string(best);
}

}  // namespace presser::ingest
