// Codecs of the index: bit packing, postings lists, token streams, string tables, term interning.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <set>

#include "index/bitpack.h"
#include "index/file_io.h"
#include "index/postings.h"
#include "index/string_table.h"
#include "index/term_interner.h"
#include "index/token_stream.h"

namespace presser::index {
namespace {

std::filesystem::path scratch_file(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("presser-codec-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

TEST(IndexBitpack, RoundTripsEveryWidth) {
    std::mt19937 random(7);
    for (unsigned width = 0; width <= 32; ++width) {
        for (std::size_t count : {std::size_t{1}, std::size_t{5}, std::size_t{127}, kBlockSize}) {
            std::vector<std::uint32_t> values(count);
            const std::uint64_t limit = width == 32 ? 0xffffffffull : (1ull << width) - 1;
            for (auto& v : values) v = static_cast<std::uint32_t>(random() % (limit + 1));
            std::string packed;
            pack(values.data(), count, width, packed);
            ASSERT_EQ(packed.size(), packed_bytes(count, width));
            std::vector<std::uint32_t> back(count);
            unpack(packed.data(), count, width, back.data());
            ASSERT_EQ(back, values) << "width " << width << " count " << count;
            for (std::size_t i = 0; i < count; ++i)
                ASSERT_EQ(unpack_one(packed.data(), packed.size(), i, width), values[i]);
        }
    }
}

std::vector<std::uint32_t> random_positions(std::mt19937& random, std::size_t count, std::uint32_t spread) {
    std::set<std::uint32_t> set;
    while (set.size() < count) set.insert(static_cast<std::uint32_t>(random() % spread));
    return {set.begin(), set.end()};
}

TEST(IndexPostings, RoundTripsAndSeeks) {
    std::mt19937 random(11);
    for (std::uint32_t count : {1u, 2u, 127u, 128u, 129u, 255u, 256u, 1000u, 20000u}) {
        for (std::uint32_t spread : {count * 2u, 1u << 20, 0xfffffff0u}) {
            if (spread < count) continue;
            const auto positions = random_positions(random, count, spread);
            std::string encoded;
            encode_postings(positions.data(), positions.size(), encoded);
            ASSERT_EQ(decode_postings(encoded.data(), encoded.data() + encoded.size()), positions);
            for (int probe = 0; probe < 200; ++probe) {
                const auto target = static_cast<std::uint32_t>(random() % (spread + 10));
                PostingCursor cursor(encoded.data(), encoded.data() + encoded.size());
                cursor.seek(target);
                const auto expected = std::lower_bound(positions.begin(), positions.end(), target);
                if (expected == positions.end()) {
                    ASSERT_FALSE(cursor.valid());
                } else {
                    ASSERT_TRUE(cursor.valid());
                    ASSERT_EQ(cursor.value(), *expected);
                }
            }
        }
    }
}

// One cursor sought again and again (small steps inside a block, jumps over many blocks, interleaved
// next()), as the phrase and gap plans use it: every answer is the first position at or after the target.
TEST(IndexPostings, SuccessiveSeeksFindEveryTarget) {
    std::mt19937 random(5);
    for (std::uint32_t count : {1u, 128u, 129u, 5000u, 60000u}) {
        for (std::uint32_t spread : {count * 2u, count * 40u}) {
            const auto positions = random_positions(random, count, spread);
            std::string encoded;
            encode_postings(positions.data(), positions.size(), encoded);
            PostingCursor cursor(encoded.data(), encoded.data() + encoded.size());
            std::uint32_t target = 0;
            for (int step = 0; step < 3000 && cursor.valid(); ++step) {
                const auto kind = random() % 4;
                target += kind == 0 ? static_cast<std::uint32_t>(random() % 3)
                          : kind == 1 ? static_cast<std::uint32_t>(random() % 200)
                                      : static_cast<std::uint32_t>(random() % (spread / 50 + 1));
                cursor.seek(target);
                const auto expected = std::lower_bound(positions.begin(), positions.end(), target);
                if (expected == positions.end()) {
                    ASSERT_FALSE(cursor.valid()) << count << " " << target;
                    break;
                }
                ASSERT_TRUE(cursor.valid()) << count << " " << target;
                ASSERT_EQ(cursor.value(), *expected) << count << " " << target;
                if (kind == 3) {
                    cursor.next();
                    const auto following = expected + 1;
                    ASSERT_EQ(cursor.valid(), following != positions.end());
                    if (following == positions.end()) break;
                    ASSERT_EQ(cursor.value(), *following);
                    target = *following;
                }
            }
        }
    }
}

// drain_below in steps: every position below each limit exactly once, the cursor left at the first above.
TEST(IndexPostings, DrainBelowTakesTheNextSliceEachTime) {
    std::mt19937 random(9);
    for (std::uint32_t count : {1u, 127u, 128u, 129u, 3000u}) {
        const auto positions = random_positions(random, count, count * 7);
        std::string encoded;
        encode_postings(positions.data(), positions.size(), encoded);
        PostingCursor cursor(encoded.data(), encoded.data() + encoded.size());
        std::vector<std::uint32_t> all;
        for (std::uint32_t limit = 0; limit <= count * 7 + 100; limit += static_cast<std::uint32_t>(1 + random() % 400)) {
            std::vector<std::uint32_t> slice;
            cursor.drain_below(limit, slice);
            for (const auto p : slice) ASSERT_LT(p, limit);
            if (cursor.valid()) {
                ASSERT_GE(cursor.value(), limit);
            }
            all.insert(all.end(), slice.begin(), slice.end());
        }
        cursor.drain(all);
        EXPECT_EQ(all, positions) << count;
    }
}

// keep_present as the phrase plan calls it: candidates a block at a time, in increasing order, against one
// list at an offset, over densities from "every other position" to "one in a thousand" on either side (so
// that both the four-at-a-time merge, its one-by-one ends and the seeks over blocks run). The answer is
// the candidates whose position + offset the list holds, in order.
TEST(IndexPostings, KeepPresentKeepsExactlyTheCandidatesTheListHolds) {
    std::mt19937 random(13);
    for (std::uint32_t list_count : {1u, 5u, 128u, 300u, 4000u, 30000u}) {
        for (std::uint32_t candidate_count : {1u, 3u, 200u, 5000u, 30000u}) {
            for (std::uint32_t offset : {0u, 1u, 2u, 7u}) {
                const std::uint32_t spread = std::max(list_count, candidate_count) * (1 + static_cast<std::uint32_t>(random() % 4));
                const auto listed = random_positions(random, list_count, spread + offset);
                // Candidates overlap the list's positions (less the offset) about half the time.
                std::set<std::uint32_t> chosen;
                while (chosen.size() < candidate_count) {
                    if (random() % 2 == 0) {
                        const auto p = listed[random() % listed.size()];
                        if (p >= offset) chosen.insert(p - offset);
                    } else {
                        chosen.insert(static_cast<std::uint32_t>(random() % spread));
                    }
                    if (chosen.size() >= spread) break;
                }
                const std::vector<std::uint32_t> candidates(chosen.begin(), chosen.end());
                std::string encoded;
                encode_postings(listed.data(), listed.size(), encoded);
                PostingCursor cursor(encoded.data(), encoded.data() + encoded.size());
                const std::set<std::uint32_t> in_list(listed.begin(), listed.end());
                std::vector<std::uint32_t> expected, kept;
                for (const auto c : candidates)
                    if (in_list.count(c + offset)) expected.push_back(c);
                for (std::size_t from = 0; from < candidates.size();) {
                    const std::size_t n = std::min<std::size_t>(candidates.size() - from, 1 + random() % kBlockSize);
                    std::vector<std::uint32_t> chunk(candidates.begin() + static_cast<std::ptrdiff_t>(from),
                                                     candidates.begin() + static_cast<std::ptrdiff_t>(from + n));
                    const auto k = keep_present(chunk.data(), chunk.size(), offset, cursor);
                    ASSERT_LE(k, n);
                    kept.insert(kept.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(k));
                    from += n;
                }
                ASSERT_EQ(kept, expected) << list_count << " listed, " << candidate_count << " candidates, offset " << offset;
            }
        }
    }
}

TEST(IndexPostings, SeeksForwardOnly) {
    std::vector<std::uint32_t> positions;
    for (std::uint32_t i = 0; i < 1000; ++i) positions.push_back(i * 3);
    std::string encoded;
    encode_postings(positions.data(), positions.size(), encoded);
    PostingCursor cursor(encoded.data(), encoded.data() + encoded.size());
    cursor.seek(1500);
    EXPECT_EQ(cursor.value(), 1500u);
    cursor.seek(10);  // backwards: stays
    EXPECT_EQ(cursor.value(), 1500u);
    cursor.next();
    EXPECT_EQ(cursor.value(), 1503u);
    std::vector<std::uint32_t> rest;
    cursor.drain(rest);
    EXPECT_EQ(rest.size(), 1000u - 501u);
}

TEST(IndexPostings, TruncatedListsEndWithoutCrashing) {
    std::mt19937 random(3);
    const auto positions = random_positions(random, 5000, 1 << 22);
    std::string encoded;
    encode_postings(positions.data(), positions.size(), encoded);
    for (std::size_t cut = 0; cut < encoded.size(); cut += 97) {
        PostingCursor cursor(encoded.data(), encoded.data() + cut);
        std::vector<std::uint32_t> out;
        cursor.drain(out);
        EXPECT_LE(out.size(), positions.size());
        if (out.size() < positions.size()) {
            EXPECT_TRUE(cursor.corrupt() || cut == 0) << cut;
        }
    }
}

// Dense runs with a few long gaps: the long gaps become exceptions of patched blocks instead of widening
// every delta of their block, and every position, seek and truncation still comes back right.
TEST(IndexPostings, PatchedBlocksKeepLongGapsOutOfTheWidth) {
    std::mt19937 random(11);
    std::vector<std::uint32_t> positions;
    std::uint32_t p = 0;
    for (int i = 0; i < 5000; ++i) {
        p += 1 + (random() % 50 == 0 ? 100000 + random() % 1000000 : random() % 4);
        positions.push_back(p);
    }
    std::string encoded;
    encode_postings(positions.data(), positions.size(), encoded);
    EXPECT_EQ(decode_postings(encoded.data(), encoded.data() + encoded.size()), positions);
    // Unpatched, each block of 128 would take 21 bits a delta (the long gaps' width).
    EXPECT_LT(encoded.size(), positions.size() * 21 / 8 / 2);
    for (const std::uint32_t target : {positions[0], positions[129] + 1, positions[4000], positions.back()}) {
        PostingCursor cursor(encoded.data(), encoded.data() + encoded.size());
        cursor.seek(target);
        ASSERT_TRUE(cursor.valid());
        EXPECT_EQ(cursor.value(), *std::lower_bound(positions.begin(), positions.end(), target));
    }
    for (std::size_t cut = 0; cut < encoded.size(); cut += 97) {
        std::vector<std::uint32_t> out;
        PostingCursor cursor(encoded.data(), encoded.data() + cut);
        cursor.drain(out);
        ASSERT_LE(out.size(), positions.size());
        EXPECT_TRUE(std::equal(out.begin(), out.end(), positions.begin())) << cut;
    }
}

// `ids` written as a token stream to a scratch file, mapped.
Result<MappedFile> written_stream(const std::string& name, const std::vector<std::uint32_t>& ids) {
    const auto path = scratch_file(name);
    FileWriter out(path);
    write_token_stream(out, ids);
    if (auto done = out.finish(); !done) return done.error();
    return MappedFile::open(path);
}

TEST(IndexTokenStream, RandomAccessAndRanges) {
    std::mt19937 random(5);
    std::vector<std::uint32_t> ids(10000);
    for (auto& id : ids) id = random() % (random() % 3 == 0 ? 100000 : 50);
    auto file = written_stream("stream", ids);
    ASSERT_TRUE(file.ok());
    auto stream = TokenStream::open(file->bytes(), "stream");
    ASSERT_TRUE(stream.ok()) << stream.error().describe();
    ASSERT_EQ(stream->size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(stream->at(i), ids[i]);
    std::vector<std::uint32_t> range;
    stream->read(100, 777, range);
    EXPECT_EQ(range, std::vector<std::uint32_t>(ids.begin() + 100, ids.begin() + 777));
    for (std::size_t cut = 0; cut < file->size(); cut += 131)
        EXPECT_FALSE(TokenStream::open(file->bytes().substr(0, cut), "stream").ok()) << cut;
    EXPECT_TRUE(stream->verify());
}

TEST(IndexTokenStream, FrequentWordsTakeFewBitsWhateverTheirIds) {
    // Zipf-like text over a 60,000-word lexicon in which the frequent words have the largest ids (as
    // sorted lexicons give "the" and "to" ids near the end): stored by frequency rank, the stream must be
    // well under the ids bit-packed at their full width (about 70% here; 100% and more stored by id).
    std::mt19937 random(11);
    constexpr std::uint32_t kWords = 60000;
    std::vector<std::uint32_t> ids(300000);
    for (auto& id : ids) {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(random);
        const auto rank = static_cast<std::uint32_t>(std::pow(static_cast<double>(kWords), u * u * u)) - 1;
        id = kWords - 1 - std::min(rank, kWords - 1);
    }
    auto file = written_stream("zipf-stream", ids);
    ASSERT_TRUE(file.ok());
    auto stream = TokenStream::open(file->bytes(), "stream");
    ASSERT_TRUE(stream.ok()) << stream.error().describe();
    for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(stream->at(i), ids[i]) << i;
    const std::size_t full_width_bytes = ids.size() * bit_width_of(kWords - 1) / 8;
    const std::size_t rank_table_bytes = load<std::uint64_t>(file->bytes().data() + 16) * 4;
    EXPECT_EQ(rank_table_bytes, 4 * std::set<std::uint32_t>(ids.begin(), ids.end()).size());
    EXPECT_LT(file->size() - rank_table_bytes, full_width_bytes * 3 / 4) << file->size() << " bytes against " << full_width_bytes;
    EXPECT_TRUE(stream->verify());

    // A damaged block reads as zeros or other ids, never past the file, and verify() finds it.
    std::string damaged(file->bytes());
    const std::uint64_t ranks = load<std::uint64_t>(damaged.data() + 16);
    const std::size_t blocks_at = 24 + ranks * 4 + ((ids.size() + kBlockSize - 1) / kBlockSize) * 8;
    damaged[blocks_at] = static_cast<char>(0x7f);  // an impossible width
    auto broken = TokenStream::open(damaged, "stream");
    ASSERT_TRUE(broken.ok());
    EXPECT_FALSE(broken->verify());
    EXPECT_EQ(broken->at(3), 0u);
    std::vector<std::uint32_t> range;
    broken->read(0, 300, range);
    EXPECT_EQ(range.size(), 300u);
}

TEST(IndexBitpack, PatchedBlocksRoundTripWholeAndOneByOne) {
    std::mt19937 random(23);
    for (int round = 0; round < 400; ++round) {
        const std::size_t n = 1 + random() % kBlockSize;
        const unsigned common = random() % 12, rare = common + random() % (33 - common);
        std::vector<std::uint32_t> values(n);
        for (auto& value : values) {
            const unsigned width = random() % 10 == 0 ? rare : common;
            value = width == 0 ? 0 : static_cast<std::uint32_t>(random() & (width == 32 ? UINT32_MAX : (1u << width) - 1));
        }
        std::vector<std::uint32_t> scratch = values;
        std::string block = "x";  // blocks need not start at the beginning of a buffer
        pack_patched(scratch.data(), n, block);
        const char* begin = block.data() + 1;
        const char* end = block.data() + block.size();
        ASSERT_EQ(patched_block_bytes(begin, end, n), block.size() - 1);
        std::vector<std::uint32_t> decoded(n);
        ASSERT_EQ(unpack_patched(begin, end, n, decoded.data()), end);
        ASSERT_EQ(decoded, values) << round;
        for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t one = 0;
            ASSERT_TRUE(unpack_patched_one(begin, end, n, i, one));
            ASSERT_EQ(one, values[i]) << round << " " << i;
        }
        // Cut short, the block is refused rather than read past its end.
        EXPECT_EQ(unpack_patched(begin, end - 1, n, decoded.data()), nullptr);
        EXPECT_EQ(patched_block_bytes(begin, end - 1, n), 0u);
    }
}

// A string table written to a scratch file and opened again (the table reads the mapped file).
struct WrittenTable {
    MappedFile file;
    Result<StringTable> table = StringTable{};
    std::size_t consumed = 0;
};

WrittenTable write_table(const std::vector<std::string_view>& sorted, const std::string& name) {
    const auto path = scratch_file(name);
    FileWriter out(path);
    write_string_table(out, sorted);
    EXPECT_TRUE(out.finish().ok());
    WrittenTable written;
    auto file = MappedFile::open(path);
    EXPECT_TRUE(file.ok());
    if (file.ok()) written.file = std::move(file.value());
    written.table = StringTable::open(written.file.data(), written.file.data() + written.file.size(), name, written.consumed);
    return written;
}

TEST(IndexStringTable, FindsAndRangesPrefixes) {
    std::vector<std::string> words{"", "peace", "president", "presidente", "press", "sanction", "sanctions", "中国"};
    std::vector<std::string_view> views(words.begin(), words.end());
    const auto written = write_table(views, "table");
    ASSERT_TRUE(written.table.ok());
    const auto& table = written.table;
    EXPECT_EQ(written.consumed, written.file.size());
    EXPECT_EQ(table->find("press"), 4u);
    EXPECT_EQ(table->find("pres"), std::nullopt);
    EXPECT_EQ(table->prefix_range("pres"), (std::pair<std::uint32_t, std::uint32_t>{2, 5}));
    EXPECT_EQ(table->prefix_range("sanction"), (std::pair<std::uint32_t, std::uint32_t>{5, 7}));
    EXPECT_EQ(table->prefix_range("zzz").first, table->prefix_range("zzz").second);
    EXPECT_EQ(table->at(7), "中国");
    EXPECT_EQ(table->containing("ction"), (std::vector<std::uint32_t>{5, 6}));
    EXPECT_EQ(table->containing("s"), (std::vector<std::uint32_t>{2, 3, 4, 5, 6}));
    EXPECT_EQ(table->containing("国"), (std::vector<std::uint32_t>{7}));
    EXPECT_TRUE(table->containing("epr").empty());  // "peace" + "president" run together in the bytes
    EXPECT_TRUE(table->containing("xyz").empty());
}

TEST(IndexStringTable, ContainingAgreesWithAScanOfEveryString) {
    std::mt19937 random(3);
    std::set<std::string> unique;
    while (unique.size() < 3000) {
        std::string word;
        for (std::size_t n = 1 + random() % 8; n > 0; --n) word += static_cast<char>('a' + random() % 4);
        unique.insert(word);
    }
    std::vector<std::string_view> views(unique.begin(), unique.end());
    const auto written = write_table(views, "table-containing");
    ASSERT_TRUE(written.table.ok());
    const auto& table = written.table;
    for (const std::string needle : {"a", "ab", "dcba", "abcabc", "ddddd", "ca"}) {
        std::vector<std::uint32_t> expected;
        for (std::uint32_t id = 0; id < views.size(); ++id)
            if (views[id].find(needle) != std::string_view::npos) expected.push_back(id);
        EXPECT_EQ(table->containing(needle), expected) << needle;
    }
}

TEST(IndexTermInterner, NumbersInFirstSeenOrderAndSorts) {
    TermInterner terms;
    std::vector<std::string> words;
    for (int i = 0; i < 100000; ++i) words.push_back("w" + std::to_string((i * 7919) % 50000));
    for (const auto& word : words) terms.intern(word);
    EXPECT_EQ(terms.size(), 50000u);
    EXPECT_EQ(terms.intern("w0").first, 0u);
    EXPECT_FALSE(terms.intern("w0").second);
    std::vector<std::uint32_t> by_rank, rank_of;
    terms.sorted_order(by_rank, rank_of);
    for (std::uint32_t r = 1; r < by_rank.size(); ++r) ASSERT_LT(terms.term(by_rank[r - 1]), terms.term(by_rank[r]));
    for (std::uint32_t id = 0; id < terms.size(); ++id) ASSERT_EQ(by_rank[rank_of[id]], id);
}

}  // namespace
}  // namespace presser::index
