#include "analysis/deflection_lexicon.h"

#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "analysis/builtin_lexicons.h"
#include "index/event_analysis.h"
#include "query/cql_parser.h"

namespace presser::analysis {

namespace {

using query::cql::Condition;
using query::cql::Element;
using query::cql::Sequence;

constexpr std::uint32_t kMaxSpan = 40;  // tokens of one match: `[]*` never runs away

enum class Field : std::uint8_t { word, lower, lemma };

std::string_view field_of(const LexiconToken& token, Field field) {
    return field == Field::word ? token.word : field == Field::lower ? token.lower : token.lemma;
}

// A token condition, compiled: literal alternatives ("refer|referring") are a set lookup, the rest RE2.
struct Test {
    Condition::Kind kind = Condition::Kind::test;
    Field field = Field::lower;
    bool negated = false;
    bool literal = false;
    std::unordered_set<std::string> literals;
    std::shared_ptr<RE2> regex;
    std::vector<Test> operands;

    [[nodiscard]] bool accepts(const LexiconToken& token) const {
        switch (kind) {
        case Condition::Kind::test: {
            const auto value = field_of(token, field);
            const bool hit = literal ? literals.count(std::string(value)) > 0 : RE2::FullMatch(value, *regex);
            return hit != negated;
        }
        case Condition::Kind::negation: return !operands.front().accepts(token);
        case Condition::Kind::all:
            return std::all_of(operands.begin(), operands.end(), [&](const Test& t) { return t.accepts(token); });
        case Condition::Kind::any:
            return std::any_of(operands.begin(), operands.end(), [&](const Test& t) { return t.accepts(token); });
        }
        return false;
    }
};

struct Item;
using Items = std::vector<Item>;
struct Item {
    std::optional<Test> test;         // token: nullopt for []
    std::vector<Items> alternatives;  // a group when not empty
    std::uint32_t min = 1, max = 1;
};

bool is_literal(const std::string& regex) {
    if (regex.empty()) return false;
    return regex.find_first_of("\\.^$*+?()[]{}") == std::string::npos;
}

Result<Test> compile_condition(const Condition& condition) {
    Test out;
    out.kind = condition.kind;
    if (condition.kind != Condition::Kind::test) {
        for (const auto& operand : condition.operands) {
            auto compiled = compile_condition(operand);
            if (!compiled) return compiled.error();
            out.operands.push_back(std::move(compiled.value()));
        }
        return out;
    }
    const auto& test = condition.test;
    if (!test.attribute.structure.empty())
        return Error{"", std::nullopt, std::nullopt, "region attributes are not allowed in a lexicon pattern: test word, lower or lemma"};
    if (test.attribute.name == "word") out.field = Field::word;
    else if (test.attribute.name == "lower") out.field = Field::lower;
    else if (test.attribute.name == "lemma") out.field = Field::lemma;
    else return Error{"", std::nullopt, std::nullopt, "attribute '" + test.attribute.name + "' is not allowed in a lexicon pattern: test word, lower or lemma"};
    out.negated = test.negated;
    const auto& pattern = test.pattern;
    if (!pattern.ignore_case && !pattern.ignore_diacritics && is_literal(pattern.regex)) {
        out.literal = true;
        std::string_view rest = pattern.regex;
        for (;;) {
            const auto bar = rest.find('|');
            out.literals.emplace(rest.substr(0, bar));
            if (bar == std::string_view::npos) break;
            rest.remove_prefix(bar + 1);
        }
        return out;
    }
    if (pattern.ignore_diacritics) return Error{"", std::nullopt, std::nullopt, "%d is not supported in a lexicon pattern"};
    RE2::Options options;
    options.set_case_sensitive(!pattern.ignore_case);
    options.set_log_errors(false);
    out.regex = std::make_shared<RE2>(pattern.regex, options);
    if (!out.regex->ok()) return Error{"", std::nullopt, std::nullopt, "invalid regular expression \"" + pattern.regex + "\": " + out.regex->error()};
    return out;
}

Result<Items> compile_sequence(const Sequence& sequence) {
    Items out;
    for (const Element& element : sequence) {
        if (!element.label.empty()) return Error{"", std::nullopt, std::nullopt, "labels are not allowed in a lexicon pattern"};
        Item item;
        item.min = element.min;
        item.max = element.max;
        if (element.kind == Element::Kind::token) {
            if (element.condition) {
                auto test = compile_condition(*element.condition);
                if (!test) return test.error();
                item.test = std::move(test.value());
            }
        } else if (element.kind == Element::Kind::group) {
            for (const auto& alternative : element.alternatives) {
                auto compiled = compile_sequence(alternative);
                if (!compiled) return compiled.error();
                item.alternatives.push_back(std::move(compiled.value()));
            }
        } else {
            return Error{"", std::nullopt, std::nullopt, "region anchors (<s>, </turn>) are not allowed in a lexicon pattern"};
        }
        out.push_back(std::move(item));
    }
    return out;
}

using Next = std::function<std::optional<std::uint32_t>(std::uint32_t)>;

struct Matcher {
    const std::vector<LexiconToken>& tokens;
    std::uint32_t limit;  // no token at or past this position is matched

