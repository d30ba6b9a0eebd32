#include "model/transcript.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

namespace presser::model {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text) {
    for (const auto& [value, name] : table)
        if (name == text) return value;
    return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [candidate, name] : table)
        if (candidate == value) return name;
    return "unknown";
}

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{
    {Role::official, "official"},
    {Role::moderator, "moderator"},
    {Role::journalist, "journalist"},
    {Role::other, "other"},
    {Role::unknown, "unknown"},
}};

constexpr std::array<std::pair<TurnKind, std::string_view>, 8> kTurnKinds{{
    {TurnKind::question, "question"},
    {TurnKind::answer, "answer"},
    {TurnKind::statement, "statement"},
    {TurnKind::moderation, "moderation"},
    {TurnKind::narration, "narration"},
    {TurnKind::stage_direction, "stage_direction"},
    {TurnKind::source_note, "source_note"},
    {TurnKind::played_media, "played_media"},
}};

constexpr std::array<std::pair<DatePrecision, std::string_view>, 5> kPrecisions{{
    {DatePrecision::unknown, "unknown"},
    {DatePrecision::year, "year"},
    {DatePrecision::month, "month"},
    {DatePrecision::day, "day"},
    {DatePrecision::day_of_month, "day_of_month"},
}};

bool parse_int(std::string_view text, int& out) {
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

bool valid_day(int year, int month, int day) {
    static constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

}  // namespace

std::string PartialDate::to_string() const {
    char buffer[16];
    switch (precision) {
        case DatePrecision::day:
            std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
            return buffer;
        case DatePrecision::month:
            std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
            return buffer;
        case DatePrecision::year:
            std::snprintf(buffer, sizeof buffer, "%04d", year);
            return buffer;
        case DatePrecision::day_of_month:
            std::snprintf(buffer, sizeof buffer, "---%02d", day);
            return buffer;
        case DatePrecision::unknown:
            break;
    }
    return "";
}

std::optional<PartialDate> PartialDate::parse_iso(std::string_view text) {
    PartialDate date;
    if (text.size() == 5 && text.starts_with("---")) {
        if (!parse_int(text.substr(3), date.day) || date.day < 1 || date.day > 31) return std::nullopt;
        date.precision = DatePrecision::day_of_month;
        return date;
    }
    if (text.size() < 4 || !parse_int(text.substr(0, 4), date.year) || date.year < 1) return std::nullopt;
    if (text.size() == 4) {
        date.precision = DatePrecision::year;
        return date;
    }
    if (text.size() < 7 || text[4] != '-' || !parse_int(text.substr(5, 2), date.month) || date.month < 1 ||
        date.month > 12)
        return std::nullopt;
    if (text.size() == 7) {
        date.precision = DatePrecision::month;
        return date;
    }
    if (text.size() != 10 || text[7] != '-' || !parse_int(text.substr(8, 2), date.day) ||
        !valid_day(date.year, date.month, date.day))
        return std::nullopt;
    date.precision = DatePrecision::day;
    return date;
}

const Speaker* Event::find_speaker(std::string_view wanted) const {
    auto it = std::find_if(speakers.begin(), speakers.end(), [&](const Speaker& s) { return s.id == wanted; });
    return it == speakers.end() ? nullptr : &*it;
}

const Turn* Event::find_turn(std::string_view wanted) const {
    auto it = std::find_if(turns.begin(), turns.end(), [&](const Turn& t) { return t.id == wanted; });
    return it == turns.end() ? nullptr : &*it;
}

std::string_view to_string(Role role) { return name_of(kRoles, role); }
std::string_view to_string(TurnKind kind) { return name_of(kTurnKinds, kind); }
std::string_view to_string(DatePrecision precision) { return name_of(kPrecisions, precision); }
std::optional<Role> parse_role(std::string_view text) { return lookup(kRoles, text); }
std::optional<TurnKind> parse_turn_kind(std::string_view text) { return lookup(kTurnKinds, text); }
std::optional<DatePrecision> parse_date_precision(std::string_view text) { return lookup(kPrecisions, text); }

}  // namespace presser::model
