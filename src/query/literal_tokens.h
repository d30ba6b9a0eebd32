// Literal strings that the indexer would cut into several tokens: "over-the-horizon", "peace talks",
// "中国外交部". No single token can equal such a value, so as written it could never match;
// presser reads it as the sequence of the tokens the indexer's tokenizer makes of it (docs/cql.md,
// "Strings of several tokens").
//
// Contract:
//  * Only a token condition that is one non-negated test of word, lower or lemma whose value is a literal
//    (no regex operator; `\` before punctuation is that character) is rewritten, and only when the
//    tokenizer splits the value. Its flags (%c, %d) go to every part. An unlabelled, unquantified token
//    becomes the parts in its place; a labelled or quantified one becomes a group of them with its label and
//    bounds. Regexes, other attributes, negations and boolean conditions are left as they are.
//  * Each part is written as a literal that reads back as exactly one token, so rewriting is idempotent:
//    split_multi_token_literals(q) leaves an already rewritten q unchanged (parse_cql(to_string(q)) == q).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/cql_ast.h"

namespace presser::query::cql {

// The literal text a regex stands for, or nullopt when the regex uses any operator.
[[nodiscard]] std::optional<std::string> literal_of(std::string_view regex);

// The tokens the indexer's tokenizer (language-neutral rules) makes of `text`.
[[nodiscard]] std::vector<std::string> tokenize_literal(std::string_view text);

void split_multi_token_literals(Query& query);

}  // namespace presser::query::cql
