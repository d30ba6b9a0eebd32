#include "query/compiled_query.h"

#include <map>
#include <memory>

#include "index/filter_values.h"

namespace presser::query {

using index::Attribute;
using index::Structure;

namespace {

struct Compiler {
    std::map<std::string, std::pair<int, bool>> labels;  // name -> (first slot, is a group label)
    std::vector<CompiledQuery::Label> defined;            // the same, in the order of definition
    int slots = 0;
    std::optional<Error> error;

    std::shared_ptr<const CompiledPattern> pattern(const cql::Pattern& p) {
        auto compiled = CompiledPattern::compile(p);
        if (!compiled) {
            if (!error) error = compiled.error();
            return std::make_shared<CompiledPattern>();
        }
        return std::make_shared<CompiledPattern>(std::move(compiled.value()));
    }

    static Structure structure(const std::string& name) { return index::parse_structure(name).value_or(Structure::turn); }

    // What a test or a label reference reads: a token attribute, or a region's column (`_.turn_kind`).
    template <class Out>
    static void target(const cql::Attribute& attribute, Out& out) {
        if (attribute.structure.empty()) {
            out.attribute = index::parse_attribute(attribute.name).value_or(Attribute::word);
        } else {
            out.region = true;
            out.structure = structure(attribute.structure);
            out.column = attribute.name;
        }
    }

    CTest test(const cql::AttributeTest& t) {
        CTest out;
        out.negated = t.negated;
        out.pattern = pattern(t.pattern);
        target(t.attribute, out);
        return out;
    }

    CCondition condition(const cql::Condition& c) {
        CCondition out;
        out.kind = c.kind;
        if (c.kind == cql::Condition::Kind::test) out.test = test(c.test);
        for (const auto& operand : c.operands) out.operands.push_back(condition(operand));
        return out;
    }

    RegionConstraint region(const cql::RegionSpec& spec) {
        RegionConstraint out;
        out.structure = structure(spec.structure);
        for (const auto& t : spec.tests) {
            auto compiled = pattern(t.pattern);
            bool negated = t.negated;
            out.tests.push_back({t.attribute.name, [compiled, negated](std::string_view v) { return compiled->matches(v) != negated; }});
        }
        return out;
    }

    int label(const std::string& name, bool group) {
        if (name.empty()) return -1;
        auto [it, inserted] = labels.emplace(name, std::pair{slots, group});
        if (inserted) {
            defined.push_back({name, slots, group});
            slots += group ? 2 : 1;
        }
        return it->second.first;
    }

    std::vector<std::vector<CElement>> alternatives(const std::vector<cql::Sequence>& alternatives) {
        std::vector<std::vector<CElement>> out;
        for (const auto& sequence : alternatives) {
            auto& compiled = out.emplace_back();
            for (const auto& element : sequence) {
                CElement e;
                e.kind = element.kind;
                e.label = label(element.label, element.kind == cql::Element::Kind::group);
                if (element.condition) e.condition = condition(*element.condition);
                if (element.kind == cql::Element::Kind::region_start || element.kind == cql::Element::Kind::region_end)
                    e.anchor = region(element.region);
                e.alternatives = this->alternatives(element.alternatives);
                e.min = element.min;
                e.max = element.max;
                compiled.push_back(std::move(e));
            }
        }
        return out;
    }

    CValue value(const cql::LabelRef& ref) {
        CValue out;
        auto it = labels.find(ref.label);
        out.label = it == labels.end() ? -1 : it->second.first;
        out.group = it != labels.end() && it->second.second;
        if (!ref.attribute.name.empty()) target(ref.attribute, out);
        return out;
    }

    CConstraint constraint(const cql::GlobalConstraint& c) {
        CConstraint out;
        out.kind = c.kind;
        if (c.kind == cql::GlobalConstraint::Kind::comparison || c.kind == cql::GlobalConstraint::Kind::bound)
            out.left = value(c.left);
        out.negated = c.negated;
        if (c.kind == cql::GlobalConstraint::Kind::comparison) {
            if (c.right_label) out.right = value(*c.right_label);
            else out.pattern = pattern(c.right_pattern);
        }
        for (const auto& operand : c.operands) out.operands.push_back(constraint(operand));
        return out;
    }
};

// Metadata filters as positive within clauses on turn and event, each value compared as the filter model
// says (index/filter_values.h).
std::vector<CWithin> filter_clauses(const MetadataFilter& filter) {
    std::vector<CWithin> out;
    auto exact = [](std::string column, std::string value, std::string_view filter_name = "") {
        auto wanted = std::make_shared<index::FilterValues>(std::vector<std::string>{std::move(value)},
                                                            index::filter_compare(filter_name.empty() ? column : filter_name));
        return ColumnTest{std::move(column), [wanted](std::string_view v) { return wanted->matches(v); }};
    };
    CWithin turn{false, {Structure::turn, {}}, nullptr};
    if (filter.speaker) turn.region.tests.push_back(exact("speaker", *filter.speaker));
    if (filter.role) turn.region.tests.push_back(exact("role", *filter.role));
    if (filter.kind) turn.region.tests.push_back(exact("kind", *filter.kind));
    if (filter.outlet) turn.region.tests.push_back(exact("affiliation", *filter.outlet, "outlet"));
    CWithin event{false, {Structure::event, {}}, nullptr};
    if (filter.event) event.region.tests.push_back(exact("id", *filter.event, "event"));
    if (filter.language) event.region.tests.push_back(exact("language", *filter.language));
    if (filter.organiser) event.region.tests.push_back(exact("organiser", *filter.organiser));
    if (filter.date_from || filter.date_to)
        event.region.tests.push_back({"date", [from = filter.date_from, to = filter.date_to](std::string_view v) {
                                          if (v.empty()) return false;
                                          if (from && v.substr(0, from->size()) < *from) return false;
                                          if (to && v.substr(0, to->size()) > *to) return false;
                                          return true;
                                      }});
    if (!turn.region.tests.empty()) out.push_back(std::move(turn));
    if (!event.region.tests.empty()) out.push_back(std::move(event));
    return out;
}

}  // namespace

Result<CompiledQuery> compile_query(const cql::Query& query, const MetadataFilter& filter) {
    CompiledQuery out;
    out.kind = query.kind;
    Compiler compiler;
    out.alternatives = compiler.alternatives(query.alternatives);
    out.labels = compiler.defined;
    if (query.kind == cql::Query::Kind::region) out.region = compiler.region(query.region);
    out.containing = query.containing;
    for (const auto& c : query.constraints) out.constraints.push_back(compiler.constraint(c));
    out.contained = compiler.alternatives(query.contained);
    for (const auto& w : query.within) {
        if (w.query.empty()) {
            out.within.push_back({w.negated, compiler.region(w.region), nullptr});
            continue;
        }
        auto sub = compile_query(w.query.front(), MetadataFilter{});
        if (!sub) return sub.error();
        out.within.push_back({w.negated, {}, std::make_shared<const CompiledQuery>(std::move(sub.value()))});
    }
    for (auto& clause : filter_clauses(filter)) out.within.push_back(std::move(clause));
    out.label_count = static_cast<std::size_t>(compiler.slots);
    if (compiler.error) return *compiler.error;
    return out;
}

}  // namespace presser::query
