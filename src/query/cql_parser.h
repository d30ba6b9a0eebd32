// Parses the text of a CQL query (docs/cql.md) into its AST (cql_ast.h).
//
// Contract: never throws, never crashes, runs in time linear in the text (plus RE2's bounded compile of each
// regex) and recursion bounded by max_depth. A query that does not parse gives an Error whose `offset` is the
// byte offset of the problem and whose message begins with its 1-based column (code points; per line when the
// query spans lines): "column 14: expected ']' to close the token condition opened at column 1".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/error.h"
#include "query/cql_ast.h"

namespace presser::query::cql {

struct CqlOptions {
    std::string default_attribute = "word";  // what a bare "string" tests: word, lower or lemma
    std::size_t max_depth = 100;             // nesting of ( ), ! and groups; at most 1000 is honoured
    // Token conditions in the whole query, a "string" of several tokens counting one per token: what a query
    // costs grows with them, so a query of more is refused.
    std::size_t max_tokens = 1000;
};

[[nodiscard]] Result<Query> parse_cql(std::string_view text, const CqlOptions& options = {});

}  // namespace presser::query::cql
