#include "search/query_parser.h"

#include <array>
#include <optional>
#include <utility>

namespace presser::search {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct FieldName {
    std::string_view name;
    std::uint8_t mask;  // 0 for metadata fields
    MetadataFilter::Field metadata;
};
constexpr std::array<FieldName, 5> kFields{{
    {"question", kQuestionField, MetadataFilter::Field::speaker},
    {"answer", kAnswerField, MetadataFilter::Field::speaker},
    {"statement", kStatementField, MetadataFilter::Field::speaker},
    {"speaker", 0, MetadataFilter::Field::speaker},
    {"outlet", 0, MetadataFilter::Field::outlet},
}};

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Result<ParsedQuery> parse() {
        ParsedQuery query;
        std::size_t terms = 0;
        skip_spaces();
        if (at_end()) return fail(at_, "expected a word, a \"phrase\" or a field: the query is empty");
        while (!at_end()) {
            auto item = parse_item();
            if (!item) return item.error();
            if (item->filter) {
                if (peek_or()) return fail(at_, "OR cannot follow a speaker: or outlet: filter (filters are not alternatives)");
                query.filters.push_back(std::move(*item->filter));
                continue;
            }
            if (++terms > kMaxQueryTerms) return too_many_terms(item->column_byte);
            QueryClause clause;
            clause.excluded = item->excluded;
            clause.alternatives.push_back(std::move(item->term));
            while (peek_or()) {
                const auto or_at = at_;
                at_ += 2;
                skip_spaces();
                if (clause.excluded) return fail(or_at, "an -exclusion cannot be an OR alternative; expected a word before OR");
                if (at_end()) return fail(at_, "expected a word or a \"phrase\" after OR");
                auto next = parse_item();
                if (!next) return next.error();
                if (next->filter) return fail(next->column_byte, "expected a word or a \"phrase\" after OR, not a speaker:/outlet: filter");
                if (next->excluded) return fail(next->column_byte, "an -exclusion cannot be an OR alternative");
                if (++terms > kMaxQueryTerms) return too_many_terms(next->column_byte);
                clause.alternatives.push_back(std::move(next->term));
            }
            query.clauses.push_back(std::move(clause));
        }
        bool positive = false;
        for (const auto& clause : query.clauses) positive = positive || !clause.excluded;
        if (!positive) return fail(0, "expected at least one word or \"phrase\" that is not excluded");
        return query;
    }

private:
    struct Item {
        QueryTerm term;
        std::optional<MetadataFilter> filter;
        bool excluded = false;
        std::size_t column_byte = 0;
    };

    bool at_end() const { return at_ >= text_.size(); }
    void skip_spaces() {
        while (!at_end() && is_space(text_[at_])) ++at_;
    }
    // "OR" as a whole word.
    bool peek_or() const {
        return text_.substr(at_, 2) == "OR" && (at_ + 2 == text_.size() || is_space(text_[at_ + 2]));
    }
    std::uint32_t column(std::size_t byte) const {
        std::uint32_t column = 1;
        for (std::size_t i = 0; i < byte && i < text_.size(); ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
        return column;
    }
    Error too_many_terms(std::size_t byte) const {
        return fail(byte, "more than " + std::to_string(kMaxQueryTerms) + " words, phrases and prefixes: shorten the query");
    }

    Error fail(std::size_t byte, std::string_view message) const {
        Error error;
        error.offset = byte;
        error.message = "column " + std::to_string(column(byte)) + ": " + std::string(message);
        return error;
    }

    Result<Item> parse_item() {
        Item item;
        item.column_byte = at_;
        if (text_[at_] == '-') {
            item.excluded = true;
            ++at_;
            if (at_end() || is_space(text_[at_])) return fail(at_ - 1, "expected a word, a \"phrase\" or a field right after '-'");
        }
        std::uint8_t mask = kAnyField;
        // field:value, where the field is one of ours; anything else with a colon ("3:30") is a word.
        const auto colon = text_.find(':', at_);
        const auto stop = text_.find_first_of(" \t\r\n\"", at_);
        if (colon != std::string_view::npos && (stop == std::string_view::npos || colon < stop) && colon > at_) {
            const auto name = text_.substr(at_, colon - at_);
            const FieldName* field = nullptr;
            for (const auto& f : kFields)
                if (f.name == name) field = &f;
            bool letters = true;
            for (char c : name) letters = letters && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
            if (field == nullptr && letters)
                return fail(at_, "unknown field '" + std::string(name) +
                                     ":'; expected question:, answer:, statement:, speaker: or outlet:");
            if (field != nullptr) {
                const auto field_at = at_;
                at_ = colon + 1;
                if (at_end() || is_space(text_[at_]))
                    return fail(at_, "expected a word or a \"phrase\" after '" + std::string(field->name) + ":'");
                if (field->mask == 0) {
                    auto value = parse_value();
                    if (!value) return value.error();
                    if (value->empty()) return fail(field_at, "expected a value after '" + std::string(field->name) + ":'");
                    item.filter = MetadataFilter{field->metadata, std::move(*value), item.excluded};
                    skip_spaces();
                    return item;
                }
                mask = field->mask;
            }
        }
        item.term.column = column(at_);
        item.term.fields = mask;
        if (text_[at_] == '"') {
            const auto open = at_;
            const auto close = text_.find('"', at_ + 1);
            if (close == std::string_view::npos) return fail(open, "expected a closing '\"' for the phrase opened here");
            item.term.kind = QueryTerm::Kind::phrase;
            item.term.text = std::string(text_.substr(open + 1, close - open - 1));
            bool blank = true;
            for (char c : item.term.text) blank = blank && is_space(c);
            if (blank) return fail(open, "expected words between the quotes of a phrase");
            at_ = close + 1;
        } else {
            const auto begin = at_;
            while (!at_end() && !is_space(text_[at_]) && text_[at_] != '"') ++at_;
            std::string_view word = text_.substr(begin, at_ - begin);
            if (word.ends_with('*')) {
                word.remove_suffix(1);
                if (word.empty() || word.find('*') != std::string_view::npos)
                    return fail(begin, "expected a prefix of at least one character before '*'");
                item.term.kind = QueryTerm::Kind::prefix;
            } else if (word.find('*') != std::string_view::npos) {
                return fail(begin + word.find('*'), "'*' is only allowed at the end of a word (prefix search)");
            }
            item.term.text = std::string(word);
        }
        skip_spaces();
        return item;
    }

    // A metadata value: a "quoted string" or a bare word.
    Result<std::string> parse_value() {
        if (text_[at_] == '"') {
            const auto close = text_.find('"', at_ + 1);
            if (close == std::string_view::npos) return fail(at_, "expected a closing '\"' for the value opened here");
            std::string value(text_.substr(at_ + 1, close - at_ - 1));
            at_ = close + 1;
            return value;
        }
        const auto begin = at_;
        while (!at_end() && !is_space(text_[at_])) ++at_;
        return std::string(text_.substr(begin, at_ - begin));
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

}  // namespace

Result<ParsedQuery> parse_query(std::string_view query) { return Parser(query).parse(); }

}  // namespace presser::search
