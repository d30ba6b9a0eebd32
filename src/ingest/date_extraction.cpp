// Dates from file names ("2019-03-07.md", "FOMCpresconf20220316.txt") and from text in English, Spanish
// and Chinese ("January 21, 2021", "14 de agosto de 2019", "2020年9月2日", "on the 7th").
#include <re2/re2.h>

#include <array>

#include "ingest/build_steps.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

constexpr std::array<std::string_view, 12> kEnglishMonths{"january", "february", "march", "april", "may", "june",
                                                          "july", "august", "september", "october", "november", "december"};
constexpr std::array<std::string_view, 12> kSpanishMonths{"enero", "febrero", "marzo", "abril", "mayo", "junio",
                                                          "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};

int month_number(std::string_view name) {
    std::string lower = ascii_lower(name);
    for (std::size_t i = 0; i < 12; ++i)
        if (lower == kEnglishMonths[i] || lower == kSpanishMonths[i] || (lower == "setiembre" && i == 8)) return static_cast<int>(i) + 1;
    return 0;
}

std::optional<model::PartialDate> full_date(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
    return model::PartialDate::parse_iso(iso);
}

}  // namespace

std::optional<DateFinding> find_date_in_file_name(std::string_view file_name) {
    static const Pattern dashed(R"((?:^|[^0-9])((?:19|20)\d\d)[-_.](\d\d)[-_.](\d\d)(?:[^0-9]|$))");
    static const Pattern compact(R"((?:^|[^0-9])((?:19|20)\d\d)(\d\d)(\d\d)(?:[^0-9]|$))");
    int year = 0, month = 0, day = 0;
    re2::StringPiece input(file_name.data(), file_name.size());
    if (RE2::PartialMatch(input, dashed, &year, &month, &day) || RE2::PartialMatch(input, compact, &year, &month, &day))
        if (auto date = full_date(year, month, day)) return DateFinding{*date, ""};
    return std::nullopt;
}

std::optional<DateFinding> find_date_in_text(std::string_view text) {
    re2::StringPiece input(text.data(), text.size());
    static const Pattern chinese(R"(((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日)");
    static const Pattern english(R"((?i)\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b)");
    static const Pattern day_first(R"((?i)\b(\d{1,2})(?:\s+de)?\s+(January|February|March|April|May|June|July|August|September|October|November|December|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)(?:\s+de|,)?\s+((?:19|20)\d\d)\b)");
    static const Pattern iso(R"(\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b)");
    static const Pattern day_only(R"((?i)\bon the (\d{1,2})(?:st|nd|rd|th)\b)");
    int year = 0, month = 0, day = 0;
    std::string month_name;
    if (RE2::PartialMatch(input, chinese, &year, &month, &day) || RE2::PartialMatch(input, iso, &year, &month, &day))
        if (auto date = full_date(year, month, day)) return DateFinding{*date, ""};
    if (RE2::PartialMatch(input, english, &month_name, &day, &year))
        if (auto date = full_date(year, month_number(month_name), day)) return DateFinding{*date, ""};
    if (RE2::PartialMatch(input, day_first, &day, &month_name, &year))
        if (auto date = full_date(year, month_number(month_name), day)) return DateFinding{*date, ""};
    if (RE2::PartialMatch(input, day_only, &day) && day >= 1 && day <= 31) {
        model::PartialDate date;
        date.day = day;
        date.precision = model::DatePrecision::day_of_month;
        return DateFinding{date, "date known only as day " + std::to_string(day) +
                                     " of an unstated month (\"on the " + std::to_string(day) +
                                     "th\"): give the full date with --date"};
    }
    return std::nullopt;
}

std::optional<DateFinding> find_numeric_date(std::string_view text) {
    static const Pattern numeric(R"((?:^|[^0-9])(\d{1,2})([/.\-])(\d{1,2})[/.\-]((?:19|20)\d\d)(?:[^0-9]|$))");
    int first = 0, second = 0, year = 0;
    std::string separator;
    if (!RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), numeric, &first, &separator, &second, &year))
        return std::nullopt;
    bool month_first = first <= 12 && second > 12;
    auto date = month_first ? full_date(year, first, second) : full_date(year, second, first);
    if (!date) return std::nullopt;
    return DateFinding{*date, ""};
}

}  // namespace presser::ingest
