#include "index/stored_text.h"

#include "index/file_io.h"

#include <algorithm>
#include <memory>

#include "model/json.h"

namespace presser::index {
namespace {

void compress_into(ZSTD_CCtx* context, int level, std::string_view raw, std::string& out) {
    const std::size_t start = out.size();
    out.resize(start + ZSTD_compressBound(raw.size()));
    const std::size_t n = ZSTD_compressCCtx(context, out.data() + start, out.size() - start, raw.data(), raw.size(), level);
    // Compression into a buffer of compressBound bytes cannot fail except on allocation failure.
    out.resize(ZSTD_isError(n) ? start : start + n);
}

// A frame whose header states its size, and the size the caller expects, is decompressed in one call
// into a buffer of exactly that size with this thread's context. Any other frame is streamed out, growing
// the buffer only as real output appears: a damaged size field (in the block table or the frame header)
// must not make a reader allocate gigabytes before finding the damage.
constexpr std::uint64_t kSingleShotLimit = 64ull << 20;

Result<std::string> decompress(const char* data, std::size_t size, std::uint64_t expected, const std::string& file) {
    auto bad = [&](std::string why) { return Error{file, std::nullopt, std::nullopt, "corrupt compressed block: " + why}; };
    const auto content = ZSTD_getFrameContentSize(data, size);
    if (content == ZSTD_CONTENTSIZE_ERROR) return bad("not a zstd frame");
    if (expected != 0 && content != ZSTD_CONTENTSIZE_UNKNOWN && content != expected) return bad("sizes disagree");
    if (content != ZSTD_CONTENTSIZE_UNKNOWN && content <= kSingleShotLimit && (expected == 0 || content == expected)) {
        thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(), ZSTD_freeDCtx);
        std::string out(content, '\0');
        const std::size_t n = ZSTD_decompressDCtx(context.get(), out.data(), out.size(), data, size);
        if (ZSTD_isError(n)) return bad(ZSTD_getErrorName(n));
        if (n != content) return bad("wrong size");
        return out;
    }
    std::unique_ptr<ZSTD_DStream, size_t (*)(ZSTD_DStream*)> stream(ZSTD_createDStream(), ZSTD_freeDStream);
    ZSTD_initDStream(stream.get());
    std::string out;
    ZSTD_inBuffer in{data, size, 0};
    std::size_t produced = 0;
    for (;;) {
        if (out.size() - produced < ZSTD_DStreamOutSize()) out.resize(std::max<std::size_t>(out.size() * 2, produced + ZSTD_DStreamOutSize()));
        ZSTD_outBuffer chunk{out.data() + produced, out.size() - produced, 0};
        const std::size_t status = ZSTD_decompressStream(stream.get(), &chunk, &in);
        if (ZSTD_isError(status)) return bad(ZSTD_getErrorName(status));
        produced += chunk.pos;
        if (status == 0) break;  // frame complete
        if (in.pos == in.size && chunk.pos < chunk.size) return bad("truncated frame");
        if (produced > (1ull << 32)) return bad("too large");
    }
    if (expected != 0 && produced != expected) return bad("wrong size");
    out.resize(produced);
    return out;
}

// Reads the paragraph record at `at`, or returns false if it runs past `end`.
std::uint64_t zigzag(std::int64_t value) { return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63); }
std::int64_t unzigzag(std::uint64_t value) { return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1); }

// Gap codes: most gaps are one space or nothing.
constexpr std::uint64_t kNoGap = 0, kOneSpace = 1, kGapLengthBias = 2;

