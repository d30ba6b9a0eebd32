// One immutable segment of an index, memory-mapped: what every query, KWIC line and event reader reads.
// Opening checks every file's size and checksum against the manifest before reading it (once per process
// and file identity: index/verified_files.h) and then its layout, so a corrupt file gives an error naming
// it, never an answer or a crash; verify() also decodes everything (`presser index check`).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "index/file_io.h"
#include "index/lexicon.h"
#include "index/manifest.h"
#include "index/postings.h"
#include "index/regions.h"
#include "index/segment_files.h"
#include "index/stored_text.h"
#include "index/token_stream.h"
#include "index/turn_blocks.h"

namespace presser::index {

// Walks one per-turn frequency list, a block of kTurnBlockSize entries at a time; stops early (and says
// so) on a corrupt list.
class TurnFrequencyReader {
public:
    explicit TurnFrequencyReader(std::string_view list);
    // Only the `entries` entries of one block of `list`.
    TurnFrequencyReader(std::string_view list, const TurnBlock& block, std::uint64_t entries);
    [[nodiscard]] std::uint64_t size() const { return count_; }
    // Next (turn, frequency); false at the end.
    bool next(std::uint32_t& turn, std::uint32_t& frequency) {
        if (buffered_ == used_ && !decode_block(true)) return false;
        turn = turns_[used_];
        frequency = frequencies_[used_++] + 1;  // stored minus one
        return true;
    }
    // The next block whole: its turns, and its frequencies minus one; false at the end. Only while next()
    // has not left entries of a block unread.
    bool next_block(const std::uint32_t*& turns, const std::uint32_t*& frequencies_minus_one, std::uint32_t& count) {
        frequencies_minus_one = frequencies_;
        return take_block(true, turns, count);
    }
    // The turns of the next block, its frequencies skipped undecoded (counting needs only turns); false
    // at the end. Only while next() has not left entries of a block unread.
    bool next_turns(const std::uint32_t*& turns, std::uint32_t& count) { return take_block(false, turns, count); }
    [[nodiscard]] bool corrupt() const { return corrupt_; }
    // Where the next block starts, once the entries read so far fill whole blocks.
    [[nodiscard]] const char* position() const { return at_; }

private:
    bool decode_block(bool frequencies);
    bool take_block(bool frequencies, const std::uint32_t*& turns, std::uint32_t& count) {
        if (!decode_block(frequencies)) return false;
        turns = turns_;
        count = buffered_;
        used_ = buffered_;
        return true;
    }
    const char* at_ = nullptr;
    const char* end_ = nullptr;
    std::uint64_t count_ = 0, read_ = 0;  // read_: entries decoded into the buffers so far
    std::int64_t previous_ = -1;
    bool corrupt_ = false;
    std::uint32_t buffered_ = 0, used_ = 0;
    std::uint32_t turns_[kTurnBlockSize];
    std::uint32_t frequencies_[kTurnBlockSize];
};

class Segment {
public:
    [[nodiscard]] static Result<std::unique_ptr<Segment>> open(const std::filesystem::path& index_directory,
                                                               const SegmentInfo& info);

    [[nodiscard]] const SegmentInfo& info() const { return info_; }
    [[nodiscard]] std::uint64_t tokens() const { return stream_.size(); }
    [[nodiscard]] std::uint64_t events() const { return regions(Structure::event).size(); }

