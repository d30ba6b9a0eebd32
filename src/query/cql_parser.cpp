// Recursive descent over the characters of the query; every recursion passes a depth checked against
// CqlOptions::max_depth. Failures unwind as a ParseFailure caught in parse_cql, so no exception leaves it.
#include "query/cql_parser.h"
#include "query/literal_tokens.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>
#include <optional>
#include <utility>

namespace presser::query::cql {
namespace {

// Whatever the options say: deeper recursion would risk the stack.
constexpr std::size_t kDepthCeiling = 1000;

struct ParseFailure {
    std::size_t offset;
    std::string message;
};

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

std::vector<std::string> region_attribute_names() {
    std::vector<std::string> names;
    for (const StructureInfo& info : structures())
        for (std::string_view attribute : info.attributes) names.push_back(std::string(info.name) + "_" + std::string(attribute));
    return names;
}

std::vector<std::string> structure_names() {
    std::vector<std::string> names;
    for (const StructureInfo& info : structures()) names.emplace_back(info.name);
    return names;
}

std::vector<std::string> within_targets() {
    std::vector<std::string> names = structure_names();
    names.emplace_back("a region <turn role=\"...\"/>");
    return names;
}

std::optional<Attribute> resolve_token_attribute(std::string_view name) {
    if (name == "word" || name == "lower" || name == "lemma") return Attribute{"", std::string(name)};
    return std::nullopt;
}

std::optional<Attribute> resolve_region_attribute(std::string_view name) {
    for (const StructureInfo& info : structures()) {
        if (name.size() <= info.name.size() + 1 || name.substr(0, info.name.size()) != info.name ||
            name[info.name.size()] != '_')
            continue;
        std::string_view rest = name.substr(info.name.size() + 1);
        for (std::string_view attribute : info.attributes)
            if (attribute == rest) return Attribute{std::string(info.name), std::string(rest)};
    }
    return std::nullopt;
}

class Parser {
public:
    Parser(std::string_view text, const CqlOptions& options)
        : text_(text), options_(options), max_depth_(std::min<std::size_t>(options.max_depth, kDepthCeiling)) {}

    Query parse_query() {
        Query query = parse_query_body(0);
        check_constraint_labels();
        return query;
    }

private:
    // A query, or at `depth` > 0 a sub-query that ends before a ')'. A query in parentheses that is not a
    // group of a pattern, `( A containing B )`, is that query.
    Query parse_query_body(std::size_t depth) {
        check_depth(depth);
        skip_space();
        if (at_end()) fail(pos_, "the query is empty: expected a token condition, a \"word\" or a region <turn/>");
        if (peek() == '(' && parenthesised_query_ahead()) {
            Query inner = parse_parenthesised_query(depth);
            parse_clauses(inner, depth);
            return inner;
        }
        Query query;
        std::size_t tag_start = pos_;
        if (peek() == '<' && peek(1) != '/') {
            Element tag = parse_tag(/*within_clause=*/false);
            if (tag_self_closing_) {
                query.kind = Query::Kind::region;
                query.region = std::move(tag.region);
            } else {
                pos_ = tag_start;
            }
        }
        if (query.kind == Query::Kind::pattern) query.alternatives = parse_alternatives(depth);
        parse_clauses(query, depth);
        return query;
    }

    [[noreturn]] void fail(std::size_t offset, std::string message) { throw ParseFailure{offset, std::move(message)}; }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
    void skip_space() {
        while (!at_end() && is_space(text_[pos_])) ++pos_;
    }
    std::string describe_here() const {
        if (at_end()) return "the end of the query";
        std::size_t end = pos_ + 1;
        while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
        return "'" + std::string(text_.substr(pos_, end - pos_)) + "'";
    }
    std::string column_of(std::size_t offset) const { return std::to_string(column(text_, offset)); }

    void check_depth(std::size_t depth) {
        if (depth > max_depth_)
            fail(pos_, "nesting deeper than " + std::to_string(max_depth_) + " levels of ( ) and !");
    }

