#include "index/segment.h"

#include <algorithm>

#include "index/bitpack.h"
#include "index/verified_files.h"

namespace presser::index {
namespace {

Error corrupt(const std::filesystem::path& file, const std::string& message) {
    return Error{file.string(), std::nullopt, std::nullopt, message};
}

// The per-term tables that end `turns.tf` and `turns.blk`: 8-aligned, the lower then the lemma table (`u64
// n`, `u64 offset[n]`, n = the lexicon's terms), and a footer of the two tables' positions. Returns the
// tables' starts and where the first begins (the end of the lists before them).
struct TermTables {
    const char* table[2];
    std::uint64_t first = 0;
};
Result<TermTables> read_term_tables(std::string_view data, const std::filesystem::path& path, std::string_view what,
                                    const std::uint64_t (&terms)[2]) {
    if (data.size() < 16) return corrupt(path, "truncated " + std::string(what));
    const auto body = data.size() - 16;
    TermTables tables{{nullptr, nullptr}, body};
    for (int a = 0; a < 2; ++a) {
        const auto at = load<std::uint64_t>(data.data() + body + a * 8);
        if (at > body || body - at < 8) return corrupt(path, std::string(what) + " table out of bounds");
        const auto count = load<std::uint64_t>(data.data() + at);
        if (count != terms[a] || count > (body - at - 8) / 8) return corrupt(path, std::string(what) + " table does not match the lexicon");
        tables.table[a] = data.data() + at;
        tables.first = std::min(tables.first, at);
    }
    return tables;
}

}  // namespace

Result<std::unique_ptr<Segment>> Segment::open(const std::filesystem::path& index_directory, const SegmentInfo& info) {
    auto segment = std::make_unique<Segment>();
    segment->directory_ = index_directory / info.name;
    segment->info_ = info;
    auto map = [&](std::string_view name) -> Result<std::string_view> {
        const auto path = segment->directory_ / name;
        const auto listed = std::find_if(info.files.begin(), info.files.end(), [&](const FileInfo& f) { return f.name == name; });
        if (listed == info.files.end()) return corrupt(path, "the manifest does not list this segment file");
        auto file = MappedFile::open(path);
        if (!file) return file.error();
        if (auto verified = verify_file_once(path, file->identity(), file->bytes(), listed->size, listed->checksum); !verified)
            return verified.error();
        segment->files_.push_back(std::move(file.value()));
        return segment->files_.back().bytes();
    };
    segment->files_.reserve(16);

    auto postings = map(kPostingsFile);
    if (!postings) return postings.error();
    segment->postings_ = postings.value();
    for (const auto attribute : kAttributes) {
        const auto name = lexicon_file(attribute);
        auto bytes = map(name);
        if (!bytes) return bytes.error();
        auto lexicon = Lexicon::open(bytes.value(), (segment->directory_ / name).string(), segment->postings_.size());
        if (!lexicon) return lexicon.error();
        segment->lexicons_[static_cast<int>(attribute)] = lexicon.value();
    }
    {
        auto bytes = map(kStreamFile);
        if (!bytes) return bytes.error();
        auto stream = TokenStream::open(bytes.value(), (segment->directory_ / kStreamFile).string());
        if (!stream) return stream.error();
        segment->stream_ = stream.value();
        if (segment->stream_.size() != info.tokens) return corrupt(segment->directory_ / kStreamFile, "token count differs from the manifest's");
    }
    const auto words = segment->lexicon(Attribute::word).size();
    const auto lowers = segment->lexicon(Attribute::lower).size();
    const auto lemmas = segment->lexicon(Attribute::lemma).size();
    {
        const auto path = segment->directory_ / kMapsFile;
        auto bytes = map(kMapsFile);
        if (!bytes) return bytes.error();
        const char* at = bytes->data();
        const char* end = at + bytes->size();
        if (bytes->size() < 12) return corrupt(path, "corrupt maps: truncated header");
        if (load<std::uint32_t>(at) != words || load<std::uint32_t>(at + 4) != lowers)
            return corrupt(path, "corrupt maps: term counts differ from the lexicons'");
        const auto languages = load<std::uint32_t>(at + 8);
        at += 12;
        if (static_cast<std::uint64_t>(end - at) < words * 4ull) return corrupt(path, "corrupt maps: truncated");
        segment->lower_of_word_ = at;
        for (std::uint32_t w = 0; w < words; ++w)
            if (segment->lower_of_word(w) >= lowers) return corrupt(path, "corrupt maps: lower id out of range");
        at += words * 4ull;
        for (std::uint32_t l = 0; l < languages; ++l) {
            if (end - at < 4) return corrupt(path, "corrupt maps: truncated language");
            const auto size = load<std::uint32_t>(at);
            at += 4;
            if (static_cast<std::uint64_t>(end - at) < size + lowers * 4ull) return corrupt(path, "corrupt maps: truncated language");
            segment->languages_.emplace_back(at, size);
            at += size;
            segment->lemma_of_lower_.push_back(at);
            for (std::uint32_t lo = 0; lo < lowers; ++lo) {
                const auto lemma = load<std::uint32_t>(at + lo * 4ull);
                if (lemma != UINT32_MAX && lemma >= lemmas) return corrupt(path, "corrupt maps: lemma id out of range");
            }
            at += lowers * 4ull;
        }
    }
    if (std::any_of(info.files.begin(), info.files.end(), [](const FileInfo& f) { return f.name == kTurnFrequenciesFile; })) {
        auto bytes = map(kTurnFrequenciesFile);
        if (!bytes) return bytes.error();
        const std::uint64_t terms[2] = {segment->lexicon(Attribute::lower).size(), segment->lexicon(Attribute::lemma).size()};
        auto tables = read_term_tables(bytes.value(), segment->directory_ / kTurnFrequenciesFile, "turn frequency", terms);
        if (!tables) return tables.error();
        std::copy(std::begin(tables->table), std::end(tables->table), segment->turn_tables_);
        segment->turn_frequencies_ = bytes.value();
        if (std::any_of(info.files.begin(), info.files.end(), [](const FileInfo& f) { return f.name == kTurnBlocksFile; })) {
            auto blocks = map(kTurnBlocksFile);
            if (!blocks) return blocks.error();
            auto block_tables = read_term_tables(blocks.value(), segment->directory_ / kTurnBlocksFile, "turn block", terms);
            if (!block_tables) return block_tables.error();
            std::copy(std::begin(block_tables->table), std::end(block_tables->table), segment->block_tables_);
            segment->turn_blocks_ = blocks.value().substr(0, block_tables->first);
        }
    }
    for (const auto structure : kStructures) {
        const auto name = regions_file(structure);
        auto bytes = map(name);
        if (!bytes) return bytes.error();
        auto regions = Regions::open(bytes.value(), (segment->directory_ / name).string());
        if (!regions) return regions.error();
        segment->regions_[static_cast<int>(structure)] = std::move(regions.value());
    }
    const auto& events = segment->regions(Structure::event);
    if (events.size() != info.events) return corrupt(segment->directory_ / regions_file(Structure::event), "event count differs from the manifest's");
    const auto* language = events.column("language");
    if (events.size() > 0 && (language == nullptr || language->numeric()))
        return corrupt(segment->directory_ / regions_file(Structure::event), "events without a language column");
    if (language != nullptr && !language->numeric()) {
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            const auto value = language->string(e);
            const auto found = std::find(segment->languages_.begin(), segment->languages_.end(), value);
            if (found == segment->languages_.end()) return corrupt(segment->directory_ / kMapsFile, "event language missing from the maps");
            segment->language_of_event_.push_back(static_cast<std::uint8_t>(found - segment->languages_.begin()));
        }
    }
    {
        auto bytes = map(kParagraphsFile);
        if (!bytes) return bytes.error();
        auto store = ParagraphStore::open(bytes.value(), (segment->directory_ / kParagraphsFile).string());
        if (!store) return store.error();
        segment->paragraphs_ = std::move(store.value());
        if (segment->paragraphs_.size() != segment->regions(Structure::p).size())
            return corrupt(segment->directory_ / kParagraphsFile, "paragraph count differs from the p regions'");
    }
    {
        auto bytes = map(kEventsFile);
        if (!bytes) return bytes.error();
        auto store = EventStore::open(bytes.value(), (segment->directory_ / kEventsFile).string());
        if (!store) return store.error();
        segment->events_ = std::move(store.value());
        if (segment->events_.size() != info.events) return corrupt(segment->directory_ / kEventsFile, "event count differs from the manifest's");
    }
    segment->deleted_.assign(info.events, false);
    for (const auto event : info.deleted_events)
        if (event < info.events) segment->deleted_[event] = true;
    return segment;
}

