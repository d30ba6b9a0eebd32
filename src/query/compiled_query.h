// A CQL query compiled once for every segment: its patterns compiled (RE2), its labels numbered, its
// region tests and the options' metadata filters as predicates over region columns. What is per segment
// (term ids, region masks) is derived from it by each segment's run (segment_run.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/index.h"
#include "model/error.h"
#include "query/corpus_query.h"
#include "query/cql_ast.h"
#include "query/region_filter.h"
#include "query/term_sets.h"

namespace presser::query {

struct CTest {
    bool region = false;
    index::Attribute attribute = index::Attribute::word;
    index::Structure structure = index::Structure::turn;
    std::string column;
    bool negated = false;
    std::shared_ptr<const CompiledPattern> pattern;
};

struct CCondition {
    cql::Condition::Kind kind = cql::Condition::Kind::test;
    CTest test;
    std::vector<CCondition> operands;
};

struct CElement {
    cql::Element::Kind kind = cql::Element::Kind::token;
    int label = -1;
    std::optional<CCondition> condition;
    RegionConstraint anchor;
    std::vector<std::vector<CElement>> alternatives;
    std::uint32_t min = 1, max = 1;
};

// A label's value: its token's attribute, or for a group label (two slots: start, end) the attribute of
// the tokens it spans joined by spaces (a region attribute: the first token's).
struct CValue {
    int label = -1;
    bool group = false;
    bool region = false;
    index::Attribute attribute = index::Attribute::word;
    index::Structure structure = index::Structure::turn;
    std::string column;
};

struct CConstraint {
    cql::GlobalConstraint::Kind kind = cql::GlobalConstraint::Kind::comparison;
    CValue left;  // comparison; bound: left.label is the label's (first) slot
    bool negated = false;
    std::optional<CValue> right;
    std::shared_ptr<const CompiledPattern> pattern;
    std::vector<CConstraint> operands;
};

struct CompiledQuery;

struct CWithin {
    bool negated = false;
    RegionConstraint region;
    std::shared_ptr<const CompiledQuery> query;  // within ( QUERY ): its hits instead of regions
};

struct CompiledQuery {
    cql::Query::Kind kind = cql::Query::Kind::pattern;
    std::vector<std::vector<CElement>> alternatives;
    RegionConstraint region;  // region queries
    cql::Query::Containing containing = cql::Query::Containing::none;
    std::vector<std::vector<CElement>> contained;  // containing's sub-pattern
    std::vector<CConstraint> constraints;
    std::vector<CWithin> within;  // the query's, then the metadata filter's (positive, on turn and event)
    std::size_t label_count = 0;  // label slots: one per token label, two (start, end) per group label
    // The labels of the pattern itself (not of a containing sub-pattern or a within query), as defined.
    struct Label {
        std::string name;
        int slot = 0;
        bool group = false;
    };
    std::vector<Label> labels;
};

// The query and the filter compiled; the first invalid pattern's error otherwise.
[[nodiscard]] Result<CompiledQuery> compile_query(const cql::Query& query, const MetadataFilter& filter);

}  // namespace presser::query