    std::string_view peek_ident() const {
        if (at_end() || !is_ident_start(text_[pos_])) return {};
        std::size_t end = pos_ + 1;
        while (end < text_.size() && is_ident_char(text_[end])) ++end;
        return text_.substr(pos_, end - pos_);
    }
    std::string_view take_ident() {
        std::string_view ident = peek_ident();
        pos_ += ident.size();
        return ident;
    }

    // ( QUERY ) at the cursor.
    Query parse_parenthesised_query(std::size_t depth) {
        const std::size_t open = pos_++;
        Query inner = parse_query_body(depth + 1);
        skip_space();
        if (peek() != ')')
            fail(pos_, "expected ')' to close the query opened at column " + column_of(open) + " but found " + describe_here());
        ++pos_;
        return inner;
    }

    // Whether the '(' at the cursor opens a query rather than a group of a pattern: `containing` or
    // `within` stands inside it at its own level (outside strings and deeper parentheses), it opens with a
    // region <x/>, or all it holds is another pair of parentheses that opens a query (`((A containing B))`).
    // One scan per level of such nesting; past max_depth_ levels the parse fails anyway.
    bool parenthesised_query_ahead() const {
        std::size_t open = pos_;
        for (std::size_t level = 0; level <= max_depth_; ++level) {
            const ParenthesesScan scan = scan_parentheses(open);
            if (scan.query) return true;
            if (!scan.sole_inner) return false;
            open = *scan.sole_inner;
        }
        return false;
    }

    struct ParenthesesScan {
        bool query = false;                     // a keyword at its level, or a region <x/> first
        std::optional<std::size_t> sole_inner;  // the '(' of parentheses that are all it holds
    };
    ParenthesesScan scan_parentheses(std::size_t open) const {
        ParenthesesScan scan;
        const std::size_t first = space_skipped(open + 1);
        if (self_closing_tag_at(first)) {
            scan.query = true;
            return scan;
        }
        std::size_t depth = 0;
        std::size_t first_closed = std::string_view::npos;  // where the parentheses opened at `first` close
        // Whether nothing but space follows those parentheses up to `close`.
        auto only_first_before = [&](std::size_t close) {
            return first < text_.size() && text_[first] == '(' && first_closed != std::string_view::npos &&
                   space_skipped(first_closed + 1) == close;
        };
        for (std::size_t i = open; i < text_.size(); ++i) {
            const char c = text_[i];
            if (c == '"' || c == '\'') {
                i = string_end(i);
            } else if (c == '(') {
                ++depth;
            } else if (c == ')') {
                if (--depth == 0) {
                    if (only_first_before(i)) scan.sole_inner = first;
                    return scan;
                }
                if (depth == 1 && first_closed == std::string_view::npos) first_closed = i;
            } else if (is_ident_start(c) && !is_ident_char(text_[i - 1])) {
                std::size_t end = i + 1;
                while (end < text_.size() && is_ident_char(text_[end])) ++end;
                const std::string_view word = text_.substr(i, end - i);
                if (depth == 1 && (word == "containing" || word == "within")) {
                    scan.query = true;
                    return scan;
                }
                i = end - 1;
            }
        }
        // Never closed: still a query when all it holds is one, so that the error names the missing ')'.
        if (depth == 1 && only_first_before(text_.size())) scan.sole_inner = first;
        return scan;
    }

    std::size_t space_skipped(std::size_t at) const {
        while (at < text_.size() && is_space(text_[at])) ++at;
        return at;
    }

    // The offset of the closing quote of the string opened at `open` (the end of the text when none).
    std::size_t string_end(std::size_t open) const {
        std::size_t i = open + 1;
        for (; i < text_.size() && text_[i] != text_[open]; ++i)
            if (text_[i] == '\\') ++i;
        return i;
    }

    // Whether a self-closing tag <x .../> starts at `at`.
    bool self_closing_tag_at(std::size_t at) const {
        if (at + 1 >= text_.size() || text_[at] != '<' || text_[at + 1] == '/') return false;
        for (std::size_t i = at + 1; i < text_.size(); ++i) {
            if (text_[i] == '"' || text_[i] == '\'') i = string_end(i);
            else if (text_[i] == '>') return text_[i - 1] == '/';
            else if (text_[i] == '<') return false;
        }
        return false;
    }

