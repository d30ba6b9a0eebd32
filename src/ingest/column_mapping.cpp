#include "ingest/column_mapping.h"

#include <array>
#include <charconv>
#include <utility>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

constexpr std::array<std::pair<ColumnField, std::string_view>, 6> kFields{{
    {ColumnField::speaker, "speaker"},
    {ColumnField::text, "text"},
    {ColumnField::role, "role"},
    {ColumnField::title, "title"},
    {ColumnField::affiliation, "affiliation"},
    {ColumnField::time, "time"},
}};

std::optional<ColumnField> field_named(std::string_view name) {
    std::string lower = ascii_lower(trim_view(name));
    if (lower == "outlet" || lower == "firm" || lower == "company") return ColumnField::affiliation;
    for (const auto& [field, text] : kFields)
        if (text == lower) return field;
    return std::nullopt;
}

Result<ColumnRef> column_ref(std::string_view field_name, std::string_view column) {
    auto field = field_named(field_name);
    if (!field)
        return plain_error("--columns: unknown field '" + std::string(field_name) +
                           "': expected speaker, text, role, title, affiliation or time");
    ColumnRef ref;
    ref.field = *field;
    column = trim_view(column);
    if (column.empty()) return plain_error("--columns: no column given for " + std::string(field_name));
    std::size_t number = 0;
    auto [end, error] = std::from_chars(column.data(), column.data() + column.size(), number);
    if (error == std::errc() && end == column.data() + column.size()) {
        if (number == 0) return plain_error("--columns: column numbers start at 1: " + std::string(field_name) + "=0");
        ref.number = number;
    } else {
        ref.name = std::string(column);
    }
    return ref;
}

}  // namespace

std::string_view column_field_name(ColumnField field) {
    for (const auto& [candidate, text] : kFields)
        if (candidate == field) return text;
    return "text";
}

Result<ColumnMapping> parse_column_mapping(std::string_view spec) {
    ColumnMapping mapping;
    for (std::size_t from = 0; from <= spec.size();) {
        std::size_t comma = std::min(spec.find(',', from), spec.size());
        std::string_view part = trim_view(spec.substr(from, comma - from));
        from = comma + 1;
        if (part.empty()) continue;
        std::size_t equals = part.find('=');
        if (equals == std::string_view::npos)
            return plain_error("--columns: '" + std::string(part) + "': expected FIELD=COLUMN, as in speaker=2,text=3");
        auto ref = column_ref(part.substr(0, equals), part.substr(equals + 1));
        if (!ref) return ref.error();
        mapping.push_back(std::move(ref.value()));
    }
    if (mapping.empty()) return plain_error("--columns: empty: expected FIELD=COLUMN pairs, as in speaker=2,text=3");
    return mapping;
}

Result<ColumnMapping> load_column_mapping(const std::filesystem::path& file) {
    auto rows = read_sidecar_rows(file);
    if (!rows) return rows.error();
    ColumnMapping mapping;
    for (const SidecarRow& row : *rows) {
        if (row.fields.size() < 2)
            return Error{file.string(), std::nullopt, row.line, "expected FIELD<TAB>COLUMN, as in 'text<TAB>3'"};
        auto ref = column_ref(row.fields[0], row.fields[1]);
        if (!ref) {
            Error error = ref.error();
            error.file = file.string();
            error.line = row.line;
            error.message.erase(0, std::string_view("--columns: ").size());
            return error;
        }
        mapping.push_back(std::move(ref.value()));
    }
    return mapping;
}

std::optional<std::filesystem::path> find_column_sidecar(const std::filesystem::path& table, SidecarCache* cache) {
    return find_sidecar(table, "presser-columns.tsv", cache);
}

}  // namespace presser::ingest