// `previous_source`: the source offset of the block's anchor before this record (0 at a block's start);
// updated to this record's last anchor. Only the first `kept_gaps` gaps go into `out`.
bool read_record(const char*& at, const char* end, ParagraphRecord* out, std::uint64_t& previous_source,
                 std::uint64_t kept_gaps = UINT64_MAX) {
    const std::uint64_t gaps = read_varint(at, end);
    if (gaps > static_cast<std::uint64_t>(end - at)) return false;
    if (out != nullptr) {
        out->gap_bytes.clear();
        out->gap_ends.clear();
        out->gap_ends.reserve(std::min(gaps, kept_gaps));
        out->gap_bytes.reserve(std::min(gaps, kept_gaps));  // most gaps are a space or nothing
        out->gap_count = gaps;
    }
    for (std::uint64_t i = 0; i < gaps; ++i) {
        if (at >= end) return false;
        if (i >= kept_gaps) {
            // Skipped gaps are nearly all one byte, 0 or 1 (nothing, a space): eight at a time while so.
            while (gaps - i >= 8 && end - at >= 8 && (load<std::uint64_t>(at) & 0xFEFEFEFEFEFEFEFEull) == 0) {
                at += 8;
                i += 8;
            }
            if (i == gaps) break;
            if (at >= end) return false;
        }
        const std::uint64_t code = read_varint(at, end);
        if (i >= kept_gaps) {
            if (code >= kGapLengthBias) {
                if (code - kGapLengthBias > static_cast<std::uint64_t>(end - at)) return false;
                at += code - kGapLengthBias;
            }
            continue;
        }
        if (code == kNoGap || code == kOneSpace) {
            if (out != nullptr) {
                if (code == kOneSpace) out->gap_bytes.push_back(' ');
                out->gap_ends.push_back(static_cast<std::uint32_t>(out->gap_bytes.size()));
            }
            continue;
        }
        const std::uint64_t length = code - kGapLengthBias;
        if (length > static_cast<std::uint64_t>(end - at)) return false;
        if (out != nullptr) {
            out->gap_bytes.append(at, length);
            out->gap_ends.push_back(static_cast<std::uint32_t>(out->gap_bytes.size()));
        }
        at += length;
    }
    const std::uint64_t anchors = read_varint(at, end);
    if (anchors > static_cast<std::uint64_t>(end - at)) return false;
    if (out != nullptr) out->anchors.clear();
    std::uint64_t previous_text = 0;
    for (std::uint64_t i = 0; i < anchors; ++i) {
        if (at >= end) return false;
        const auto text_offset = previous_text + static_cast<std::uint64_t>(unzigzag(read_varint(at, end)));
        if (at >= end) return false;
        const auto source_offset = previous_source + static_cast<std::uint64_t>(unzigzag(read_varint(at, end)));
        previous_text = text_offset;
        previous_source = source_offset;
        if (out != nullptr) out->anchors.push_back({static_cast<std::uint32_t>(text_offset), source_offset});
    }
    return true;
}

constexpr std::size_t kBlockEntry = 24;

}  // namespace

std::uint64_t StoredParagraph::source_offset(std::uint32_t offset) const {
    if (anchors.empty()) return offset;
    auto it = std::upper_bound(anchors.begin(), anchors.end(), offset,
                               [](std::uint32_t value, const Anchor& anchor) { return value < anchor.text_offset; });
    if (it == anchors.begin()) return anchors.front().source_offset;
    --it;
    return it->source_offset + (offset - it->text_offset);
}

void append_paragraph_record(std::string& raw, std::string_view text, const text::Token* tokens, std::size_t count,
                             const std::vector<Anchor>& anchors, std::uint64_t& previous_source) {
    append_varint(count + 1, raw);
    std::size_t previous_end = 0;
    for (std::size_t i = 0; i <= count; ++i) {
        const std::size_t next = i < count ? tokens[i].begin : text.size();
        const auto gap = text.substr(previous_end, next - previous_end);
        if (gap.empty() || gap == " ") {
            append_varint(gap.empty() ? kNoGap : kOneSpace, raw);
        } else {
            append_varint(gap.size() + kGapLengthBias, raw);
            raw.append(gap);
        }
        if (i < count) previous_end = tokens[i].end;
    }
    append_varint(anchors.size(), raw);
    std::uint64_t previous_text = 0;
    for (const auto& anchor : anchors) {
        append_varint(zigzag(static_cast<std::int64_t>(anchor.text_offset - previous_text)), raw);
        append_varint(zigzag(static_cast<std::int64_t>(anchor.source_offset - previous_source)), raw);
        previous_text = anchor.text_offset;
        previous_source = anchor.source_offset;
    }
}

CompressedParagraphs compress_paragraphs(ZSTD_CCtx* context, int level, std::string_view records, std::uint32_t count) {
    CompressedParagraphs block;
    block.count = count;
    block.raw_size = static_cast<std::uint32_t>(records.size());
    if (count > 0) compress_into(context, level, records, block.bytes);
    return block;
}

std::string compress_event_document(ZSTD_CCtx* context, int level, const model::Event& event) {
    std::string out;
    compress_into(context, level, model::event_json_text(event, false), out);
    return out;
}

