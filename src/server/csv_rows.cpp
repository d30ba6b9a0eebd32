#include "server/csv_rows.h"

namespace presser::server {

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

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