    // The keyword at the cursor that ends a sequence: within, containing, not within, !within, ...
    enum class Keyword { none, within, not_within, containing, not_containing };
    Keyword peek_keyword(std::size_t* length = nullptr) const {
        std::size_t at = pos_;
        bool negated = false;
        if (peek() == '!') {
            negated = true;
            ++at;
        } else if (peek_ident() == "not") {
            negated = true;
            at += 3;
            while (at < text_.size() && is_space(text_[at])) ++at;
        }
        std::size_t end = at;
        while (end < text_.size() && is_ident_char(text_[end])) ++end;
        std::string_view word = text_.substr(at, end - at);
        if (length) *length = end - pos_;
        if (word == "within") return negated ? Keyword::not_within : Keyword::within;
        if (word == "containing") return negated ? Keyword::not_containing : Keyword::containing;
        return Keyword::none;
    }

    Pattern parse_string_and_flags() {
        std::size_t open = pos_;
        char quote = peek();
        if (quote != '"' && quote != '\'') fail(pos_, "expected a quoted regex \"...\" but found " + describe_here());
        ++pos_;
        Pattern pattern;
        while (true) {
            if (at_end()) fail(open, std::string("unterminated string: expected the closing ") + quote);
            char c = text_[pos_];
            if (c == quote) {
                ++pos_;
                break;
            }
            if (c == '\\') {
                if (pos_ + 1 >= text_.size())
                    fail(open, std::string("unterminated string: expected the closing ") + quote);
                char next = text_[pos_ + 1];
                if (next == '"' || next == '\'') {
                    pattern.regex += next;
                } else {
                    pattern.regex += c;
                    pattern.regex += next;
                }
                pos_ += 2;
                continue;
            }
            pattern.regex += c;
            ++pos_;
        }
        std::size_t after_string = pos_;
        skip_space();
        if (peek() == '%') {
            ++pos_;
            if (!is_ident_char(peek())) fail(pos_, "expected the flags c or d after '%'");
            while (is_ident_char(peek())) {
                char flag = peek();
                if (flag == 'c') {
                    pattern.ignore_case = true;
                } else if (flag == 'd') {
                    pattern.ignore_diacritics = true;
                } else {
                    fail(pos_, std::string("unknown flag '") + flag + "': expected %c (ignore case) or %d (ignore diacritics)");
                }
                ++pos_;
            }
        } else {
            pos_ = after_string;
        }
        validate_regex(pattern, open);
        return pattern;
    }

    void validate_regex(const Pattern& pattern, std::size_t offset) {
        RE2::Options re2_options;
        re2_options.set_log_errors(false);
        re2_options.set_case_sensitive(!pattern.ignore_case);
        RE2 regex(pattern.regex, re2_options);
        if (!regex.ok()) fail(offset, "invalid regular expression \"" + pattern.regex + "\": " + regex.error());
    }

    // attribute="regex" | attribute!="regex"; `_.` marks a region attribute.
    AttributeTest parse_attribute_test() {
        std::size_t start = pos_;
        AttributeTest test;
        std::string_view name = take_ident();
        if (name.empty()) fail(pos_, "expected an attribute (word, lower, lemma or _.turn_kind ...) but found " + describe_here());
        if (name == "_" && peek() == '.') {
            ++pos_;
            std::size_t name_at = pos_;
            std::string_view region_name = take_ident();
            std::optional<Attribute> attribute = resolve_region_attribute(region_name);
            if (!attribute)
                fail(name_at, "unknown region attribute '" + std::string(region_name) + "': expected " +
                                  join_names(region_attribute_names()));
            test.attribute = *attribute;
        } else {
            std::optional<Attribute> attribute = resolve_token_attribute(name);
            if (!attribute)
                fail(start, "unknown token attribute '" + std::string(name) +
                                "': expected word, lower, lemma or a region attribute such as _.turn_kind");
            test.attribute = *attribute;
        }
        parse_comparison(test);
        return test;
    }

