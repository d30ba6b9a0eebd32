// The stored text of a segment, compressed with zstd, so that KWIC provenance and the event reader need
// nothing but the index:
//  * paragraphs: every paragraph's reader text with the anchors that map its bytes back to the source
//    file, one compressed block per event;
//  * events: one compressed JSON document per event (docs/json.md, with paragraph texts left out since
//    they are in the paragraph store).
#pragma once

#include <zstd.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/file_io.h"
#include "model/transcript.h"
#include "text/analyzer.h"

namespace presser::index {

// Where a stretch of paragraph text lies in the source file: text bytes from `text_offset` on map to
// source bytes from `source_offset` on, until the next anchor.
struct Anchor {
    std::uint32_t text_offset = 0;
    std::uint64_t source_offset = 0;
    bool operator==(const Anchor&) const = default;
};

// A paragraph as the reader shows it, rebuilt from its tokens (the segment's token stream) and the
// stored gaps between them.
struct StoredParagraph {
    std::string text;
    std::vector<Anchor> anchors;
    std::vector<std::uint32_t> token_offsets;  // text offset where each token starts
    // Source offset of text byte `offset`.
    [[nodiscard]] std::uint64_t source_offset(std::uint32_t offset) const;
};

// What the paragraph store holds per paragraph: the text between tokens (before the first, between each
// two, after the last: tokens + 1 gaps, mostly single spaces, which compress to almost nothing) and the
// anchors. The words themselves are in the token stream already.
struct ParagraphRecord {
    std::string gap_bytes;                // every gap's text kept (all, or the first few), one after the other
    std::vector<std::uint32_t> gap_ends;  // where each kept gap ends in gap_bytes
    std::vector<Anchor> anchors;
    std::size_t gap_count = 0;            // gaps in the record, kept or not
    [[nodiscard]] std::size_t gaps() const { return gap_count; }
    // Gap `i` < gap_ends.size().
    [[nodiscard]] std::string_view gap(std::size_t i) const {
        const std::uint32_t begin = i == 0 ? 0 : gap_ends[i - 1];
        return std::string_view(gap_bytes).substr(begin, gap_ends[i] - begin);
    }
};

// One block of the paragraph store, compressed where the paragraphs were analysed (in parallel): the
// records of `count` consecutive paragraphs.
struct CompressedParagraphs {
    std::string bytes;
    std::uint32_t raw_size = 0;
    std::uint32_t count = 0;
};

// Appends the record of a paragraph to `raw`: varint gap count, each gap as a varint code (0 nothing, 1
// one space, else its length + 2 followed by its bytes), varint anchor count, and per anchor the zigzag
// varint differences of its text offset from the record's previous anchor and of its source offset from
// the block's previous anchor. `tokens` are the paragraph's tokens as offsets into `text`;
// `previous_source` carries the block's last source offset from record to record (0 at a block's start).
void append_paragraph_record(std::string& raw, std::string_view text, const text::Token* tokens, std::size_t count,
                             const std::vector<Anchor>& anchors, std::uint64_t& previous_source);
[[nodiscard]] CompressedParagraphs compress_paragraphs(ZSTD_CCtx* context, int level, std::string_view records,
                                                       std::uint32_t count);
// The stored document of an event: its JSON (docs/json.md) without paragraph texts, compressed.
[[nodiscard]] std::string compress_event_document(ZSTD_CCtx* context, int level, const model::Event& event);

class ParagraphStoreWriter {
public:
    void add(CompressedParagraphs block);
    [[nodiscard]] std::uint64_t size() const { return count_; }
    [[nodiscard]] std::size_t memory() const { return compressed_.size(); }
    void write(FileWriter& out);

private:
    struct Block {
        std::uint64_t first_paragraph, offset;
        std::uint32_t compressed, raw;
    };
    std::string compressed_;
    std::vector<Block> blocks_;
    std::uint64_t count_ = 0;
};

class EventStoreWriter {
public:
    void add(std::string_view compressed_document);
    [[nodiscard]] std::size_t memory() const { return data_.size(); }
    void write(FileWriter& out);

private:
    std::string data_;
    std::vector<std::uint64_t> offsets_{0};
};

class ParagraphStore {
public:
    [[nodiscard]] static Result<ParagraphStore> open(std::string_view bytes, std::string_view file);
    [[nodiscard]] std::uint64_t size() const { return count_; }
    // Paragraph `index` (< size()); an error if its block is corrupt. Only the first `kept_gaps` gaps' text
    // is kept (the rest are checked and counted): a KWIC line's provenance needs the gaps up to its match.
    [[nodiscard]] Result<ParagraphRecord> get(std::uint64_t index, std::uint64_t kept_gaps = UINT64_MAX) const;
    // Decompresses every block, checking its records and handing each to `check` (index check); a false
    // from `check` ends the walk with an error naming the paragraph.
    [[nodiscard]] Result<bool> verify(const std::function<bool(std::uint64_t, const ParagraphRecord&)>& check = {}) const;

private:
    // A decompressed block with the offset of each of its records (and the end of the last one).
    struct DecodedBlock {
        std::string bytes;
        std::vector<std::uint32_t> records;
        std::vector<std::uint64_t> previous_sources;  // the delta base of each record's first anchor
    };
    [[nodiscard]] Result<std::string> block(std::uint64_t block) const;
    [[nodiscard]] Result<std::shared_ptr<const DecodedBlock>> decoded_block(std::uint64_t block) const;
    // Decoded blocks shared by every reader of the segment: KWIC lines in position order read the same
    // event's block in a row, and a server's pages keep returning to the same events. Bounded by bytes
    // (first in first out); a block stays alive while a reader still holds it.
    static constexpr std::size_t kCacheBytes = 16u << 20;
    struct Cache {
        std::mutex mutex;
        std::unordered_map<std::uint64_t, std::shared_ptr<const DecodedBlock>> entries;
        std::deque<std::pair<std::uint64_t, std::size_t>> order;  // block, bytes; oldest first
        std::size_t bytes = 0;
        [[nodiscard]] std::shared_ptr<const DecodedBlock> find(std::uint64_t block);
        void add(std::uint64_t block, std::shared_ptr<const DecodedBlock> decoded);
    };
    std::shared_ptr<Cache> cache_ = std::make_shared<Cache>();
    std::string file_;
    const char* table_ = nullptr;
    const char* data_ = nullptr;
    std::uint64_t data_size_ = 0;
    std::uint64_t count_ = 0;
    std::uint64_t blocks_ = 0;
};

class EventStore {
public:
    [[nodiscard]] static Result<EventStore> open(std::string_view bytes, std::string_view file);
    [[nodiscard]] std::uint64_t size() const { return count_; }
    [[nodiscard]] Result<std::string> get(std::uint64_t index) const;  // the event's JSON text

private:
    std::string file_;
    const char* offsets_ = nullptr;
    const char* data_ = nullptr;
    std::uint64_t data_size_ = 0;
    std::uint64_t count_ = 0;
};

}  // namespace presser::index