PostingCursor Segment::postings(Attribute attribute, std::uint32_t term) const {
    const auto offset = lexicon(attribute).postings_offset(term);
    if (offset >= postings_.size()) return {};  // damaged lexicon: verify() reports it
    return PostingCursor(postings_.data() + offset, postings_.data() + postings_.size());
}

std::uint32_t Segment::term_at(Attribute attribute, std::uint64_t position) const {
    const auto word = stream_.at(position);
    if (word >= lexicon(Attribute::word).size()) return kNoTerm;
    if (attribute == Attribute::word) return word;
    const auto lower = lower_of_word(word);
    if (attribute == Attribute::lower) return lower;
    const auto event = regions(Structure::event).find(static_cast<std::uint32_t>(position));
    const std::size_t language = event && *event < language_of_event_.size() ? language_of_event_[*event] : 0;
    if (language >= lemma_of_lower_.size()) return kNoTerm;
    return load<std::uint32_t>(lemma_of_lower_[language] + lower * 4ull);
}

Result<StoredParagraph> Segment::paragraph(std::uint64_t index) const { return rebuild_paragraph(index, true); }

Result<StoredParagraph> Segment::paragraph_layout(std::uint64_t index, std::uint64_t tokens) const {
    return rebuild_paragraph(index, false, tokens);
}