    void parse_comparison(AttributeTest& test) {
        skip_space();
        if (peek() == '!' && peek(1) == '=') {
            test.negated = true;
            pos_ += 2;
        } else if (peek() == '=') {
            ++pos_;
        } else {
            fail(pos_, "expected '=' or '!=' after the attribute but found " + describe_here());
        }
        skip_space();
        test.pattern = parse_string_and_flags();
    }

    Condition parse_or(std::size_t depth) {
        check_depth(depth);
        Condition first = parse_and(depth);
        skip_space();
        if (peek() != '|') return first;
        Condition any;
        any.kind = Condition::Kind::any;
        any.operands.push_back(std::move(first));
        while (peek() == '|') {
            ++pos_;
            skip_space();
            any.operands.push_back(parse_and(depth));
            skip_space();
        }
        return any;
    }

    Condition parse_and(std::size_t depth) {
        Condition first = parse_unary(depth);
        skip_space();
        if (peek() != '&') return first;
        Condition all;
        all.kind = Condition::Kind::all;
        all.operands.push_back(std::move(first));
        while (peek() == '&') {
            ++pos_;
            skip_space();
            all.operands.push_back(parse_unary(depth));
            skip_space();
        }
        return all;
    }

    Condition parse_unary(std::size_t depth) {
        skip_space();
        if (peek() == '!') {
            check_depth(depth + 1);
            ++pos_;
            Condition negation;
            negation.kind = Condition::Kind::negation;
            negation.operands.push_back(parse_unary(depth + 1));
            return negation;
        }
        if (peek() == '(') {
            std::size_t open = pos_;
            check_depth(depth + 1);
            ++pos_;
            skip_space();
            Condition inner = parse_or(depth + 1);
            skip_space();
            if (peek() != ')')
                fail(pos_, "expected ')' to close the parenthesis opened at column " + column_of(open) + " but found " +
                               describe_here());
            ++pos_;
            return inner;
        }
        Condition test;
        test.test = parse_attribute_test();
        return test;
    }

    // <name tests> <name tests/> </name>; sets tag_self_closing_.
    Element parse_tag(bool within_clause) {
        std::size_t open = pos_;
        ++pos_;  // '<'
        Element element;
        element.kind = Element::Kind::region_start;
        bool closing = false;
        if (peek() == '/') {
            closing = true;
            element.kind = Element::Kind::region_end;
            ++pos_;
        }
        std::size_t name_at = pos_;
        std::string_view name = take_ident();
        const StructureInfo* info = find_structure(name);
        if (!info)
            fail(name_at, (name.empty() ? "expected a structure name" : "unknown structure '" + std::string(name) + "'") +
                              ": expected " + join_names(structure_names()));
        element.region.structure = std::string(name);
        while (true) {
            skip_space();
            if (peek() == '>' || (peek() == '/' && peek(1) == '>')) break;
            if (closing) fail(pos_, "expected '>' to close </" + std::string(name) + "> but found " + describe_here());
            std::size_t attribute_at = pos_;
            std::string_view attribute = take_ident();
            if (attribute.empty())
                fail(pos_, "expected an attribute, '>' or '/>' in the tag opened at column " + column_of(open) +
                               " but found " + describe_here());
            if (std::find(info->attributes.begin(), info->attributes.end(), attribute) == info->attributes.end()) {
                std::vector<std::string> known(info->attributes.begin(), info->attributes.end());
                fail(attribute_at, "unknown attribute '" + std::string(attribute) + "' of <" + std::string(name) +
                                       ">: " + (known.empty() ? "it has no attributes" : "expected " + join_names(known)));
            }
            AttributeTest test;
            test.attribute.name = std::string(attribute);
            parse_comparison(test);
            element.region.tests.push_back(std::move(test));
        }
        tag_self_closing_ = peek() == '/';
        if (tag_self_closing_ && closing) fail(pos_, "expected '>' to close </" + std::string(name) + ">, not '/>'");
        if (within_clause && !tag_self_closing_)
            fail(pos_, "expected '/>' to close the region <" + std::string(name) + " .../> after within");
        pos_ += tag_self_closing_ ? 2 : 1;
        return element;
    }

