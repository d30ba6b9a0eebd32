// similar_passages(): "where else was this said" for pasted text (talking_points.h).
#include <algorithm>
#include <map>
#include <unordered_map>

#include "analysis/passage_tokens.h"
#include "analysis/talking_point_store.h"
#include "analysis/talking_points.h"
#include "query/concordance.h"
#include "text/analyzer.h"

namespace presser::analysis {
namespace {

struct Query {
    std::string language;
    std::vector<std::uint32_t> values;
    std::vector<std::string> words;  // as pasted, one per value
};

Query analyse(text::Analyzer& analyzer, std::string_view text, const std::string& language, index::Attribute attribute) {
    Query query;
    query.language = language;
    std::vector<text::Token> tokens;
    analyzer.tokenize(text, language, tokens);
    for (const auto& token : tokens) {
        const auto word = text.substr(token.begin, token.end - token.begin);
        const auto lower = analyzer.lower(word);
        auto value = passage_token_value(lower);
        if (value == 0) continue;
        if (attribute == index::Attribute::lemma) {
            const auto lemma = analyzer.lemma(lower, language);
            if (const auto lemma_value = passage_token_value(lemma); lemma_value != 0) value = lemma_value;
        }
        query.values.push_back(value);
        query.words.emplace_back(word);
    }
    return query;
}

struct Candidate {
    std::uint32_t turn = 0;
    std::int64_t diagonal = 0;  // text offset - query offset
    std::uint32_t votes = 0;
};

}  // namespace

Result<SimilarResult> similar_passages(const index::Index& index, std::string_view text, const SimilarOptions& options) {
    auto opened = open_talking_point_store(index.directory());
    if (!opened.ok()) return opened.error();
    const auto& store = opened.value();
    if (const auto stale = staleness(index.directory(), store.state, index.manifest().generation); !stale.empty()) return plain_error(stale);
    const auto& parameters = store.state.parameters;
    std::unordered_map<std::string, std::uint32_t> segment_by_name;
    for (std::uint32_t s = 0; s < index.segments().size(); ++s) segment_by_name[index.segments()[s]->info().name] = s;

    static thread_local text::Analyzer analyzer;
    SimilarResult result;
    std::vector<Query> queries;
    std::size_t most_tokens = 0;
    for (const auto& language : store.state.languages) {
        auto query = analyse(analyzer, text, language, parameters.attribute);
        most_tokens = std::max(most_tokens, query.values.size());
        if (query.values.size() >= parameters.min_tokens) queries.push_back(std::move(query));
    }
    if (queries.empty()) {
        if (store.state.languages.empty()) return SimilarResult{};
        return plain_error("the passage has " + std::to_string(most_tokens) + " tokens (punctuation left out); at least " +
                           std::to_string(parameters.min_tokens) + " are needed, the shortest passage the talking points were built for");
    }
    std::optional<TalkingPointSet> points;  // read only when a match is found
    std::vector<SimilarMatch> matches;
    std::vector<std::uint32_t> values, positions, scratch_lower, scratch_lemma;
    std::map<std::uint32_t, TokenTables> tables;  // per segment, built once: a table costs a hash per term of the lexicon
    for (const auto& query : queries) {
        result.query_tokens = std::max(result.query_tokens, static_cast<std::uint32_t>(query.values.size()));
        const auto seed = language_seed(query.language);
        const auto k = parameters.shingle;
        std::map<std::pair<std::uint32_t, std::int64_t>, std::uint32_t> votes;
        for (std::uint32_t i = 0; i + k <= query.values.size(); ++i) {
            const auto hash = shingle_hash(query.values.data() + i, k, seed);
            auto range = std::equal_range(store.fingerprints.begin(), store.fingerprints.end(), StoredFingerprint{hash, 0, 0},
                                          [](const StoredFingerprint& a, const StoredFingerprint& b) { return a.hash < b.hash; });
            for (auto it = range.first; it != range.second; ++it) ++votes[{it->turn, static_cast<std::int64_t>(it->offset) - i}];
        }
        // The best diagonal of each turn, turns by votes.
        std::map<std::uint32_t, Candidate> best;
        for (const auto& [key, count] : votes) {
            auto& c = best[key.first];
            if (count > c.votes) c = {key.first, key.second, count};
        }
        std::vector<Candidate> candidates;
        for (const auto& [turn, c] : best) candidates.push_back(c);
        std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
            return a.votes != b.votes ? a.votes > b.votes : a.turn < b.turn;
        });
        if (candidates.size() > options.limit * 4 + 16) candidates.resize(options.limit * 4 + 16);
        for (const auto& c : candidates) {
            const auto& stored = store.turns[c.turn];
            const auto found = segment_by_name.find(store.state.segments[stored.segment]);
            if (found == segment_by_name.end()) continue;
            const auto& segment = *index.segments()[found->second];
            if (segment.event_deleted(stored.event)) continue;
            const auto& regions = segment.regions(index::Structure::turn);
            values.clear(), positions.clear();
            auto table = tables.find(found->second);
            if (table == tables.end()) table = tables.emplace(found->second, token_tables(segment, parameters.attribute)).first;
            read_passage_tokens(segment, table->second, regions.start(stored.turn), regions.end(stored.turn), values,
                                &positions, scratch_lower, scratch_lemma);
            const auto slack = static_cast<std::int64_t>(query.values.size() / 2 + parameters.band + 2);
            const auto from = static_cast<std::size_t>(std::clamp<std::int64_t>(c.diagonal - slack, 0, static_cast<std::int64_t>(values.size())));
            const auto to = static_cast<std::size_t>(std::clamp<std::int64_t>(c.diagonal + static_cast<std::int64_t>(query.values.size()) + slack,
                                                                               static_cast<std::int64_t>(from), static_cast<std::int64_t>(values.size())));
            if (to <= from) continue;
            auto alignment = align_within(query.values, std::span<const std::uint32_t>(values).subspan(from, to - from));
            const double similarity = 1.0 - static_cast<double>(alignment.edits) / static_cast<double>(query.values.size());
            if (similarity < options.min_similarity || alignment.text_end <= alignment.text_begin) continue;
            SimilarMatch match;
            match.similarity = similarity;
            match.edits = alignment.edits;
            const auto first = static_cast<std::uint32_t>(from + alignment.text_begin), last = static_cast<std::uint32_t>(from + alignment.text_end);
            auto& o = match.occurrence;
            o.segment = segment.info().name;
            o.event = stored.event;
            o.turn = stored.turn;
            o.store_turn = c.turn;
            o.first = first;
            o.last = last;
            o.start = positions[first];
            o.end = positions[last - 1] + 1;
            o.tokens = last - first;
            o.language = query.language;
            for (const auto& op : alignment.ops) {
                SimilarToken token;
                token.kind = op.kind;
                if (op.query >= 0) token.query = query.words[static_cast<std::size_t>(op.query)];
                if (op.text >= 0) {
                    const auto id = segment.term_at(index::Attribute::word, positions[from + static_cast<std::size_t>(op.text)]);
                    if (id != index::Segment::kNoTerm) token.text = std::string(segment.lexicon(index::Attribute::word).term(id));
                }
                match.differences.push_back(std::move(token));
            }
            query::Concordancer concordancer(index);
            const auto line = concordancer.line({found->second, o.start, o.end}, {.context = 0});
            o.event_id = line.event_id;
            o.date = line.date;
            o.speaker = line.speaker;
            o.role = line.role;
            o.source = line.source;
            o.text = line.match;
            o.source_begin = line.source_begin;
            o.source_end = line.source_end;
            const auto& events = segment.regions(index::Structure::event);
            o.title = events.string("title", stored.event);
            o.organiser = events.string("organiser", stored.event);
            o.turn_id = regions.string("id", stored.turn);
            matches.push_back(std::move(match));
        }
    }
    std::sort(matches.begin(), matches.end(), [](const SimilarMatch& a, const SimilarMatch& b) {
        if (a.similarity != b.similarity) return a.similarity > b.similarity;
        return std::tie(a.occurrence.date, a.occurrence.event_id, a.occurrence.start) < std::tie(b.occurrence.date, b.occurrence.event_id, b.occurrence.start);
    });
    if (matches.size() > options.limit) matches.resize(options.limit);
    if (!matches.empty()) {
        auto read = read_points(store);
        if (!read.ok()) return read.error();
        points = std::move(read.value());
        for (auto& match : matches)
            for (const auto& point : points->points)
                for (const auto& o : point.occurrences)
                    if (o.store_turn == match.occurrence.store_turn && o.first < match.occurrence.last && match.occurrence.first < o.last)
                        match.talking_point = point.id;
    }
    result.matches = std::move(matches);
    return result;
}

}  // namespace presser::analysis
