// The stored text of a segment, compressed with zstd, so that KWIC provenance and the event reader need
// nothing but the index:
//  * paragraphs: every paragraph's reader text with the anchors that map its bytes back to the source
//    file, grouped in blocks of about kParagraphBlockBytes compressed together;
//  * events: one compressed JSON document per event (docs/json.md, with paragraph texts left out since
//    they are in the paragraph store).
#pragma once

#include <zstd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/file_io.h"

namespace presser::index {

inline constexpr std::size_t kParagraphBlockBytes = 64 * 1024;

// Where a stretch of paragraph text lies in the source file: text bytes from `text_offset` on map to
// source bytes from `source_offset` on, until the next anchor.
struct Anchor {
    std::uint32_t text_offset = 0;
    std::uint64_t source_offset = 0;
    bool operator==(const Anchor&) const = default;
};

struct StoredParagraph {
    std::string text;
    std::vector<Anchor> anchors;
    // Source offset of text byte `offset`.
    [[nodiscard]] std::uint64_t source_offset(std::uint32_t offset) const;
};

class ParagraphStoreWriter {
public:
    explicit ParagraphStoreWriter(int level = 3);
    void add(std::string_view text, const std::vector<Anchor>& anchors);
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] std::size_t memory() const { return compressed_.size() + raw_.size(); }
    void write(FileWriter& out);

private:
    void seal_block();
    struct Block {
        std::uint64_t first_paragraph, offset;
        std::uint32_t compressed, raw;
    };
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context_;
    int level_;
    std::string raw_;
    std::string compressed_;
    std::vector<Block> blocks_;
    std::uint64_t count_ = 0;
    std::uint64_t block_first_ = 0;
};

class EventStoreWriter {
public:
    explicit EventStoreWriter(int level = 3);
    void add(std::string_view json);
    [[nodiscard]] std::size_t memory() const { return data_.size(); }
    void write(FileWriter& out);

private:
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context_;
    int level_;
    std::string data_;
    std::vector<std::uint64_t> offsets_{0};
};

class ParagraphStore {
public:
    [[nodiscard]] static Result<ParagraphStore> open(std::string_view bytes, std::string_view file);
    [[nodiscard]] std::uint64_t size() const { return count_; }
    // Paragraph `index` (< size()); an error if its block is corrupt.
    [[nodiscard]] Result<StoredParagraph> get(std::uint64_t index) const;
    // Decompresses every block, checking its records (index check).
    [[nodiscard]] Result<bool> verify() const;

private:
    [[nodiscard]] Result<std::string> block(std::uint64_t block) const;
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