    void parse_quantifier(Element& element) {
        char c = peek();
        std::size_t at = pos_;
        if (c == '?') {
            element.min = 0, element.max = 1, ++pos_;
        } else if (c == '*') {
            element.min = 0, element.max = kUnbounded, ++pos_;
        } else if (c == '+') {
            element.min = 1, element.max = kUnbounded, ++pos_;
        } else if (c == '{') {
            ++pos_;
            skip_space();
            std::optional<std::uint32_t> low = parse_count();
            skip_space();
            std::optional<std::uint32_t> high = low;
            if (peek() == ',') {
                ++pos_;
                skip_space();
                high = parse_count();
                skip_space();
                if (!low && !high) fail(at, "expected a number in the repetition {n,m}");
            }
            if (!low && !high) fail(pos_, "expected a number in the repetition {n}, {n,m}, {n,} or {,m}");
            if (peek() != '}') fail(pos_, "expected '}' to close the repetition opened at column " + column_of(at) +
                                              " but found " + describe_here());
            ++pos_;
            element.min = low.value_or(0);
            element.max = high.value_or(kUnbounded);
            if (element.max < element.min)
                fail(at, "the repetition {" + std::to_string(element.min) + "," + std::to_string(element.max) +
                             "} has its maximum below its minimum");
        } else {
            return;
        }
        char next = peek();
        if (next == '?' || next == '*' || next == '+' || next == '{')
            fail(pos_, "a second quantifier needs a group: write ( ... ) around the quantified part");
    }

    std::optional<std::uint32_t> parse_count() {
        std::size_t start = pos_;
        std::uint64_t value = 0;
        while (peek() >= '0' && peek() <= '9') {
            value = value * 10 + static_cast<std::uint64_t>(peek() - '0');
            if (value > kMaxRepetition)
                fail(start, "repetition count larger than " + std::to_string(kMaxRepetition));
            ++pos_;
        }
        if (pos_ == start) return std::nullopt;
        return static_cast<std::uint32_t>(value);
    }

    Element parse_element(std::size_t depth) {
        std::size_t start = pos_;
        Element element;
        std::string_view ident = peek_ident();
        if (!ident.empty() && text_.substr(pos_ + ident.size(), 1) == ":" &&
            text_.substr(pos_ + ident.size(), 2) != "::") {
            pos_ += ident.size() + 1;
            auto [it, inserted] = labels_.emplace(std::string(ident), start);
            if (!inserted)
                fail(start, "label '" + std::string(ident) + "' is already defined at column " + column_of(it->second));
            element.label = std::string(ident);
            if (in_contained_) contained_labels_.insert(element.label);
            skip_space();
            if (peek() != '[' && peek() != '"' && peek() != '\'' && peek() != '(')
                fail(pos_, "expected a token condition [...], a \"word\" or a group ( ... ) after the label '" +
                               element.label + ":' but found " + describe_here());
        }
        char c = peek();
        if (c == '[') {
            ++pos_;
            skip_space();
            if (peek() != ']') {
                element.condition = parse_or(depth + 1);
                skip_space();
            }
            if (peek() != ']')
                fail(pos_, "expected ']' to close the token condition opened at column " + column_of(start) +
                               " but found " + describe_here());
            ++pos_;
        } else if (c == '"' || c == '\'') {
            Condition condition;
            std::optional<Attribute> attribute = resolve_token_attribute(options_.default_attribute);
            if (!attribute) fail(pos_, "the default attribute '" + options_.default_attribute + "' is not word, lower or lemma");
            condition.test.attribute = *attribute;
            condition.test.pattern = parse_string_and_flags();
            element.condition = std::move(condition);
        } else if (c == '(') {
            check_depth(depth + 1);
            ++pos_;
            element.kind = Element::Kind::group;
            element.alternatives = parse_alternatives(depth + 1);
            skip_space();
            if (peek() != ')')
                fail(pos_, "expected ')' to close the group opened at column " + column_of(start) + " but found " +
                               describe_here());
            ++pos_;
        } else if (c == '<') {
            element = parse_tag(/*within_clause=*/false);
            if (tag_self_closing_)
                fail(start, "a region <" + element.region.structure +
                                "/> matches whole regions and stands alone (or before containing); inside a sequence "
                                "use the anchors <" + element.region.structure + "> and </" +
                                element.region.structure + ">");
            char q = peek();
            if (q == '?' || q == '*' || q == '+' || q == '{')
                fail(pos_, "the anchor at column " + column_of(start) + " matches no token and cannot be quantified");
            return element;
        } else {
            fail(pos_, "expected a token condition [...], a \"word\", a group ( ... ) or an anchor <s> but found " +
                           describe_here());
        }
        parse_quantifier(element);
        return element;
    }