    std::optional<std::uint32_t> sequence(const Items& items, std::size_t i, std::uint32_t pos, const Next& next) const {
        if (i == items.size()) return next(pos);
        const Next rest = [&](std::uint32_t p) { return sequence(items, i + 1, p, next); };
        return repeat(items[i], 0, pos, rest);
    }
    // Fewest repetitions first: the shortest match from a start, as CQL's standard strategy.
    std::optional<std::uint32_t> repeat(const Item& item, std::uint32_t count, std::uint32_t pos, const Next& next) const {
        if (count >= item.min)
            if (auto end = next(pos)) return end;
        if (count >= item.max || pos >= limit) return std::nullopt;
        const Next again = [&](std::uint32_t p) -> std::optional<std::uint32_t> {
            if (p == pos) return std::nullopt;  // an empty repetition makes no progress
            return repeat(item, count + 1, p, next);
        };
        return one(item, pos, again);
    }
    std::optional<std::uint32_t> one(const Item& item, std::uint32_t pos, const Next& next) const {
        if (item.alternatives.empty()) {
            if (pos >= limit || (item.test && !item.test->accepts(tokens[pos]))) return std::nullopt;
            return next(pos + 1);
        }
        for (const auto& alternative : item.alternatives)
            if (auto end = sequence(alternative, 0, pos, next)) return end;
        return std::nullopt;
    }
};

struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};
using EntriesByValue = std::unordered_map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>, TransparentHash, std::equal_to<>>;

struct Entry {
    std::string label;
    std::vector<Items> alternatives;
};

}  // namespace

struct DeflectionLexicon::Compiled {
    std::vector<Entry> entries;
    // (entry, alternative) pairs by the literal values of their first token (lower or lemma), and the rest.
    EntriesByValue by_lower, by_lemma;  // looked up by string_view: no allocation per token
    std::vector<std::pair<std::uint32_t, std::uint32_t>> always;

    void index_first_tokens() {
        for (std::uint32_t e = 0; e < entries.size(); ++e)
            for (std::uint32_t a = 0; a < entries[e].alternatives.size(); ++a) {
                const auto& items = entries[e].alternatives[a];
                const Item* first = items.empty() ? nullptr : &items.front();
                const bool keyed = first && first->min >= 1 && first->alternatives.empty() && first->test &&
                                   first->test->kind == Condition::Kind::test && first->test->literal &&
                                   !first->test->negated && first->test->field != Field::word;
                if (!keyed) {
                    always.emplace_back(e, a);
                    continue;
                }
                auto& map = first->test->field == Field::lower ? by_lower : by_lemma;
                for (const auto& value : first->test->literals) map[value].emplace_back(e, a);
            }
    }
};

DeflectionLexicon::DeflectionLexicon() : compiled_(std::make_unique<Compiled>()) {}
DeflectionLexicon::~DeflectionLexicon() = default;
DeflectionLexicon::DeflectionLexicon(DeflectionLexicon&&) noexcept = default;
DeflectionLexicon& DeflectionLexicon::operator=(DeflectionLexicon&&) noexcept = default;

std::size_t DeflectionLexicon::size() const { return compiled_->entries.size(); }

namespace {

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Error lexicon_error(const std::string& file, std::uint64_t line, std::size_t column, const std::string& message) {
    return Error{file, std::nullopt, line, "column " + std::to_string(column) + ": " + message};
}

}  // namespace

Result<DeflectionLexicon> DeflectionLexicon::parse(std::string_view text, const std::string& file) {
    DeflectionLexicon lexicon;
    auto& compiled = *lexicon.compiled_;
    std::uint64_t line_number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos)
            return lexicon_error(file, line_number, 1, "expected a label, a tab and a CQL pattern");
        const std::string label(line.substr(0, tab));
        if (label.empty() || label.find_first_of(" \"") != std::string::npos || label == "none" || label == "n/a")
            return lexicon_error(file, line_number, 1, "expected a label without spaces or quotes (not 'none' or 'n/a')");
        const std::string_view pattern = line.substr(tab + 1);
        const std::size_t pattern_column = code_points(line.substr(0, tab)) + 2;
        query::cql::CqlOptions options;
        options.default_attribute = "lower";
        auto query = query::cql::parse_cql(pattern, options);
        if (!query) {
            // The parser counts columns within the pattern ("column 9: ... opened at column 1"): make every one
            // the file line's column.
            std::string message;
            const std::string& original = query.error().message;
            for (std::size_t at = 0; at < original.size();) {
                const auto found = original.find("column ", at);
                const auto digits = found == std::string::npos ? found : found + 7;
                const auto end = digits == std::string::npos ? digits : original.find_first_not_of("0123456789", digits);
                if (found == std::string::npos || end == digits) {
                    message += original.substr(at, found == std::string::npos ? std::string::npos : digits - at);
                    if (found == std::string::npos) break;
                    at = digits;
                    continue;
                }
                message += original.substr(at, digits - at);
                message += std::to_string(pattern_column - 1 + std::stoul(original.substr(digits, end - digits)));
                at = end;
            }
            return Error{file, std::nullopt, line_number, message};
        }
        const auto& q = query.value();
        if (q.kind != query::cql::Query::Kind::pattern || !q.constraints.empty() || !q.within.empty() ||
            q.containing != query::cql::Query::Containing::none)
            return lexicon_error(file, line_number, pattern_column,
                                 "a lexicon pattern is a token sequence: no region query, `::`, within or containing");
        Entry entry{label, {}};
        for (const auto& alternative : q.alternatives) {
            auto items = compile_sequence(alternative);
            if (!items) return lexicon_error(file, line_number, pattern_column, items.error().message);
            entry.alternatives.push_back(std::move(items.value()));
        }
        compiled.entries.push_back(std::move(entry));
    }
    compiled.index_first_tokens();
    return lexicon;
}

