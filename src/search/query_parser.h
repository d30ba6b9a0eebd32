// The search box syntax (docs/search.md): words, "phrases", prefix*, -exclusion, OR, and field scopes
// question: answer: statement: (text of turns of that kind) speaker: outlet: (metadata filters).
//
//   auto parsed = presser::search::parse_query("sanctions OR embargo -\"trade war\" question:taiwan");
//
// Adjacent items are all required (AND); `a OR b` makes one clause of alternatives, binding tighter than
// the implicit AND. Errors carry the 1-based column (in characters) and what was expected there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace presser::search {

// Which turns' text a term may match: a bit per turn kind family.
enum FieldMask : std::uint8_t {
    kQuestionField = 1,
    kAnswerField = 2,
    kStatementField = 4,
    kOtherField = 8,  // moderation, narration, stage directions, source notes
    kAnyField = 15,
};

struct QueryTerm {
    enum class Kind : std::uint8_t { word, prefix, phrase };
    Kind kind = Kind::word;
    std::string text;           // as typed (without quotes or the trailing *)
    std::uint8_t fields = kAnyField;
    std::uint32_t column = 0;   // 1-based, for messages
};

// One required clause: any of its alternatives matches. Excluded clauses have exactly one term.
struct QueryClause {
    std::vector<QueryTerm> alternatives;
    bool excluded = false;
};

struct MetadataFilter {
    enum class Field : std::uint8_t { speaker, outlet };
    Field field = Field::speaker;
    std::string value;
    bool excluded = false;
};

struct ParsedQuery {
    std::vector<QueryClause> clauses;
    std::vector<MetadataFilter> filters;
};

// What a search costs grows with its terms and a phrase's words: a query of more is refused.
inline constexpr std::size_t kMaxQueryTerms = 256;   // words, phrases and prefixes, alternatives included
inline constexpr std::size_t kMaxPhraseWords = 64;   // words of one "phrase"

// Error::message reads "column N: ..." and Error::offset is the byte offset in the query.
[[nodiscard]] Result<ParsedQuery> parse_query(std::string_view query);

}  // namespace presser::search