    bool at_sequence_end() {
        if (at_end()) return true;
        char c = peek();
        if (c == '|' || c == ')' || (c == ':' && peek(1) == ':')) return true;
        return peek_keyword() != Keyword::none;
    }

    Sequence parse_sequence(std::size_t depth) {
        Sequence sequence;
        skip_space();
        while (!at_sequence_end()) {
            sequence.push_back(parse_element(depth));
            skip_space();
        }
        if (sequence.empty())
            fail(pos_, "expected a token condition [...], a \"word\", a group ( ... ) or an anchor <s> but found " +
                           describe_here());
        return sequence;
    }

    std::vector<Sequence> parse_alternatives(std::size_t depth) {
        check_depth(depth);
        std::vector<Sequence> alternatives;
        alternatives.push_back(parse_sequence(depth));
        while (peek() == '|') {
            ++pos_;
            alternatives.push_back(parse_sequence(depth));
        }
        return alternatives;
    }

    LabelRef parse_label_ref() {
        std::size_t start = pos_;
        LabelRef ref;
        ref.label = std::string(take_ident());
        if (ref.label.empty()) fail(pos_, "expected a label reference such as a.lemma but found " + describe_here());
        if (peek() != '.') fail(pos_, "expected '.' and an attribute after the label '" + ref.label + "' (a.lemma)");
        ++pos_;
        std::size_t name_at = pos_;
        std::string_view name = take_ident();
        std::optional<Attribute> attribute = resolve_token_attribute(name);
        if (!attribute) attribute = resolve_region_attribute(name);
        if (!attribute)
            fail(name_at, "unknown attribute '" + std::string(name) + "': expected word, lower, lemma or " +
                              join_names(region_attribute_names()));
        ref.attribute = *attribute;
        constraint_refs_.emplace_back(ref.label, start);
        return ref;
    }

    GlobalConstraint parse_comparison() {
        GlobalConstraint constraint;
        constraint.left = parse_label_ref();
        skip_space();
        if (peek() == '!' && peek(1) == '=') {
            constraint.negated = true;
            pos_ += 2;
        } else if (peek() == '=') {
            ++pos_;
        } else {
            fail(pos_, "expected '=' or '!=' in the constraint but found " + describe_here());
        }
        skip_space();
        if (peek() == '"' || peek() == '\'')
            constraint.right_pattern = parse_string_and_flags();
        else
            constraint.right_label = parse_label_ref();
        return constraint;
    }