Result<DeflectionLexicon> DeflectionLexicon::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path, std::nullopt, std::nullopt, "cannot read the lexicon file"};
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

std::optional<LexiconMatch> DeflectionLexicon::match(const std::vector<LexiconToken>& tokens, std::size_t window) const {
    const auto& compiled = *compiled_;
    const std::uint32_t count = static_cast<std::uint32_t>(tokens.size());
    const std::uint32_t starts = static_cast<std::uint32_t>(std::min<std::size_t>(window, count));
    std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
    for (std::uint32_t start = 0; start < starts; ++start) {
        const auto& token = tokens[start];
        const auto lower = compiled.by_lower.find(token.lower);
        const auto lemma = compiled.by_lemma.find(token.lemma);
        if (compiled.always.empty() && lower == compiled.by_lower.end() && lemma == compiled.by_lemma.end()) continue;
        candidates = compiled.always;
        if (lower != compiled.by_lower.end()) candidates.insert(candidates.end(), lower->second.begin(), lower->second.end());
        if (lemma != compiled.by_lemma.end()) candidates.insert(candidates.end(), lemma->second.begin(), lemma->second.end());
        std::sort(candidates.begin(), candidates.end());
        const Matcher matcher{tokens, std::min(count, start + kMaxSpan)};
        const Next accept = [start](std::uint32_t end) -> std::optional<std::uint32_t> {
            return end > start ? std::optional<std::uint32_t>(end) : std::nullopt;
        };
        for (const auto& [e, a] : candidates)
            if (auto end = matcher.sequence(compiled.entries[e].alternatives[a], 0, start, accept))
                return LexiconMatch{compiled.entries[e].label, start, *end};
    }
    return std::nullopt;
}

std::string_view builtin_deflection_lexicon_text(std::string_view language) {
    if (language == "en") return builtin::deflection_en();
    if (language == "zh") return builtin::deflection_zh();
    if (language == "es") return builtin::deflection_es();
    return {};
}

const DeflectionLexicon* builtin_deflection_lexicon(std::string_view language) {
    // Compiled once; a built-in lexicon that does not parse is a bug the tests catch.
    static const auto compile = [](std::string_view lang) -> std::unique_ptr<DeflectionLexicon> {
        auto parsed = DeflectionLexicon::parse(builtin_deflection_lexicon_text(lang), "deflection-" + std::string(lang) + ".tsv");
        return parsed ? std::make_unique<DeflectionLexicon>(std::move(parsed.value())) : nullptr;
    };
    static const std::unique_ptr<DeflectionLexicon> en = compile("en"), zh = compile("zh"), es = compile("es");
    if (language == "en") return en.get();
    if (language == "zh") return zh.get();
    if (language == "es") return es.get();
    return nullptr;
}

index::AnswerSignalFunction builtin_answer_signals() {
    return [](const index::AnalysedEvent& analysed, const std::vector<std::uint32_t>& answer) -> index::AnswerSignal {
        const DeflectionLexicon* lexicon = builtin_deflection_lexicon(analysed.event.language);
        if (lexicon == nullptr) return {};
        index::AnswerSignal signal{"none", 0, 0};
        const std::size_t take = std::min(answer.size(), kDeflectionWindow + kMaxSpan);
        std::vector<LexiconToken> tokens;
        tokens.reserve(take);
        for (std::size_t i = 0; i < take; ++i) {
            const auto id = analysed.word_ids[answer[i]];
            const auto& forms = analysed.forms[id];
            tokens.push_back({analysed.words.term(id), forms.lower, forms.lemma});
        }
        if (auto found = lexicon->match(tokens, kDeflectionWindow)) {
            signal.label = found->label;
            signal.first = answer[found->first];
            signal.last = answer[found->last - 1] + 1;
        }
        return signal;
    };
}

}  // namespace presser::analysis
