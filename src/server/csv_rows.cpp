#include "server/csv_rows.h"

#include "export/text_escape.h"

namespace presser::server {

void append_csv_field(std::string& out, std::string_view field) { exports::append_csv_field(out, field, ','); }

void append_csv_header(std::string& out, const Json& row) {
    bool first = true;
    for (const auto& [key, value] : row.items()) {
        if (!first) out += ',';
        first = false;
        append_csv_field(out, key);
    }
    out += "\r\n";
}

void append_row(std::string& out, const Json& row, bool csv) {
    if (!csv) {
        out += to_text(row);
        out += '\n';
        return;
    }
    bool first = true;
    for (const auto& [key, value] : row.items()) {
        if (!first) out += ',';
        first = false;
        if (value.is_string()) append_csv_field(out, value.get_ref<const std::string&>());
        else if (!value.is_null()) out += to_text(value);
    }
    out += "\r\n";
}

}  // namespace presser::server
