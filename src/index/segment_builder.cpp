#include "index/segment_builder.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "index/bitpack.h"
#include "index/postings.h"
#include "index/regions.h"
#include "index/segment_files.h"
#include "index/string_table.h"
#include "index/term_interner.h"
#include "index/token_stream.h"
#include "index/turn_blocks.h"
#include "model/json.h"

namespace presser::index {
namespace {

constexpr std::uint32_t kUnset = UINT32_MAX;

std::string join(const std::vector<std::string>& values, std::string_view separator) {
    std::string out;
    for (const auto& value : values) {
        if (!out.empty()) out += separator;
        out += value;
    }
    return out;
}

// Positions grouped by term: counting sort of a term-id-per-position sequence.
struct Grouped {
    std::vector<std::uint64_t> starts;  // term -> first index in `positions`; size terms + 1
    std::vector<std::uint32_t> positions;
};

template <class TermAt>
void group_positions(std::uint32_t terms, std::uint64_t tokens, TermAt term_at, Grouped& out) {
    out.starts.assign(static_cast<std::size_t>(terms) + 1, 0);
    for (std::uint64_t p = 0; p < tokens; ++p) ++out.starts[term_at(p) + 1];
    std::partial_sum(out.starts.begin(), out.starts.end(), out.starts.begin());
    out.positions.resize(tokens);
    std::vector<std::uint64_t> next(out.starts.begin(), out.starts.end() - 1);
    for (std::uint64_t p = 0; p < tokens; ++p) out.positions[next[term_at(p)]++] = static_cast<std::uint32_t>(p);
}

}  // namespace

struct SegmentBuilder::State {
    TermInterner words, lowers, lemmas;
    std::vector<std::uint32_t> lower_of_word;          // temporary ids
    std::vector<std::string> languages;
    std::vector<std::vector<std::uint32_t>> lemma_of_lower;  // [language][lower] temporary ids
    std::vector<std::uint32_t> stream;                 // temporary word ids
    std::vector<std::uint8_t> event_language;          // per event
    RegionsBuilder s, p, turn, exchange, event;
    ParagraphStoreWriter paragraphs;
    EventStoreWriter events;
    std::uint64_t event_count = 0;

    State() {
        exchange.tiled = false;
    }

    // The segment's id of an event's word, making sure its lower form and its lemma in `language` are known.
    std::uint32_t segment_word_id(const AnalysedEvent& analysed, std::uint32_t local, std::uint8_t language) {
        const auto& forms = analysed.forms[local];
        const auto [word_id, new_word] = words.intern(analysed.words.term(local));
        std::uint32_t lower_id;
        if (new_word) {
            const auto [id, new_lower] = lowers.intern(forms.lower);
            lower_id = id;
            lower_of_word.push_back(lower_id);
            if (new_lower)
                for (auto& by_lower : lemma_of_lower) by_lower.push_back(kUnset);
        } else {
            lower_id = lower_of_word[word_id];
        }
        auto& lemma = lemma_of_lower[language][lower_id];
        if (lemma == kUnset) lemma = lemmas.intern(forms.lemma).first;
        return word_id;
    }