Result<StoredParagraph> Segment::rebuild_paragraph(std::uint64_t index, bool with_text, std::uint64_t tokens) const {
    const auto& regions = this->regions(Structure::p);
    const std::uint64_t first = regions.start(index), last = regions.end(index);
    // The text needs every gap; the offsets of the first `tokens` tokens need the gaps before them.
    const std::uint64_t measured = with_text ? last - first : std::min<std::uint64_t>(tokens, last - first);
    auto record = paragraphs_.get(index, with_text ? UINT64_MAX : measured);
    if (!record) return record.error();
    if (record->gaps() != last - first + 1)
        return corrupt(directory_ / kParagraphsFile, "paragraph " + std::to_string(index) + " has " +
                                                         std::to_string(record->gaps()) + " gaps for " +
                                                         std::to_string(last - first) + " tokens");
    StoredParagraph out;
    out.anchors = std::move(record->anchors);
    out.token_offsets.reserve(measured);
    const auto& words = lexicon(Attribute::word);
    thread_local std::vector<std::uint32_t> ids;  // a KWIC page measures a paragraph per line
    ids.clear();
    stream_.read(first, first + measured, ids);
    std::uint32_t offset = 0;
    for (std::uint64_t p = first; p <= last; ++p) {
        if (!with_text && p - first == measured) break;
        const auto gap = record->gap(p - first);
        offset += static_cast<std::uint32_t>(gap.size());
        if (with_text) out.text += gap;
        if (p == last) break;
        out.token_offsets.push_back(offset);
        const auto id = ids[p - first];
        const auto word = id < words.size() ? words.term(id) : std::string_view();
        offset += static_cast<std::uint32_t>(word.size());
        if (with_text) out.text += word;
    }
    return out;
}