    // A constraint term: a comparison, a bare label (bound or not), !term, or ( expression ).
    GlobalConstraint parse_constraint_term(std::size_t depth) {
        check_depth(depth);
        skip_space();
        if (peek() == '!') {
            ++pos_;
            GlobalConstraint negation;
            negation.kind = GlobalConstraint::Kind::negation;
            negation.operands.push_back(parse_constraint_term(depth + 1));
            return negation;
        }
        if (peek() == '(') {
            const std::size_t open = pos_++;
            GlobalConstraint inner = parse_constraint(depth + 1);
            skip_space();
            if (peek() != ')')
                fail(pos_, "expected ')' to close the constraint opened at column " + column_of(open) + " but found " +
                               describe_here());
            ++pos_;
            return inner;
        }
        const std::size_t start = pos_;
        std::string_view ident = peek_ident();
        if (ident.empty())
            fail(pos_, "expected a constraint such as a.lemma = b.lemma, a label, ! or ( but found " + describe_here());
        if (text_.substr(pos_ + ident.size(), 1) == ".") return parse_comparison();
        pos_ += ident.size();
        skip_space();
        if (peek() == '=' || (peek() == '!' && peek(1) == '='))
            fail(start + ident.size(), "expected '.' and an attribute after the label '" + std::string(ident) + "' (a.lemma)");
        GlobalConstraint bound;
        bound.kind = GlobalConstraint::Kind::bound;
        bound.left.label = std::string(ident);
        constraint_refs_.emplace_back(bound.left.label, start);
        return bound;
    }

    // Operands joined by `&` (kind all) or `|` (kind any), nested ones of the same kind flattened.
    GlobalConstraint join_constraints(GlobalConstraint::Kind kind, std::vector<GlobalConstraint> operands) {
        if (operands.size() == 1) return std::move(operands.front());
        GlobalConstraint joined;
        joined.kind = kind;
        for (auto& operand : operands) {
            if (operand.kind == kind)
                for (auto& inner : operand.operands) joined.operands.push_back(std::move(inner));
            else
                joined.operands.push_back(std::move(operand));
        }
        return joined;
    }

    // Operands joined by `op`: '|' between conjunctions, '&' between terms (& binds tighter).
    GlobalConstraint parse_constraint_joined(std::size_t depth, char op) {
        auto operand = [&] { return op == '|' ? parse_constraint_joined(depth, '&') : parse_constraint_term(depth); };
        std::vector<GlobalConstraint> operands{operand()};
        for (skip_space(); peek() == op; skip_space()) {
            ++pos_;
            operands.push_back(operand());
        }
        return join_constraints(op == '|' ? GlobalConstraint::Kind::any : GlobalConstraint::Kind::all, std::move(operands));
    }

    // x -> y (right-associative, binding loosest), x | y, x & y, !x, as in CQP.
    GlobalConstraint parse_constraint(std::size_t depth) {
        check_depth(depth);
        GlobalConstraint left = parse_constraint_joined(depth, '|');
        skip_space();
        if (peek() != '-' || peek(1) != '>') return left;
        pos_ += 2;
        GlobalConstraint implication;
        implication.kind = GlobalConstraint::Kind::implies;
        implication.operands.push_back(std::move(left));
        implication.operands.push_back(parse_constraint(depth + 1));
        return implication;
    }

    RegionSpec parse_within_target() {
        skip_space();
        if (peek() == '<') return parse_tag(/*within_clause=*/true).region;
        std::size_t name_at = pos_;
        std::string_view name = take_ident();
        if (!find_structure(name))
            fail(name_at, (name.empty() ? "expected a structure after within but found " + describe_here()
                                        : "unknown structure '" + std::string(name) + "'") +
                              ": expected " + join_names(within_targets()));
        return RegionSpec{std::string(name), {}};
    }

