// Random CQL queries and random small corpora over one shared vocabulary, for property tests of the
// reference evaluator and for equivalence tests of faster engines against it. Deterministic per seed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "query/reference_evaluator.h"

namespace presser::testing {

class RandomCql {
public:
    explicit RandomCql(std::uint64_t seed) : rng_(seed) {}

    // `tokens` tokens from a ten-word vocabulary; s regions of 2-6 tokens; turns of 3-10 tokens alternating
    // question/answer between two speakers; two events splitting the corpus.
    query::MemoryCorpus corpus(std::uint32_t tokens) {
        query::MemoryCorpus corpus;
        for (std::uint32_t i = 0; i < tokens; ++i) {
            const Word& word = kWords[pick(kWords.size())];
            corpus.word.push_back(word.word);
            corpus.lower.push_back(word.lower);
            corpus.lemma.push_back(word.lemma);
        }
        split(corpus.regions["s"], tokens, 2, 6, [](std::size_t) { return query::MemoryRegion{}; });
        split(corpus.regions["turn"], tokens, 3, 10, [](std::size_t n) {
            query::MemoryRegion region;
            region.attributes = {{"kind", n % 2 ? "answer" : "question"},
                                 {"speaker", n % 2 ? "Qin Gang" : "Smith"},
                                 {"role", n % 2 ? "official" : "journalist"}};
            return region;
        });
        std::uint32_t half = tokens / 2;
        corpus.regions["event"] = {{0, half, {{"id", "e1"}, {"date", "2023-05-01"}}},
                                   {half, tokens, {{"id", "e2"}, {"date", "2024-02-02"}}}};
        return corpus;
    }

    // A pattern query, sometimes with within / !within clauses.
    std::string pattern_query() {
        std::string query = alternatives(0);
        if (chance(4)) query += std::string(chance(2) ? " within " : " !within ") + region_target();
        return query;
    }

    // A pattern query with the constructs beyond plain patterns: labels and a `::` expression (&, |, ->, !,
    // a bare label), a labelled group, `containing` after a pattern, `within ( QUERY )`.
    std::string extended_query() {
        switch (pick(6)) {
            case 0: return "a:" + token() + " " + sequence(1) + " b:" + token() + " :: " + constraint(0);
            case 1: return "(c:" + token() + ")? a:" + token() + " b:" + token() + " :: c -> " + constraint(1);
            case 2: return "g:(" + alternatives(1) + ")" + quantifier() + " b:" + token() + " :: g.lower " + (chance(2) ? "=" : "!=") + " b.lower";
            case 3: return "(" + alternatives(1) + std::string(chance(3) ? ") !containing " : ") containing ") + sequence(2);
            case 4: return alternatives(1) + " within (<s/> containing " + token() + ")";
            default: return alternatives(1) + std::string(chance(2) ? " within (" : " !within (") + sequence(1) + ")";
        }
    }

    // A `::` expression over the labels a and b.
    std::string constraint(int depth) {
        const std::string attribute = chance(2) ? "lower" : (chance(2) ? "lemma" : "turn_speaker");
        switch (depth < 2 ? pick(6) : 0) {
            case 0: return "a." + attribute + (chance(2) ? " = " : " != ") + "b." + attribute;
            case 1: return "a.lower = \"" + kWords[pick(kWords.size())].lower + "\"";
            case 2: return "!(" + constraint(depth + 1) + ")";
            case 3: return "(" + constraint(depth + 1) + " & " + constraint(depth + 1) + ")";
            case 4: return "(" + constraint(depth + 1) + " | " + constraint(depth + 1) + ")";
            default: return "(" + constraint(depth + 1) + " -> " + constraint(depth + 1) + ")";
        }
    }

    std::string alternatives(int depth) {
        std::string out = sequence(depth);
        while (depth < 2 && chance(5)) out += " | " + sequence(depth);
        return out;
    }

    std::string sequence(int depth) {
        std::string out;
        std::size_t length = 1 + pick(3);
        for (std::size_t i = 0; i < length; ++i) {
            if (i > 0) out += ' ';
            out += element(depth);
        }
        return out;
    }

    std::string element(int depth) {
        std::size_t kind = pick(20);
        if (kind == 0) return "<s>";
        if (kind == 1) return "</s>";
        if (kind == 2 && depth < 2) return "(" + alternatives(depth + 1) + ")" + quantifier();
        return token() + quantifier();
    }

    std::string token() {
        switch (pick(9)) {
            case 0: return "[]";
            case 1: return "\"" + kWords[pick(kWords.size())].word + "\"";
            case 2: return "[lower=\"" + kWords[pick(kWords.size())].lower + "\"%c]";
            case 3: return "[lemma=\"" + kWords[pick(kWords.size())].lemma + "\" | lower=\"" + kWords[pick(kWords.size())].lower + "\"]";
            case 4: return "[!lower=\"" + kWords[pick(kWords.size())].lower + "\"]";
            case 5: return "[lower=\"" + kWords[pick(kWords.size())].lower + "\" & _.turn_kind=\"answer\"]";
            case 6: return "[lower=\"t.*\"]";
            case 7: return "[word=\"Lopez\"%d]";
            default: return "[lower=\"" + kWords[pick(kWords.size())].lower + "\"]";
        }
    }

    std::string quantifier() {
        switch (pick(12)) {
            case 0: return "?";
            case 1: return "*";
            case 2: return "+";
            case 3: return "{0,2}";
            case 4: return "{1,3}";
            case 5: return "{2}";
            default: return "";
        }
    }

    std::string region_target() {
        switch (pick(5)) {
            case 0: return "s";
            case 1: return "turn";
            case 2: return "event";
            case 3: return "<turn role=\"official\"/>";
            default: return "<event date=\"2023.*\"/>";
        }
    }

private:
    struct Word {
        std::string word, lower, lemma;
    };
    inline static const std::vector<Word> kWords = {
        {"the", "the", "the"},         {"The", "the", "the"},           {"tariffs", "tariffs", "tariff"},
        {"Tariff", "tariff", "tariff"}, {"and", "and", "and"},           {"sanctions", "sanctions", "sanction"},
        {"are", "are", "be"},          {"López", "lópez", "lópez"},     {".", ".", "."},
        {"trade", "trade", "trade"},
    };

    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
    bool chance(std::size_t one_in) { return pick(one_in) == 0; }

    template <class Make>
    void split(std::vector<query::MemoryRegion>& out, std::uint32_t tokens, std::uint32_t low, std::uint32_t high,
               Make make) {
        std::uint32_t start = 0;
        for (std::size_t n = 0; start < tokens; ++n) {
            std::uint32_t length = low + static_cast<std::uint32_t>(pick(high - low + 1));
            query::MemoryRegion region = make(n);
            region.start = start;
            region.end = std::min(tokens, start + length);
            out.push_back(region);
            start = region.end;
        }
    }

    std::mt19937_64 rng_;
};

}  // namespace presser::testing