    std::uint8_t language_index(const std::string& language) {
        for (std::size_t i = 0; i < languages.size(); ++i)
            if (languages[i] == language) return static_cast<std::uint8_t>(i);
        languages.push_back(language);
        lemma_of_lower.emplace_back(lowers.size(), kUnset);
        return static_cast<std::uint8_t>(languages.size() - 1);
    }
};

SegmentBuilder::SegmentBuilder() : state_(std::make_unique<State>()) {}
SegmentBuilder::~SegmentBuilder() = default;

std::uint64_t SegmentBuilder::tokens() const { return state_->stream.size(); }
std::uint64_t SegmentBuilder::events() const { return state_->event_count; }

std::size_t SegmentBuilder::memory() const {
    const auto& st = *state_;
    // Stream now, plus at write time one position per token per attribute pass and the remapped stream.
    return st.stream.capacity() * 4 * 3 + st.words.memory() + st.lowers.memory() + st.lemmas.memory() +
           st.paragraphs.memory() + st.events.memory() + st.s.starts.capacity() * 4 + st.p.starts.capacity() * 4;
}

std::uint64_t SegmentBuilder::add(const AnalysedEvent& analysed) {
    auto& st = *state_;
    const auto& ev = analysed.event;
    const std::uint8_t language = st.language_index(ev.language);
    st.event_language.push_back(language);

    st.event.starts.push_back(static_cast<std::uint32_t>(st.stream.size()));
    st.event.column("id").strings.push_back(ev.id);
    st.event.column("date").strings.push_back(ev.date.to_string());
    st.event.column("title").strings.push_back(ev.title);
    st.event.column("organiser").strings.push_back(ev.organiser);
    st.event.column("venue").strings.push_back(ev.venue);
    st.event.column("language").strings.push_back(ev.language);
    st.event.column("source").strings.push_back(ev.source);
    st.event.column("format").strings.push_back(ev.source_format);
    st.event.column("first_paragraph", true).numbers.push_back(st.paragraphs.size());

    // Turns and speakers by id, looked up once per turn and per exchange: a linear search here made indexing
    // quadratic in the turns of one event.
    std::unordered_map<std::string_view, const model::Speaker*> speaker_by_id;
    speaker_by_id.reserve(ev.speakers.size());
    for (const auto& speaker : ev.speakers) speaker_by_id.try_emplace(speaker.id, &speaker);
    auto find_speaker = [&](std::string_view id) -> const model::Speaker* {
        const auto found = speaker_by_id.find(id);
        return found == speaker_by_id.end() ? nullptr : found->second;
    };
    std::unordered_map<std::string_view, std::size_t> turn_by_id;
    turn_by_id.reserve(ev.turns.size());
    for (std::size_t t = 0; t < ev.turns.size(); ++t) turn_by_id.try_emplace(ev.turns[t].id, t);

    std::vector<std::uint32_t> turn_start(ev.turns.size()), turn_end(ev.turns.size());
    std::vector<std::uint32_t> segment_word(analysed.forms.size(), kUnset);
    std::size_t paragraph_index = 0;
    for (std::size_t t = 0; t < ev.turns.size(); ++t) {
        const auto& turn = ev.turns[t];
        const model::Speaker* speaker = turn.speaker.empty() ? nullptr : find_speaker(turn.speaker);
        turn_start[t] = static_cast<std::uint32_t>(st.stream.size());
        st.turn.starts.push_back(turn_start[t]);
        st.turn.column("id").strings.push_back(turn.id);
        st.turn.column("speaker").strings.push_back(speaker ? speaker->name : "");
        st.turn.column("role").strings.push_back(
            std::string(speaker ? model::to_string(speaker->role) : std::string_view("")));
        st.turn.column("kind").strings.push_back(std::string(model::to_string(turn.kind)));
        st.turn.column("affiliation").strings.push_back(speaker ? join(speaker->affiliations, "; ") : "");
        st.turn.column("title").strings.push_back(speaker ? speaker->title : "");

        for (std::size_t pi = 0; pi < turn.paragraphs.size(); ++pi) {
            st.p.starts.push_back(static_cast<std::uint32_t>(st.stream.size()));
            const auto first = analysed.paragraph_starts[paragraph_index];
            const auto last = analysed.paragraph_starts[paragraph_index + 1];
            ++paragraph_index;
            for (auto i = first; i < last; ++i) {
                if (analysed.tokens[i].sentence_start || i == first) st.s.starts.push_back(static_cast<std::uint32_t>(st.stream.size()));
                const auto local = analysed.word_ids[i];
                auto& word_id = segment_word[local];
                if (word_id == kUnset) word_id = st.segment_word_id(analysed, local, language);
                st.stream.push_back(word_id);
            }
        }
        turn_end[t] = static_cast<std::uint32_t>(st.stream.size());
    }

    // Exchanges: from their first question turn to their last answer turn, never overlapping the next.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
    auto turn_index = [&](const std::string& id) -> std::optional<std::size_t> {
        const auto found = turn_by_id.find(id);
        if (found == turn_by_id.end()) return std::nullopt;
        return found->second;
    };
    const std::uint32_t event_start = st.event.starts.back();
    for (std::size_t x = 0; x < ev.exchanges.size(); ++x) {
        const auto& exchange = ev.exchanges[x];
        std::uint32_t start = UINT32_MAX, end = 0;
        std::string asker, asker_affiliation, answerer, answerer_role;
        for (const auto& id : exchange.questions) {
            if (auto t = turn_index(id)) {
                start = std::min(start, turn_start[*t]);
                end = std::max(end, turn_end[*t]);
                if (asker.empty() && asker_affiliation.empty())
                    if (const auto* speaker = find_speaker(ev.turns[*t].speaker)) {
                        asker = speaker->name;
                        asker_affiliation = join(speaker->affiliations, "; ");
                    }
            }
        }
        for (const auto& id : exchange.answers) {
            if (auto t = turn_index(id)) {
                start = std::min(start, turn_start[*t]);
                end = std::max(end, turn_end[*t]);
                if (answerer.empty())
                    if (const auto* speaker = find_speaker(ev.turns[*t].speaker)) {
                        answerer = speaker->name;
                        answerer_role = std::string(model::to_string(speaker->role));
                    }
            }
        }
        if (start == UINT32_MAX) continue;
        if (!st.exchange.starts.empty() && start < st.exchange.ends.back()) start = st.exchange.ends.back();
        if (end < start) end = start;
        st.exchange.starts.push_back(start);
        st.exchange.ends.push_back(end);
        st.exchange.column("id").strings.push_back(exchange.id);
        st.exchange.column("asker").strings.push_back(asker);
        st.exchange.column("asker_affiliation").strings.push_back(asker_affiliation);
        st.exchange.column("answerer").strings.push_back(answerer);
        st.exchange.column("answerer_role").strings.push_back(answerer_role);
        st.exchange.column("follows").strings.push_back(exchange.follows.value_or(""));
        // Derived facts (docs/qa.md), as strings so that filters and --group-by treat them like any attribute.
        const ExchangeFacts facts = x < analysed.exchanges.size() ? analysed.exchanges[x] : ExchangeFacts{};
        st.exchange.column("question_tokens").strings.push_back(std::to_string(facts.question_tokens));
        st.exchange.column("answer_tokens").strings.push_back(std::to_string(facts.answer_tokens));
        st.exchange.column("answer_seconds").strings.push_back(facts.answer_seconds ? std::to_string(*facts.answer_seconds) : "");
        st.exchange.column("position").strings.push_back(std::to_string(facts.position));
        st.exchange.column("followup_depth").strings.push_back(std::to_string(facts.followup_depth));
        st.exchange.column("named_by_moderator").strings.push_back(facts.named_by_moderator ? "1" : "0");
        st.exchange.column("signal").strings.push_back(facts.signal.label);
        const bool matched = facts.signal.last > facts.signal.first;
        st.exchange.column("signal_start", true).numbers.push_back(matched ? event_start + facts.signal.first : 0);
        st.exchange.column("signal_end", true).numbers.push_back(matched ? event_start + facts.signal.last : 0);
    }

    st.paragraphs.add(analysed.paragraphs);
    st.events.add(analysed.document);
    return st.event_count++;
}

Result<SegmentInfo> SegmentBuilder::write(const std::filesystem::path& directory) {
    auto& st = *state_;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) return Error{directory.string(), std::nullopt, std::nullopt, "cannot create segment: " + error.message()};