    void parse_clauses(Query& query, std::size_t depth) {
        while (true) {
            skip_space();
            if (at_end() || (depth > 0 && peek() == ')')) return;
            std::size_t at = pos_;
            std::size_t length = 0;
            Keyword keyword = peek_keyword(&length);
            if (peek() == ':' && peek(1) == ':') {
                if (query.kind == Query::Kind::region)
                    fail(at, "global constraints (::) need labelled tokens; a region query <x/> has none");
                if (!query.constraints.empty()) fail(at, "join constraints with '&' or '|' after a single '::'");
                pos_ += 2;
                GlobalConstraint expression = parse_constraint(1);
                if (expression.kind == GlobalConstraint::Kind::all)
                    query.constraints = std::move(expression.operands);
                else
                    query.constraints.push_back(std::move(expression));
            } else if (keyword == Keyword::within || keyword == Keyword::not_within) {
                pos_ += length;
                WithinClause clause{keyword == Keyword::not_within, {}, {}};
                skip_space();
                if (peek() == '(') {
                    clause.query.push_back(parse_parenthesised_query(depth));
                } else {
                    clause.region = parse_within_target();
                }
                query.within.push_back(std::move(clause));
            } else if (keyword == Keyword::containing || keyword == Keyword::not_containing) {
                if (query.containing != Query::Containing::none || !query.within.empty() || !query.constraints.empty())
                    fail(at, "containing comes once, right after the pattern or region it filters");
                pos_ += length;
                query.containing =
                    keyword == Keyword::containing ? Query::Containing::containing : Query::Containing::not_containing;
                const bool outer = in_contained_;
                in_contained_ = true;
                query.contained = parse_alternatives(depth + 1);
                in_contained_ = outer;
            } else if (peek() == ')') {
                fail(at, "unbalanced ')': no group is open");
            } else if (query.kind == Query::Kind::region && query.containing == Query::Containing::none) {
                fail(at, "expected containing, within or the end of the query after the region <" +
                             query.region.structure + "/> but found " + describe_here());
            } else {
                fail(at, "expected within, ::, or the end of the query but found " + describe_here());
            }
        }
    }

    void check_constraint_labels() {
        for (const auto& [label, at] : constraint_refs_) {
            if (contained_labels_.count(label))
                fail(at, "the constraint refers to the label '" + label +
                             "', which is inside a containing sub-pattern: constraints apply to the tokens of the hit itself");
            if (!labels_.count(label))
                fail(at, "the constraint refers to the label '" + label + "', which no token defines (write " + label +
                             ":[...])");
        }
    }

public:
    static std::size_t column(std::string_view text, std::size_t offset) {
        std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
        line_start = (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
        std::size_t column = 1;
        for (std::size_t i = line_start; i < offset && i < text.size(); ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
        return column;
    }

private:
    std::string_view text_;
    const CqlOptions& options_;
    std::size_t max_depth_;
    std::size_t pos_ = 0;
    bool tag_self_closing_ = false;
    std::map<std::string, std::size_t> labels_;                      // name -> offset of its definition
    std::set<std::string> contained_labels_;                         // labels defined inside containing
    bool in_contained_ = false;
    std::vector<std::pair<std::string, std::size_t>> constraint_refs_;  // label referenced, offset
};

std::size_t token_conditions(const Sequence& sequence);

std::size_t token_conditions(const Query& query) {
    std::size_t n = 0;
    for (const auto& sequence : query.alternatives) n += token_conditions(sequence);
    for (const auto& sequence : query.contained) n += token_conditions(sequence);
    for (const auto& clause : query.within)
        for (const auto& inner : clause.query) n += token_conditions(inner);
    return n;
}

std::size_t token_conditions(const Sequence& sequence) {
    std::size_t n = 0;
    for (const auto& element : sequence) {
        if (element.kind == Element::Kind::token) ++n;
        for (const auto& alternative : element.alternatives) n += token_conditions(alternative);
    }
    return n;
}

}  // namespace

Result<Query> parse_cql(std::string_view text, const CqlOptions& options) {
    Parser parser(text, options);
    try {
        Query query = parser.parse_query();
        split_multi_token_literals(query);
        if (const auto tokens = token_conditions(query); tokens > options.max_tokens) {
            Error error;
            error.offset = 0;
            error.message = "column 1: the query has " + std::to_string(tokens) + " token conditions, more than the " +
                            std::to_string(options.max_tokens) + " a query may have: shorten it";
            return error;
        }
        return query;
    } catch (const ParseFailure& failure) {
        Error error;
        std::size_t offset = std::min(failure.offset, text.size());
        error.offset = offset;
        std::size_t newlines = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        if (text.find('\n') != std::string_view::npos) error.line = newlines + 1;
        error.message = "column " + std::to_string(Parser::column(text, offset)) + ": " + failure.message;
        return error;
    }
}

}  // namespace presser::query::cql