std::shared_ptr<const std::vector<std::uint64_t>> Segment::tokens_per_value(Structure structure, std::string_view name) const {
    const auto& regions = this->regions(structure);
    const auto* column = regions.column(name);
    if (column == nullptr || column->numeric()) return nullptr;
    std::lock_guard lock(tokens_per_value_mutex_);
    auto& slot = tokens_per_value_[{static_cast<int>(structure), std::string(name)}];
    if (slot) return slot;
    const auto& events = this->regions(Structure::event);
    const bool any_deleted = std::find(deleted_.begin(), deleted_.end(), true) != deleted_.end();
    auto tokens = std::make_shared<std::vector<std::uint64_t>>(column->values().size(), 0);
    for (std::uint64_t r = 0; r < regions.size(); ++r) {
        const auto start = regions.start(r), end = regions.end(r);
        if (start >= end) continue;
        if (any_deleted) {
            const auto e = events.find(start);
            if (e && event_deleted(*e)) continue;
        }
        const auto id = column->id(r);
        if (id < tokens->size()) (*tokens)[id] += end - start;
    }
    slot = std::move(tokens);
    return slot;
}

std::string_view Segment::turn_frequencies(Attribute attribute, std::uint32_t term) const {
    if (turn_frequencies_.empty() || attribute == Attribute::word) return {};
    const char* table = turn_tables_[attribute == Attribute::lower ? 0 : 1];
    if (term >= load<std::uint64_t>(table)) return {};
    const auto offset = load<std::uint64_t>(table + 8 + term * 8ull);
    if (offset >= turn_frequencies_.size()) return {};
    return turn_frequencies_.substr(offset);
}

TurnBlocks Segment::turn_blocks(Attribute attribute, std::uint32_t term) const {
    if (turn_blocks_.empty() || attribute == Attribute::word) return {};
    const char* table = block_tables_[attribute == Attribute::lower ? 0 : 1];
    if (term >= load<std::uint64_t>(table)) return {};
    const auto offset = load<std::uint64_t>(table + 8 + term * 8ull);
    if (offset == kNoTurnBlocks) return {};
    const auto entries = TurnFrequencyReader(turn_frequencies(attribute, term)).size();
    if (offset > turn_blocks_.size()) return {};
    return TurnBlocks(turn_blocks_.substr(offset), (entries + kTurnBlockSize - 1) / kTurnBlockSize);
}

static_assert(kTurnBlockSize == kBlockSize, "a turn block is one patched block of gaps and one of frequencies");

TurnFrequencyReader::TurnFrequencyReader(std::string_view list) : at_(list.data()), end_(list.data() + list.size()) {
    if (!list.empty()) count_ = read_varint(at_, end_);
}

TurnFrequencyReader::TurnFrequencyReader(std::string_view list, const TurnBlock& block, std::uint64_t entries)
    : at_(list.data()), end_(list.data() + list.size()), count_(entries),
      previous_(block.previous == kNoTurn ? -1 : static_cast<std::int64_t>(block.previous)) {
    if (block.offset > list.size()) {
        corrupt_ = true;
        count_ = 0;
    } else {
        at_ += block.offset;
    }
}

bool TurnFrequencyReader::decode_block(bool frequencies) {
    if (read_ >= count_) return false;
    const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(kTurnBlockSize, count_ - read_));
    const char* frequency_block = unpack_patched(at_, end_, n, turns_);
    const char* next = nullptr;
    if (frequency_block != nullptr) {
        if (frequencies) {
            next = unpack_patched(frequency_block, end_, n, frequencies_);
        } else if (const auto bytes = patched_block_bytes(frequency_block, end_, n); bytes > 0) {
            next = frequency_block + bytes;
        }
    }
    if (next == nullptr) {
        corrupt_ = true;
        count_ = read_;
        return false;
    }
    at_ = next;
    std::int64_t previous = previous_;
    for (std::uint32_t i = 0; i < n; ++i) {
        previous += static_cast<std::int64_t>(turns_[i]) + 1;
        turns_[i] = static_cast<std::uint32_t>(previous);
    }
    previous_ = previous;
    read_ += n;
    buffered_ = n;
    used_ = 0;
    return true;
}