    SegmentInfo info;
    info.name = directory.filename().string();
    info.tokens = st.stream.size();
    info.events = st.event_count;
    auto finish = [&](FileWriter& writer) -> Result<bool> {
        auto done = writer.finish();
        if (!done) return done.error();
        info.files.push_back({writer.path().filename().string(), writer.position(), writer.checksum()});
        return true;
    };

    // Final ids are ranks in sorted order.
    std::vector<std::uint32_t> word_by_rank, word_rank, lower_by_rank, lower_rank, lemma_by_rank, lemma_rank;
    st.words.sorted_order(word_by_rank, word_rank);
    st.lowers.sorted_order(lower_by_rank, lower_rank);
    st.lemmas.sorted_order(lemma_by_rank, lemma_rank);
    for (auto& id : st.stream) id = word_rank[id];
    std::vector<std::uint32_t> lower_of_word(word_rank.size());
    for (std::uint32_t w = 0; w < word_rank.size(); ++w) lower_of_word[word_rank[w]] = lower_rank[st.lower_of_word[w]];
    std::vector<std::vector<std::uint32_t>> lemma_of_lower(st.languages.size(), std::vector<std::uint32_t>(lower_rank.size(), kUnset));
    for (std::size_t l = 0; l < st.languages.size(); ++l)
        for (std::uint32_t lo = 0; lo < lower_rank.size(); ++lo)
            if (st.lemma_of_lower[l][lo] != kUnset) lemma_of_lower[l][lower_rank[lo]] = lemma_rank[st.lemma_of_lower[l][lo]];

