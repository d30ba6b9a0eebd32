// The structure table of cql_ast.h and the canonical printer (to_string).
#include "query/cql_ast.h"

namespace presser::query::cql {

const std::vector<StructureInfo>& structures() {
    static const std::vector<StructureInfo> table{
        {"s", {}},
        {"p", {}},
        {"turn", {"speaker", "role", "kind", "affiliation"}},
        {"exchange", {"asker_affiliation", "answerer", "asker", "answerer_role", "question_tokens", "answer_tokens",
                      "answer_seconds", "position", "followup_depth", "named_by_moderator", "signal"}},
        {"event", {"id", "date", "title", "organiser", "language"}},
    };
    return table;
}

const StructureInfo* find_structure(std::string_view name) {
    for (const StructureInfo& info : structures())
        if (info.name == name) return &info;
    return nullptr;
}

namespace {

// Backslash pairs pass through verbatim (the parser never leaves a backslash before a quote), so only the
// bare double quote needs its escape back.
void append_quoted(std::string& out, const Pattern& pattern) {
    out += '"';
    const std::string& regex = pattern.regex;
    for (std::size_t i = 0; i < regex.size(); ++i) {
        char c = regex[i];
        if (c == '\\' && i + 1 < regex.size()) {
            out += c;
            out += regex[++i];
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    out += '"';
    if (pattern.ignore_case || pattern.ignore_diacritics) {
        out += '%';
        if (pattern.ignore_case) out += 'c';
        if (pattern.ignore_diacritics) out += 'd';
    }
}

std::string region_attribute_name(const Attribute& attribute) {
    return attribute.structure.empty() ? attribute.name : attribute.structure + "_" + attribute.name;
}

void append_test(std::string& out, const AttributeTest& test, std::string_view attribute_text) {
    out += attribute_text;
    out += test.negated ? "!=" : "=";
    append_quoted(out, test.pattern);
}

void append_condition(std::string& out, const Condition& condition, bool parenthesise) {
    switch (condition.kind) {
        case Condition::Kind::test:
            append_test(out, condition.test, to_string(condition.test.attribute));
            return;
        case Condition::Kind::negation:
            out += '!';
            append_condition(out, condition.operands.front(), true);
            return;
        case Condition::Kind::all:
        case Condition::Kind::any: {
            if (parenthesise) out += '(';
            const char* joint = condition.kind == Condition::Kind::all ? " & " : " | ";
            for (std::size_t i = 0; i < condition.operands.size(); ++i) {
                if (i > 0) out += joint;
                append_condition(out, condition.operands[i], true);
            }
            if (parenthesise) out += ')';
            return;
        }
    }
}

void append_region_tests(std::string& out, const RegionSpec& region) {
    for (const AttributeTest& test : region.tests) {
        out += ' ';
        append_test(out, test, test.attribute.name);
    }
}

void append_alternatives(std::string& out, const std::vector<Sequence>& alternatives);

void append_quantifier(std::string& out, const Element& element) {
    if (element.min == 1 && element.max == 1) return;
    if (element.min == 0 && element.max == 1) {
        out += '?';
    } else if (element.min == 0 && element.max == kUnbounded) {
        out += '*';
    } else if (element.min == 1 && element.max == kUnbounded) {
        out += '+';
    } else if (element.min == element.max) {
        out += '{' + std::to_string(element.min) + '}';
    } else if (element.max == kUnbounded) {
        out += '{' + std::to_string(element.min) + ",}";
    } else {
        out += '{' + std::to_string(element.min) + ',' + std::to_string(element.max) + '}';
    }
}

void append_element(std::string& out, const Element& element) {
    switch (element.kind) {
        case Element::Kind::token:
            if (!element.label.empty()) out += element.label + ':';
            out += '[';
            if (element.condition) append_condition(out, *element.condition, false);
            out += ']';
            break;
        case Element::Kind::region_start:
            out += '<' + element.region.structure;
            append_region_tests(out, element.region);
            out += '>';
            break;
        case Element::Kind::region_end:
            out += "</" + element.region.structure + '>';
            break;
        case Element::Kind::group:
            if (!element.label.empty()) out += element.label + ':';
            out += '(';
            append_alternatives(out, element.alternatives);
            out += ')';
            break;
    }
    append_quantifier(out, element);
}

void append_sequence(std::string& out, const Sequence& sequence) {
    for (std::size_t i = 0; i < sequence.size(); ++i) {
        if (i > 0) out += ' ';
        append_element(out, sequence[i]);
    }
}

void append_alternatives(std::string& out, const std::vector<Sequence>& alternatives) {
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        if (i > 0) out += " | ";
        append_sequence(out, alternatives[i]);
    }
}

void append_region_tag(std::string& out, const RegionSpec& region) {
    out += '<' + region.structure;
    append_region_tests(out, region);
    out += "/>";
}

void append_label_ref(std::string& out, const LabelRef& ref) {
    out += ref.label + '.' + region_attribute_name(ref.attribute);
}

// Binding strength of a constraint's operator: -> below | below & below ! and the terms.
int constraint_precedence(const GlobalConstraint& c) {
    switch (c.kind) {
        case GlobalConstraint::Kind::implies: return 0;
        case GlobalConstraint::Kind::any: return 1;
        case GlobalConstraint::Kind::all: return 2;
        default: return 3;
    }
}

void append_constraint(std::string& out, const GlobalConstraint& c, int context);

void append_constraint_operand(std::string& out, const GlobalConstraint& c, int context) {
    const bool parenthesised = constraint_precedence(c) <= context && constraint_precedence(c) < 3;
    if (parenthesised) out += '(';
    append_constraint(out, c, parenthesised ? -1 : context);
    if (parenthesised) out += ')';
}

void append_constraint(std::string& out, const GlobalConstraint& c, int context) {
    switch (c.kind) {
        case GlobalConstraint::Kind::comparison:
            append_label_ref(out, c.left);
            out += c.negated ? " != " : " = ";
            if (c.right_label)
                append_label_ref(out, *c.right_label);
            else
                append_quoted(out, c.right_pattern);
            return;
        case GlobalConstraint::Kind::bound:
            out += c.left.label;
            return;
        case GlobalConstraint::Kind::negation:
            out += '!';
            if (c.operands.front().kind == GlobalConstraint::Kind::comparison) {  // !(a.x = b.x), not !a.x = b.x
                out += '(';
                append_constraint(out, c.operands.front(), -1);
                out += ')';
            } else {
                append_constraint_operand(out, c.operands.front(), 2);
            }
            return;
        case GlobalConstraint::Kind::all:
        case GlobalConstraint::Kind::any:
            for (std::size_t i = 0; i < c.operands.size(); ++i) {
                if (i > 0) out += c.kind == GlobalConstraint::Kind::all ? " & " : " | ";
                // Nested operators of the same kind are flattened by the parser, so they need parentheses.
                append_constraint_operand(out, c.operands[i], constraint_precedence(c));
            }
            return;
        case GlobalConstraint::Kind::implies:
            // Right-associative: a -> b -> c is a -> (b -> c).
            append_constraint_operand(out, c.operands[0], 0);
            out += " -> ";
            append_constraint_operand(out, c.operands[1], -1);
            return;
    }
    (void)context;
}

}  // namespace

std::string to_string(const Attribute& attribute) {
    return attribute.structure.empty() ? attribute.name : "_." + region_attribute_name(attribute);
}

std::string to_string(const Condition& condition) {
    std::string out;
    append_condition(out, condition, false);
    return out;
}

std::string to_string(const Query& query) {
    std::string out;
    if (query.kind == Query::Kind::region)
        append_region_tag(out, query.region);
    else
        append_alternatives(out, query.alternatives);
    if (query.containing != Query::Containing::none) {
        out += query.containing == Query::Containing::containing ? " containing " : " !containing ";
        append_alternatives(out, query.contained);
    }
    if (!query.constraints.empty()) {
        out += " ::";
        for (std::size_t i = 0; i < query.constraints.size(); ++i) {
            out += i > 0 ? " & " : " ";
            append_constraint_operand(out, query.constraints[i], query.constraints.size() > 1 ? 2 : -1);
        }
    }
    for (const WithinClause& clause : query.within) {
        out += clause.negated ? " !within " : " within ";
        if (!clause.query.empty())
            out += '(' + to_string(clause.query.front()) + ')';
        else if (clause.region.tests.empty())
            out += clause.region.structure;
        else
            append_region_tag(out, clause.region);
    }
    return out;
}

}  // namespace presser::query::cql
