#include "query/literal_tokens.h"

#include <algorithm>
#include <cctype>

#include "text/tokenizer.h"

namespace presser::query::cql {
namespace {

constexpr std::string_view kOperators = ".^$|?*+()[]{}\\";

bool is_ascii_punctuation(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && std::ispunct(u) != 0;
}

std::string quote_literal(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    for (char c : text) {
        if (kOperators.find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

bool cannot_split(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

// The pattern one part is matched with: its literal, or, when the tokenizer would cut even the part alone
// (a dictionary segmentation that depends on context), a group that reads back as a regex and is left whole.
Pattern part_pattern(const Pattern& whole, const std::string& part) {
    Pattern pattern = whole;
    const auto alone = tokenize_literal(part);
    pattern.regex = alone.size() == 1 && alone[0] == part ? quote_literal(part) : "(?:" + quote_literal(part) + ")";
    return pattern;
}

bool is_token_attribute(const Attribute& attribute) {
    return attribute.structure.empty() &&
           (attribute.name == "word" || attribute.name == "lower" || attribute.name == "lemma");
}

void split_sequence(Sequence& sequence);

void split_sequences(std::vector<Sequence>& sequences) {
    for (auto& sequence : sequences) split_sequence(sequence);
}

void split_sequence(Sequence& sequence) {
    Sequence out;
    out.reserve(sequence.size());
    for (auto& element : sequence) {
        if (element.kind == Element::Kind::group) split_sequences(element.alternatives);
        const bool plain_test = element.kind == Element::Kind::token && element.condition &&
                                element.condition->kind == Condition::Kind::test && !element.condition->test.negated &&
                                is_token_attribute(element.condition->test.attribute);
        std::vector<std::string> parts;
        if (plain_test)
            if (auto literal = literal_of(element.condition->test.pattern.regex); literal && !cannot_split(*literal))
                parts = tokenize_literal(*literal);
        if (parts.size() < 2) {
            out.push_back(std::move(element));
            continue;
        }
        Sequence tokens;
        for (const auto& part : parts) {
            Element token;
            token.condition = element.condition;
            token.condition->test.pattern = part_pattern(element.condition->test.pattern, part);
            tokens.push_back(std::move(token));
        }
        if (element.label.empty() && element.min == 1 && element.max == 1) {
            for (auto& token : tokens) out.push_back(std::move(token));
            continue;
        }
        Element group;
        group.kind = Element::Kind::group;
        group.label = std::move(element.label);
        group.min = element.min;
        group.max = element.max;
        group.alternatives.push_back(std::move(tokens));
        out.push_back(std::move(group));
    }
    sequence = std::move(out);
}

}  // namespace

std::optional<std::string> literal_of(std::string_view regex) {
    std::string literal;
    literal.reserve(regex.size());
    for (std::size_t i = 0; i < regex.size(); ++i) {
        const char c = regex[i];
        if (c == '\\') {
            if (i + 1 == regex.size() || !is_ascii_punctuation(regex[i + 1])) return std::nullopt;
            literal += regex[++i];
        } else if (kOperators.find(c) != std::string_view::npos) {
            return std::nullopt;
        } else {
            literal += c;
        }
    }
    return literal;
}

std::vector<std::string> tokenize_literal(std::string_view text) {
    thread_local text::Tokenizer tokenizer;
    std::vector<text::Token> tokens;
    tokenizer.tokenize(text, "", tokens);
    std::vector<std::string> parts;
    parts.reserve(tokens.size());
    for (const auto& token : tokens) parts.emplace_back(text.substr(token.begin, token.end - token.begin));
    return parts;
}

void split_multi_token_literals(Query& query) {
    split_sequences(query.alternatives);
    split_sequences(query.contained);
    for (auto& clause : query.within)
        for (auto& nested : clause.query) split_multi_token_literals(nested);
}

}  // namespace presser::query::cql