void ParagraphStoreWriter::add(CompressedParagraphs block) {
    if (block.count == 0) return;
    blocks_.push_back({count_, compressed_.size(), static_cast<std::uint32_t>(block.bytes.size()), block.raw_size});
    compressed_ += block.bytes;
    count_ += block.count;
}

void ParagraphStoreWriter::write(FileWriter& out) {
    out.put(count_);
    out.put(static_cast<std::uint64_t>(blocks_.size()));
    for (const auto& block : blocks_) {
        out.put(block.first_paragraph);
        out.put(block.offset);
        out.put(block.compressed);
        out.put(block.raw);
    }
    out.write(compressed_);
}

void EventStoreWriter::add(std::string_view compressed_document) {
    data_.append(compressed_document);
    offsets_.push_back(data_.size());
}

void EventStoreWriter::write(FileWriter& out) {
    out.put(static_cast<std::uint64_t>(offsets_.size() - 1));
    out.put_array(offsets_);
    out.write(data_);
}

Result<ParagraphStore> ParagraphStore::open(std::string_view bytes, std::string_view file) {
    ParagraphStore store;
    store.file_ = std::string(file);
    auto bad = [&](const char* message) {
        return Error{store.file_, std::nullopt, std::nullopt, std::string("corrupt paragraph store: ") + message};
    };
    if (bytes.size() < 16) return bad("truncated header");
    store.count_ = load<std::uint64_t>(bytes.data());
    store.blocks_ = load<std::uint64_t>(bytes.data() + 8);
    if (store.blocks_ > (bytes.size() - 16) / kBlockEntry) return bad("truncated block table");
    store.table_ = bytes.data() + 16;
    store.data_ = store.table_ + store.blocks_ * kBlockEntry;
    store.data_size_ = bytes.size() - 16 - store.blocks_ * kBlockEntry;
    std::uint64_t previous_first = 0;
    for (std::uint64_t b = 0; b < store.blocks_; ++b) {
        const char* entry = store.table_ + b * kBlockEntry;
        const auto first = load<std::uint64_t>(entry);
        const auto offset = load<std::uint64_t>(entry + 8);
        const auto size = load<std::uint32_t>(entry + 16);
        if ((b == 0 && first != 0) || (b > 0 && first <= previous_first) || first >= store.count_)
            return bad("block table out of order");
        if (offset > store.data_size_ || size > store.data_size_ - offset) return bad("block past the end");
        previous_first = first;
    }
    if (store.count_ > 0 && store.blocks_ == 0) return bad("paragraphs without blocks");
    return store;
}

Result<std::string> ParagraphStore::block(std::uint64_t block) const {
    const char* entry = table_ + block * kBlockEntry;
    return decompress(data_ + load<std::uint64_t>(entry + 8), load<std::uint32_t>(entry + 16),
                      load<std::uint32_t>(entry + 20), file_);
}

std::shared_ptr<const ParagraphStore::DecodedBlock> ParagraphStore::Cache::find(std::uint64_t block) {
    std::lock_guard lock(mutex);
    const auto found = entries.find(block);
    return found == entries.end() ? nullptr : found->second;
}

void ParagraphStore::Cache::add(std::uint64_t block, std::shared_ptr<const DecodedBlock> decoded) {
    std::lock_guard lock(mutex);
    const std::size_t cost = decoded->bytes.size() + decoded->records.size() * sizeof(std::uint32_t);
    if (!entries.emplace(block, std::move(decoded)).second) return;  // another thread decoded it meanwhile
    order.push_back({block, cost});
    bytes += cost;
    while (bytes > kCacheBytes && order.size() > 1) {
        entries.erase(order.front().first);
        bytes -= order.front().second;
        order.pop_front();
    }
}

Result<std::shared_ptr<const ParagraphStore::DecodedBlock>> ParagraphStore::decoded_block(std::uint64_t b) const {
    if (auto cached = cache_->find(b)) return cached;
    auto raw = block(b);
    if (!raw) return raw.error();
    auto decoded = std::make_shared<DecodedBlock>();
    decoded->bytes = std::move(raw.value());
    const std::uint64_t first = load<std::uint64_t>(table_ + b * kBlockEntry);
    const std::uint64_t last = b + 1 < blocks_ ? load<std::uint64_t>(table_ + (b + 1) * kBlockEntry) : count_;
    const char* begin = decoded->bytes.data();
    const char* at = begin;
    const char* end = begin + decoded->bytes.size();
    decoded->records.reserve(last - first + 1);
    decoded->records.push_back(0);
    decoded->previous_sources.reserve(last - first + 1);
    std::uint64_t previous_source = 0;
    decoded->previous_sources.push_back(previous_source);
    // Records after a damaged one are unreachable: get() reports them as corrupt.
    for (std::uint64_t i = first; i < last && read_record(at, end, nullptr, previous_source); ++i) {
        decoded->records.push_back(static_cast<std::uint32_t>(at - begin));
        decoded->previous_sources.push_back(previous_source);
    }
    std::shared_ptr<const DecodedBlock> shared = std::move(decoded);
    cache_->add(b, shared);
    return shared;
}

