// Visible text of gumbo nodes, white space folded, mapped back to the byte offsets of the source it was
// read from (character references and CR LF included). Internal to src/ingest.
#pragma once

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/text_util.h"
#include "model/transcript.h"

namespace presser::ingest::html {

// Visible text of a paragraph, white space folded, with the source bytes each character was read from.
// Text copied verbatim from the source is kept as runs (one offset per run, not per byte); a character
// decoded from a reference ("&amp;") and the space that stands for folded white space are runs of their
// own.
class MappedText {
public:
    std::string text;
    bool starts_bold = false;
    std::vector<std::size_t> line_starts;  // where the lines after a <br> begin in `text`

    void break_word() { pending_space_ = !text.empty(); }
    void break_line() {
        break_word();
        pending_line_ = pending_space_;
    }

    // One decoded character and the source bytes [from, to) it came from; `verbatim` when those bytes
    // are the character itself.
    void add_character(std::string_view character, std::size_t from, std::size_t to, bool verbatim, bool bold) {
        std::size_t space = character == "\n" ? 1 : horizontal_space_length(character, 0);
        if (space == character.size()) {
            break_word();
            return;
        }
        if (text.empty()) starts_bold = bold;
        if (pending_space_) {
            runs_.push_back({text.size(), from, from, false});
            text.push_back(' ');
        }
        pending_space_ = false;
        if (pending_line_) line_starts.push_back(text.size());
        pending_line_ = false;
        bool extends = verbatim && !runs_.empty() && runs_.back().verbatim &&
                       runs_.back().source_start + (text.size() - runs_.back().text_start) == from;
        if (!extends) runs_.push_back({text.size(), from, to, verbatim});
        text += character;
    }

    // The source bytes of text[from, to): from the first character's first byte to the last character's
    // last byte. Markup between them (inline tags) is inside the range.
    [[nodiscard]] model::ByteRange source_range(std::size_t from, std::size_t to) const {
        if (runs_.empty()) return {};
        if (from >= to || to > text.size()) {
            std::size_t at = from < text.size() ? source_begin(from) : source_end(text.size() - 1);
            return {at, at};
        }
        std::size_t start = source_begin(from);
        return {start, std::max(start, source_end(to - 1))};
    }

private:
    struct Run {
        std::size_t text_start;
        std::size_t source_start;
        std::size_t source_end;  // for a decoded character: the end of its reference
        bool verbatim;
    };
    std::vector<Run> runs_;
    bool pending_space_ = false;
    bool pending_line_ = false;

    const Run& run_at(std::size_t i) const {
        auto after = std::upper_bound(runs_.begin(), runs_.end(), i, [](std::size_t at, const Run& run) { return at < run.text_start; });
        return *std::prev(after);
    }
    std::size_t source_begin(std::size_t i) const {
        const Run& run = run_at(i);
        if (!run.verbatim) return run.source_start;
        // The first byte of the character that byte i belongs to.
        std::size_t lead = i;
        while (lead > run.text_start && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80) --lead;
        return run.source_start + (lead - run.text_start);
    }
    std::size_t source_end(std::size_t i) const {
        const Run& run = run_at(i);
        if (!run.verbatim) return run.source_end;
        std::size_t last = i;
        while (last + 1 < text.size() && (static_cast<unsigned char>(text[last + 1]) & 0xC0) == 0x80) ++last;
        return run.source_start + (last - run.text_start) + 1;
    }
};

struct Extraction {
    std::string_view source;  // the whole decoded source text
    std::size_t parse_base;   // offset in `source` of the bytes gumbo parsed
};

// Appends the visible text of `nodes` (siblings, in order) to `out`.
void extract_text(const std::vector<const GumboNode*>& nodes, bool bold_outside, const Extraction& extraction, MappedText& out);

}  // namespace presser::ingest::html