    // Language of every position, by event.
    std::vector<std::uint8_t> language_at;
    {
        language_at.resize(st.stream.size());
        for (std::size_t e = 0; e < st.event.starts.size(); ++e) {
            const std::uint64_t from = st.event.starts[e];
            const std::uint64_t to = e + 1 < st.event.starts.size() ? st.event.starts[e + 1] : st.stream.size();
            std::fill(language_at.begin() + static_cast<std::ptrdiff_t>(from), language_at.begin() + static_cast<std::ptrdiff_t>(to), st.event_language[e]);
        }
    }

    // Postings of the three attributes in one file. A word or lemma whose positions are exactly those of
    // one lower form (same count, and a subset by construction) shares that list instead of repeating it.
    FileWriter postings(directory / kPostingsFile);
    std::vector<std::uint64_t> lower_offsets(lower_rank.size());
    std::vector<std::uint32_t> lower_counts(lower_rank.size());
    std::vector<std::uint64_t> word_offsets(word_rank.size());
    std::vector<std::uint32_t> word_counts(word_rank.size());
    std::vector<std::uint64_t> lemma_offsets(lemma_rank.size());
    std::vector<std::uint32_t> lemma_counts(lemma_rank.size());
    std::string encoded;
    Grouped grouped;
    // Per-turn frequencies of lower and lemma terms (ranked search): one list per distinct postings list.
    FileWriter turn_file(directory / kTurnFrequenciesFile);
    std::unordered_map<std::uint64_t, std::uint64_t> turn_list_of_postings;
    std::vector<std::uint64_t> lower_turn_offsets(lower_rank.size()), lemma_turn_offsets(lemma_rank.size());
    std::string turn_encoded;
    // Block directories of the longer lists (`turns.blk`): where each block of kTurnBlockSize entries
    // starts, the turn before it, and bounds of its frequencies and turn lengths, so that a top-k search can
    // skip blocks without decoding them.
    FileWriter block_file(directory / kTurnBlocksFile);
    std::unordered_map<std::uint64_t, std::uint64_t> blocks_of_turn_list;
    std::vector<std::uint64_t> lower_block_offsets(lower_rank.size(), kNoTurnBlocks), lemma_block_offsets(lemma_rank.size(), kNoTurnBlocks);
    std::vector<std::uint32_t> block_encoded;
    std::vector<ImpactPoint> block_entries;
    std::vector<std::uint32_t> block_offsets, block_previous;
    std::vector<std::vector<ImpactPoint>> block_hulls;
    const auto& turn_starts = st.turn.starts;
    auto turn_length = [&](std::size_t t) {
        const std::uint64_t end = t + 1 < turn_starts.size() ? turn_starts[t + 1] : st.stream.size();
        return static_cast<std::uint32_t>(end - turn_starts[t]);
    };
    auto encode_turns = [&](const std::uint32_t* positions, std::size_t count) {
        turn_encoded.clear();
        block_encoded.clear();
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
        std::size_t t = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const auto p = positions[i];
            if (turn_starts.empty() || p < turn_starts[0]) continue;
            if (t + 1 < turn_starts.size() && turn_starts[t + 1] <= p)
                t = static_cast<std::size_t>(std::upper_bound(turn_starts.begin() + static_cast<std::ptrdiff_t>(t + 1), turn_starts.end(), p) -
                                             turn_starts.begin()) - 1;
            if (pairs.empty() || pairs.back().first != t) pairs.emplace_back(static_cast<std::uint32_t>(t), 0);
            ++pairs.back().second;
        }
        append_varint(pairs.size(), turn_encoded);
        std::int64_t previous = -1;
        const bool blocked = pairs.size() > kTurnBlockSize;
        block_offsets.clear();
        block_previous.clear();
        block_hulls.clear();
        std::uint32_t gaps[kTurnBlockSize], frequencies[kTurnBlockSize];
        for (std::size_t first = 0; first < pairs.size(); first += kTurnBlockSize) {
            const std::size_t n = std::min<std::size_t>(kTurnBlockSize, pairs.size() - first);
            if (blocked) {
                block_offsets.push_back(static_cast<std::uint32_t>(turn_encoded.size()));
                block_previous.push_back(previous < 0 ? kNoTurn : static_cast<std::uint32_t>(previous));
                block_entries.clear();
            }
            for (std::size_t i = 0; i < n; ++i) {
                const auto [turn, tf] = pairs[first + i];
                if (blocked) block_entries.emplace_back(tf, turn_length(turn));
                gaps[i] = static_cast<std::uint32_t>(static_cast<std::int64_t>(turn) - previous - 1);
                frequencies[i] = tf - 1;
                previous = turn;
            }
            if (blocked) {
                block_hulls.emplace_back();
                impact_hull(block_entries, block_hulls.back());
            }
            pack_patched(gaps, n, turn_encoded);
            pack_patched(frequencies, n, turn_encoded);
        }
        if (blocked) append_turn_blocks(block_encoded, block_offsets, block_previous, block_hulls);
    };
    auto write_lists = [&](std::uint32_t terms, std::vector<std::uint64_t>& offsets, std::vector<std::uint32_t>& counts,
                           auto alias_of, std::vector<std::uint64_t>* turn_offsets, std::vector<std::uint64_t>* block_offsets) {
        for (std::uint32_t term = 0; term < terms; ++term) {
            const auto from = grouped.starts[term], to = grouped.starts[term + 1];
            counts[term] = static_cast<std::uint32_t>(to - from);
            if (const auto alias = alias_of(term, counts[term])) {
                offsets[term] = *alias;
            } else {
                offsets[term] = postings.position();
                encoded.clear();
                encode_postings(grouped.positions.data() + from, to - from, encoded);
                postings.write(encoded);
            }
            if (turn_offsets == nullptr) continue;
            const auto [known, inserted] = turn_list_of_postings.try_emplace(offsets[term], turn_file.position());
            (*turn_offsets)[term] = known->second;
            if (!inserted) {
                if (const auto blocks = blocks_of_turn_list.find(known->second); blocks != blocks_of_turn_list.end())
                    (*block_offsets)[term] = blocks->second;
                continue;
            }
            encode_turns(grouped.positions.data() + from, to - from);
            turn_file.write(turn_encoded);
            if (!block_encoded.empty()) {
                (*block_offsets)[term] = block_file.position();
                blocks_of_turn_list.emplace(known->second, block_file.position());
                block_file.put_array(block_encoded);
            }
        }
    };
    const auto no_alias = [](std::uint32_t, std::uint32_t) -> std::optional<std::uint64_t> { return std::nullopt; };
    group_positions(static_cast<std::uint32_t>(lower_rank.size()), st.stream.size(),
                    [&](std::uint64_t p) { return lower_of_word[st.stream[p]]; }, grouped);
    write_lists(static_cast<std::uint32_t>(lower_rank.size()), lower_offsets, lower_counts, no_alias, &lower_turn_offsets,
                &lower_block_offsets);
    group_positions(static_cast<std::uint32_t>(word_rank.size()), st.stream.size(),
                    [&](std::uint64_t p) { return st.stream[p]; }, grouped);
    write_lists(static_cast<std::uint32_t>(word_rank.size()), word_offsets, word_counts,
                [&](std::uint32_t word, std::uint32_t count) -> std::optional<std::uint64_t> {
                    const auto lower = lower_of_word[word];
                    if (lower_counts[lower] == count) return lower_offsets[lower];
                    return std::nullopt;
                },
                nullptr, nullptr);
    // A lemma's single lower form, if it has exactly one.
    std::vector<std::uint32_t> lemma_source(lemma_rank.size(), kUnset);
    for (std::size_t l = 0; l < st.languages.size(); ++l)
        for (std::uint32_t lo = 0; lo < lower_rank.size(); ++lo) {
            const auto lemma = lemma_of_lower[l][lo];
            if (lemma == kUnset) continue;
            lemma_source[lemma] = (lemma_source[lemma] == kUnset || lemma_source[lemma] == lo) ? lo : kUnset - 1;
        }
    group_positions(static_cast<std::uint32_t>(lemma_rank.size()), st.stream.size(),
                    [&](std::uint64_t p) { return lemma_of_lower[language_at[p]][lower_of_word[st.stream[p]]]; }, grouped);
    write_lists(static_cast<std::uint32_t>(lemma_rank.size()), lemma_offsets, lemma_counts,
                [&](std::uint32_t lemma, std::uint32_t count) -> std::optional<std::uint64_t> {
                    const auto lower = lemma_source[lemma];
                    if (lower < kUnset - 1 && lower_counts[lower] == count) return lower_offsets[lower];
                    return std::nullopt;
                },
                &lemma_turn_offsets, &lemma_block_offsets);
    grouped = {};
    language_at = {};
    if (auto done = finish(postings); !done) return done.error();
    // Both files end with their per-term tables (docs/index-format.md).
    auto put_term_tables = [](FileWriter& file, const std::vector<std::uint64_t>& lower, const std::vector<std::uint64_t>& lemma) {
        file.pad_to(8);
        const auto lower_table = file.position();
        file.put(static_cast<std::uint64_t>(lower.size()));
        file.put_array(lower);
        const auto lemma_table = file.position();
        file.put(static_cast<std::uint64_t>(lemma.size()));
        file.put_array(lemma);
        file.put(lower_table);
        file.put(lemma_table);
    };
    put_term_tables(turn_file, lower_turn_offsets, lemma_turn_offsets);
    if (auto done = finish(turn_file); !done) return done.error();
    put_term_tables(block_file, lower_block_offsets, lemma_block_offsets);
    if (auto done = finish(block_file); !done) return done.error();

    auto write_lexicon = [&](Attribute attribute, const TermInterner& terms, const std::vector<std::uint32_t>& by_rank,
                             const std::vector<std::uint32_t>& counts, const std::vector<std::uint64_t>& offsets) -> Result<bool> {
        FileWriter out(directory / lexicon_file(attribute));
        out.put(static_cast<std::uint32_t>(by_rank.size()));
        out.put_array(counts);
        out.put_array(offsets);
        std::vector<std::string_view> sorted;
        sorted.reserve(by_rank.size());
        for (const auto id : by_rank) sorted.push_back(terms.term(id));
        write_string_table(out, sorted);
        return finish(out);
    };
    if (auto done = write_lexicon(Attribute::word, st.words, word_by_rank, word_counts, word_offsets); !done) return done.error();
    if (auto done = write_lexicon(Attribute::lower, st.lowers, lower_by_rank, lower_counts, lower_offsets); !done) return done.error();
    if (auto done = write_lexicon(Attribute::lemma, st.lemmas, lemma_by_rank, lemma_counts, lemma_offsets); !done) return done.error();

    {
        FileWriter out(directory / kStreamFile);
        write_token_stream(out, st.stream);
        if (auto done = finish(out); !done) return done.error();
    }
    {
        FileWriter out(directory / kMapsFile);
        out.put(static_cast<std::uint32_t>(word_rank.size()));
        out.put(static_cast<std::uint32_t>(lower_rank.size()));
        out.put(static_cast<std::uint32_t>(st.languages.size()));
        out.put_array(lower_of_word);
        for (std::size_t l = 0; l < st.languages.size(); ++l) {
            out.put(static_cast<std::uint32_t>(st.languages[l].size()));
            out.write(st.languages[l]);
            out.put_array(lemma_of_lower[l]);
        }
        if (auto done = finish(out); !done) return done.error();
    }
    const std::pair<Structure, RegionsBuilder*> structures[] = {
        {Structure::s, &st.s}, {Structure::p, &st.p}, {Structure::turn, &st.turn},
        {Structure::exchange, &st.exchange}, {Structure::event, &st.event}};
    for (const auto& [structure, regions] : structures) {
        FileWriter out(directory / regions_file(structure));
        regions->write(out, st.stream.size());
        if (auto done = finish(out); !done) return done.error();
    }
    {
        FileWriter out(directory / kParagraphsFile);
        st.paragraphs.write(out);
        if (auto done = finish(out); !done) return done.error();
    }
    {
        FileWriter out(directory / kEventsFile);
        st.events.write(out);
        if (auto done = finish(out); !done) return done.error();
    }
    if (auto synced = sync_directory(directory); !synced) return synced.error();
    if (auto synced = sync_directory(directory.parent_path()); !synced) return synced.error();
    state_ = std::make_unique<State>();
    return info;
}

}  // namespace presser::index