Result<ParagraphRecord> ParagraphStore::get(std::uint64_t index, std::uint64_t kept_gaps) const {
    if (index >= count_) return Error{file_, std::nullopt, std::nullopt, "paragraph out of range"};
    std::uint64_t low = 0, high = blocks_;
    while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (load<std::uint64_t>(table_ + mid * kBlockEntry) <= index) low = mid + 1;
        else high = mid;
    }
    const std::uint64_t b = low - 1;
    auto decoded = decoded_block(b);
    if (!decoded) return decoded.error();
    const auto& block = *decoded.value();
    const std::uint64_t nth = index - load<std::uint64_t>(table_ + b * kBlockEntry);
    if (nth + 1 >= block.records.size()) return Error{file_, std::nullopt, std::nullopt, "corrupt paragraph record"};
    const char* at = block.bytes.data() + block.records[nth];
    ParagraphRecord paragraph;
    std::uint64_t previous_source = block.previous_sources[nth];
    if (!read_record(at, block.bytes.data() + block.records[nth + 1], &paragraph, previous_source, kept_gaps))
        return Error{file_, std::nullopt, std::nullopt, "corrupt paragraph record"};
    return paragraph;
}

Result<bool> ParagraphStore::verify(const std::function<bool(std::uint64_t, const ParagraphRecord&)>& check) const {
    for (std::uint64_t b = 0; b < blocks_; ++b) {
        auto raw = block(b);
        if (!raw) return raw.error();
        const std::uint64_t first = load<std::uint64_t>(table_ + b * kBlockEntry);
        const std::uint64_t last = b + 1 < blocks_ ? load<std::uint64_t>(table_ + (b + 1) * kBlockEntry) : count_;
        const char* at = raw->data();
        const char* end = at + raw->size();
        ParagraphRecord record;
        std::uint64_t previous_source = 0;
        for (std::uint64_t i = first; i < last; ++i) {
            if (!read_record(at, end, &record, previous_source)) return Error{file_, std::nullopt, std::nullopt, "corrupt paragraph record"};
            if (check && !check(i, record))
                return Error{file_, std::nullopt, std::nullopt, "paragraph " + std::to_string(i) + " disagrees with its tokens"};
        }
        if (at != end) return Error{file_, std::nullopt, std::nullopt, "trailing bytes in a paragraph block"};
    }
    return true;
}

Result<EventStore> EventStore::open(std::string_view bytes, std::string_view file) {
    EventStore store;
    store.file_ = std::string(file);
    if (bytes.size() < 16) return Error{store.file_, std::nullopt, std::nullopt, "corrupt event store: truncated"};
    store.count_ = load<std::uint64_t>(bytes.data());
    if (store.count_ + 1 > (bytes.size() - 8) / 8)
        return Error{store.file_, std::nullopt, std::nullopt, "corrupt event store: truncated offsets"};
    store.offsets_ = bytes.data() + 8;
    store.data_ = store.offsets_ + (store.count_ + 1) * 8;
    store.data_size_ = bytes.size() - 8 - (store.count_ + 1) * 8;
    std::uint64_t previous = 0;
    for (std::uint64_t i = 0; i <= store.count_; ++i) {
        const auto offset = load<std::uint64_t>(store.offsets_ + i * 8);
        if (offset < previous || offset > store.data_size_)
            return Error{store.file_, std::nullopt, std::nullopt, "corrupt event store: offsets out of order"};
        previous = offset;
    }
    return store;
}

Result<std::string> EventStore::get(std::uint64_t index) const {
    if (index >= count_) return Error{file_, std::nullopt, std::nullopt, "event out of range"};
    const auto from = load<std::uint64_t>(offsets_ + index * 8);
    const auto to = load<std::uint64_t>(offsets_ + (index + 1) * 8);
    return decompress(data_ + from, to - from, 0, file_);
}

}  // namespace presser::index