// A list's block directory against the list itself: present exactly when the list is longer than one
// block, and every block's offset, previous turn and bounds as the writer computes them.
Result<bool> Segment::verify_turn_blocks(Attribute attribute, std::uint32_t term) const {
    const auto list = turn_frequencies(attribute, term);
    const auto blocks = turn_blocks(attribute, term);
    TurnFrequencyReader reader(list);
    const auto entries = reader.size();
    const auto& turns = regions(Structure::turn);
    auto fail = [&](const std::string& what) {
        return corrupt(directory_ / kTurnBlocksFile, "block directory of " + std::string(to_string(attribute)) + " term '" +
                                                         std::string(lexicon(attribute).term(term)) + "': " + what);
    };
    if ((entries > kTurnBlockSize) != !blocks.empty()) return fail("present for a short list or missing for a long one");
    std::uint32_t turn = 0, frequency = 0;
    std::int64_t previous = -1;
    std::vector<ImpactPoint> block_entries, hull;
    for (std::uint64_t b = 0; b < blocks.size(); ++b) {
        const auto block = blocks[b];
        const auto offset = static_cast<std::uint32_t>(reader.position() - list.data());
        const auto expected_previous = previous < 0 ? kNoTurn : static_cast<std::uint32_t>(previous);
        block_entries.clear();
        for (std::uint64_t i = 0; i < kTurnBlockSize && reader.next(turn, frequency); ++i) {
            if (turn >= turns.size()) return fail("turn out of range");
            const std::uint64_t end = turn + 1 < turns.size() ? turns.start(turn + 1) : tokens();
            block_entries.emplace_back(frequency, static_cast<std::uint32_t>(end - turns.start(turn)));
            previous = turn;
        }
        impact_hull(block_entries, hull);
        bool same = block.offset == offset && block.previous == expected_previous && block.point_count == hull.size();
        for (std::uint32_t i = 0; same && i < block.point_count; ++i) same = block.point(i) == hull[i];
        if (!same) return fail("block " + std::to_string(b) + " disagrees with the list");
    }
    return true;
}