    [[nodiscard]] const Lexicon& lexicon(Attribute attribute) const { return lexicons_[static_cast<int>(attribute)]; }
    [[nodiscard]] PostingCursor postings(Attribute attribute, std::uint32_t term) const;
    [[nodiscard]] const TokenStream& stream() const { return stream_; }
    // Per-turn frequencies of a lower or lemma term (`turns.tf`, written since ranked search; older
    // segments have none): varint count, then per block of kTurnBlockSize entries the gaps (turn -
    // previous turn - 1) and the frequencies minus one as two patched blocks (index/bitpack.h). Empty when
    // absent; decode with TurnFrequencyReader.
    [[nodiscard]] bool has_turn_frequencies() const { return !turn_frequencies_.empty(); }
    [[nodiscard]] std::string_view turn_frequencies(Attribute attribute, std::uint32_t term) const;
    // The block directory of that list (`turns.blk`), when it has more than kTurnBlockSize entries and the
    // segment has the file; empty otherwise (and for a directory that would lie past the file's end).
    [[nodiscard]] TurnBlocks turn_blocks(Attribute attribute, std::uint32_t term) const;
    // Term id of `attribute` at `position` (< tokens()); kNoTerm if the stream holds an id the lexicon does
    // not have (a damaged segment: open() checks layouts, not every id; verify() does).
    static constexpr std::uint32_t kNoTerm = UINT32_MAX;
    [[nodiscard]] std::uint32_t term_at(Attribute attribute, std::uint64_t position) const;
    [[nodiscard]] std::uint32_t lower_of_word(std::uint32_t word) const { return load<std::uint32_t>(lower_of_word_ + word * 4ull); }
    // Lemma id of lower term `lower` in the language of event `event` (lemmas depend on it); kNoTerm when the
    // segment has no lemma map for that language or the lower term has no lemma. term_at() without the
    // event search, for scans that already know the event.
    [[nodiscard]] std::uint32_t lemma_of_lower(std::uint32_t lower, std::uint64_t event) const {
        const std::size_t language = event < language_of_event_.size() ? language_of_event_[event] : 0;
        if (language >= lemma_of_lower_.size()) return kNoTerm;
        return load<std::uint32_t>(lemma_of_lower_[language] + lower * 4ull);
    }
    [[nodiscard]] const std::vector<std::string>& languages() const { return languages_; }

    [[nodiscard]] const Regions& regions(Structure structure) const { return regions_[static_cast<int>(structure)]; }
    [[nodiscard]] bool has_deleted_events() const { return !info_.deleted_events.empty(); }
    [[nodiscard]] bool event_deleted(std::uint64_t event) const {
        return event < deleted_.size() && deleted_[event];
    }

    // Tokens of the live events' regions of `structure`, per value id of its string column `column`, for
    // per-million figures; nullptr when the column is absent or numeric. Computed on first use, then kept
    // (a segment never changes once open); thread-safe.
    [[nodiscard]] std::shared_ptr<const std::vector<std::uint64_t>> tokens_per_value(Structure structure,
                                                                                      std::string_view column) const;

    // Paragraph `index` (a p region) as the reader shows it, rebuilt from its tokens and stored gaps.
    [[nodiscard]] Result<StoredParagraph> paragraph(std::uint64_t index) const;
    // The same without the text: each token's offset in it and the anchors, which are all that maps a
    // token to its bytes in the source (KWIC provenance), at a fraction of the cost. With `tokens`, only
    // the offsets of the paragraph's first `tokens` tokens (a KWIC line needs those up to its match).
    [[nodiscard]] Result<StoredParagraph> paragraph_layout(std::uint64_t index, std::uint64_t tokens = UINT64_MAX) const;
    [[nodiscard]] Result<std::string> event_json(std::uint64_t event) const { return events_.get(event); }

    // Every file's checksum and size against the manifest, and a full decode of postings, stream and
    // stored text.
    [[nodiscard]] Result<bool> verify() const;

private:
    [[nodiscard]] Result<bool> verify_turn_blocks(Attribute attribute, std::uint32_t term) const;
    [[nodiscard]] Result<StoredParagraph> rebuild_paragraph(std::uint64_t index, bool with_text,
                                                            std::uint64_t tokens = UINT64_MAX) const;

    std::filesystem::path directory_;
    SegmentInfo info_;
    std::vector<MappedFile> files_;
    Lexicon lexicons_[3];
    std::string_view postings_;
    std::string_view turn_frequencies_;
    const char* turn_tables_[2] = {nullptr, nullptr};  // lower, lemma: u64 count, u64 offsets[count]
    std::string_view turn_blocks_;                     // the directories, without the tables
    const char* block_tables_[2] = {nullptr, nullptr};  // as turn_tables_, offsets into turn_blocks_
    TokenStream stream_;
    const char* lower_of_word_ = nullptr;
    std::vector<std::string> languages_;
    std::vector<const char*> lemma_of_lower_;  // per language
    std::vector<std::uint8_t> language_of_event_;
    Regions regions_[5];
    ParagraphStore paragraphs_;
    EventStore events_;
    std::vector<bool> deleted_;
    mutable std::mutex tokens_per_value_mutex_;
    mutable std::map<std::pair<int, std::string>, std::shared_ptr<const std::vector<std::uint64_t>>, std::less<>> tokens_per_value_;
};

}  // namespace presser::index
