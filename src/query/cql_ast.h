// The abstract syntax of a CQL query (docs/cql.md), as produced by parse_cql (cql_parser.h) and read by the
// evaluators (reference_evaluator.h, and the index's own).
//
// Contract:
//  * An AST produced by parse_cql is valid: every regex compiles with RE2, every structure and region
//    attribute is one of kStructures, every label referenced in a constraint is defined exactly once,
//    repetition bounds satisfy min <= max <= kMaxRepetition, nesting is at most CqlOptions::max_depth deep.
//  * Sugar is removed while parsing: a bare "word" becomes [word="word"] (the default attribute of the
//    options), `?` `*` `+` `{,m}` become {min,max} bounds, `not within` becomes `!within`, `\"` and `\'`
//    inside strings become the bare quote, a literal the tokenizer cuts into several tokens
//    ("over-the-horizon") becomes the sequence of its tokens (literal_tokens.h). So parse_cql(to_string(q)) == q for every parsed q, whatever the
//    options.
//  * Regexes are RE2 syntax and match the whole value (as in CQP). Values missing on a region read as "".
//  * Values compare with ==; no pointers inside, so ASTs copy freely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace presser::query::cql {

// A structure (kind of region) and the attributes its regions carry.
struct StructureInfo {
    std::string_view name;
    std::vector<std::string_view> attributes;
};

// s (sentence), p (paragraph), turn, exchange (question turns and their answers), event (a press conference).
[[nodiscard]] const std::vector<StructureInfo>& structures();
[[nodiscard]] const StructureInfo* find_structure(std::string_view name);

inline constexpr std::uint32_t kUnbounded = UINT32_MAX;
inline constexpr std::uint32_t kMaxRepetition = 10000;

// A token attribute (structure empty: word, lower, lemma) or a region attribute (structure "turn", name
// "speaker": written `_.turn_speaker` in token conditions, `a.turn_speaker` in global constraints).
struct Attribute {
    std::string structure;
    std::string name;
    bool operator==(const Attribute&) const = default;
};

// A regex over one value, with CQP's flags %c (ignore case) and %d (ignore diacritics).
struct Pattern {
    std::string regex;
    bool ignore_case = false;
    bool ignore_diacritics = false;
    bool operator==(const Pattern&) const = default;
};

// attribute="regex" or attribute!="regex".
struct AttributeTest {
    Attribute attribute;
    bool negated = false;
    Pattern pattern;
    bool operator==(const AttributeTest&) const = default;
};

// The boolean expression inside [ ... ].
struct Condition {
    enum class Kind { test, negation, all, any };  // all: a & b & ..., any: a | b | ...
    Kind kind = Kind::test;
    AttributeTest test;               // kind == test
    std::vector<Condition> operands;  // negation: one; all, any: two or more
    bool operator==(const Condition&) const = default;
};

// <turn role="official" speaker="Qin Gang"/>, or the `turn` of `within turn`. Attribute names are those of
// the structure (role, not turn_role).
struct RegionSpec {
    std::string structure;
    std::vector<AttributeTest> tests;  // Attribute::structure is empty here
    bool operator==(const RegionSpec&) const = default;
};

struct Element;
using Sequence = std::vector<Element>;

// One item of a sequence, with its repetition bounds ({1,1} when not quantified).
struct Element {
    enum class Kind { token, region_start, region_end, group };
    Kind kind = Kind::token;
    std::string label;                    // token: "a" in a:[...], "" when unlabelled
    std::optional<Condition> condition;   // token: nullopt for [] (any token)
    RegionSpec region;                    // region_start (<s>, <turn kind="answer">), region_end (</s>)
    std::vector<Sequence> alternatives;   // group: ( seq | seq ... )
    std::uint32_t min = 1;
    std::uint32_t max = 1;                // kUnbounded for * + {n,}; anchors are never quantified
    bool operator==(const Element&) const = default;
};

// a.lemma = b.lemma, a.lower != "x"
struct LabelRef {
    std::string label;
    Attribute attribute;
    bool operator==(const LabelRef&) const = default;
};
// One term of the `::` expression: a comparison (a.lemma = b.lemma, a.lower != "x"), a bare label (true
// when the path bound it), or a combination: !x, x & y, x | y, x -> y (implication: !x | y). A comparison
// with a label the path did not bind is false. The parser flattens nested & and nested |.
struct GlobalConstraint {
    enum class Kind { comparison, bound, all, any, implies, negation };
    Kind kind = Kind::comparison;
    LabelRef left;                        // comparison; bound: the label (attribute empty)
    bool negated = false;                 // comparison: != instead of =
    std::optional<LabelRef> right_label;  // compare the two values for equality...
    Pattern right_pattern;                // ...or match left's value against this regex
    std::vector<GlobalConstraint> operands;  // all, any: two or more; implies: two; negation: one
    bool operator==(const GlobalConstraint&) const = default;
};

struct Query;

// within turn, within <turn role="official"/>, or within ( QUERY ): inside a hit of that query.
struct WithinClause {
    bool negated = false;     // !within
    RegionSpec region;        // when `query` is empty
    std::vector<Query> query; // within ( QUERY ): one query
    bool operator==(const WithinClause&) const = default;
};

struct Query {
    enum class Kind { pattern, region };
    Kind kind = Kind::pattern;
    std::vector<Sequence> alternatives;       // pattern: seq | seq ...
    RegionSpec region;                        // region: <turn .../> matches whole regions
    enum class Containing { none, containing, not_containing };
    Containing containing = Containing::none; // a region's or a pattern's hits that contain a match of...
    std::vector<Sequence> contained;          // ...this sub-pattern (empty when none)
    std::vector<GlobalConstraint> constraints;  // pattern only: after ::, the operands of the top-level &
    std::vector<WithinClause> within;
    bool operator==(const Query&) const = default;
};

// The canonical text of a query: parse_cql(to_string(q)) == q.
[[nodiscard]] std::string to_string(const Query& query);
[[nodiscard]] std::string to_string(const Condition& condition);
[[nodiscard]] std::string to_string(const Attribute& attribute);  // word, _.turn_kind

}  // namespace presser::query::cql
