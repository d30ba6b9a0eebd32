#include "export/text_escape.h"

namespace presser::exports {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

void append_xml(std::string& out, std::string_view text, bool single_line) {
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default:
                if (is_control(c) && (single_line || (ch != '\t' && ch != '\n' && ch != '\r'))) out += ' ';
                else out += ch;
        }
    }
}

std::string xml_text(std::string_view text, bool single_line) {
    std::string out;
    out.reserve(text.size());
    append_xml(out, text, single_line);
    return out;
}

void append_csv_field(std::string& out, std::string_view field, char delimiter) {
    bool quote = false;
    for (const char c : field)
        if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    if (!quote) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (is_control(static_cast<unsigned char>(c))) c = ' ';
    return out;
}

std::string xml_id(std::string_view prefix, std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                          c == '-' || c == '_';
        out += keep ? c : '_';
    }
    if (out.empty() || !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') || out[0] == '_'))
        out.insert(0, prefix);
    return out;
}

}  // namespace presser::exports