Result<bool> Segment::verify() const {
    for (const auto& file : info_.files) {
        const auto path = directory_ / file.name;
        auto mapped = MappedFile::open(path);
        if (!mapped) return mapped.error();
        if (mapped->size() != file.size) return size_mismatch(path, file.size, mapped->size());
        if (const auto found = checksum_of(mapped->bytes()); found != file.checksum) return checksum_mismatch(path, file.checksum, found);
    }
    if (!stream_.verify()) return corrupt(directory_ / kStreamFile, "a token stream block lies past the end");
    for (const auto structure : kStructures)
        if (!regions(structure).verify()) return corrupt(directory_ / regions_file(structure), "regions out of order or value ids out of range");
    // Term ids of every position, per attribute, decoded in one sequential pass (the lemma of a position
    // depends on its event's language), so that every posting is checked in O(1).
    std::vector<std::uint32_t> words, ids(tokens());
    stream_.read(0, tokens(), words);
    const auto& event_regions = regions(Structure::event);
    for (const auto attribute : kAttributes) {
        const auto& lexicon = this->lexicon(attribute);
        if (!lexicon.terms().verify()) return corrupt(directory_ / lexicon_file(attribute), "term offsets out of order");
        const auto word_count = this->lexicon(Attribute::word).size();
        for (std::uint64_t e = 0, p = 0; p < tokens(); ++e) {
            const std::uint64_t end = e < event_regions.size() ? std::min<std::uint64_t>(event_regions.end(e), tokens()) : tokens();
            const std::size_t language = e < language_of_event_.size() ? language_of_event_[e] : 0;
            for (; p < end || (e >= event_regions.size() && p < tokens()); ++p) {
                const auto word = words[p];
                if (word >= word_count) return corrupt(directory_ / kStreamFile, "term id out of range at position " + std::to_string(p));
                if (attribute == Attribute::word) ids[p] = word;
                else if (attribute == Attribute::lower) ids[p] = lower_of_word(word);
                else ids[p] = language < lemma_of_lower_.size() ? load<std::uint32_t>(lemma_of_lower_[language] + lower_of_word(word) * 4ull) : kNoTerm;
            }
        }
        std::uint64_t total = 0;
        for (std::uint32_t term = 0; term < lexicon.size(); ++term) {
            if (term > 0 && !(lexicon.term(term - 1) < lexicon.term(term)))
                return corrupt(directory_ / lexicon_file(attribute), "terms out of order at id " + std::to_string(term));
            auto cursor = postings(attribute, term);
            if (cursor.size() != lexicon.count(term))
                return corrupt(directory_ / kPostingsFile, "postings count differs from the lexicon for " + std::string(to_string(attribute)) + " term '" + std::string(lexicon.term(term)) + "'");
            std::int64_t previous = -1;
            while (cursor.valid()) {
                const auto position = cursor.value();
                if (static_cast<std::int64_t>(position) <= previous || position >= tokens() || ids[position] != term)
                    return corrupt(directory_ / kPostingsFile, "postings of " + std::string(to_string(attribute)) + " term '" + std::string(lexicon.term(term)) + "' disagree with the token stream");
                previous = position;
                cursor.next();
            }
            if (cursor.corrupt()) return corrupt(directory_ / kPostingsFile, "corrupt postings list");
            total += lexicon.count(term);
        }
        if (total != tokens()) return corrupt(directory_ / lexicon_file(attribute), "term counts do not add up to the token count");
    }
    if (has_turn_frequencies()) {
        const auto turns = regions(Structure::turn).size();
        for (const auto attribute : {Attribute::lower, Attribute::lemma}) {
            const auto& lexicon = this->lexicon(attribute);
            for (std::uint32_t term = 0; term < lexicon.size(); ++term) {
                TurnFrequencyReader reader(turn_frequencies(attribute, term));
                std::uint64_t total = 0;
                std::uint32_t turn = 0, frequency = 0;
                while (reader.next(turn, frequency)) {
                    if (turn >= turns || frequency == 0)
                        return corrupt(directory_ / kTurnFrequenciesFile, "turn out of range or zero frequency");
                    total += frequency;
                }
                if (reader.corrupt() || total != lexicon.count(term))
                    return corrupt(directory_ / kTurnFrequenciesFile, "turn frequencies of " + std::string(to_string(attribute)) + " term '" +
                                                                          std::string(lexicon.term(term)) + "' disagree with its postings");
                if (turn_blocks_.empty()) continue;
                if (auto checked = verify_turn_blocks(attribute, term); !checked) return checked.error();
            }
        }
    }
    const auto& paragraph_regions = regions(Structure::p);
    auto gaps_fit_tokens = [&](std::uint64_t p, const ParagraphRecord& record) {
        return p < paragraph_regions.size() &&
               record.gaps() == static_cast<std::uint64_t>(paragraph_regions.end(p)) - paragraph_regions.start(p) + 1;
    };
    if (auto ok = paragraphs_.verify(gaps_fit_tokens); !ok) return ok.error();
    for (std::uint64_t e = 0; e < events_.size(); ++e)
        if (auto json = events_.get(e); !json) return json.error();
    return true;
}

}  // namespace presser::index
