// Whether the words a self-introduction or a moderator's introduction matched are what they seem: a
// person's name and a news organisation. Questions mention dates, places, offices and third parties in the
// same shapes ("On Monday, Iran proposed…", "The Secretary of State said…", "Prime Minister, Dr Ellen Marsh
// has warned…"); these checks reject them by shape and by small per-language word lists.
// Internal to src/ingest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace presser::ingest {

// "Dana Whitlow", "Rocío Méndez": capitalised words, none of them a date, a preposition or article
// opening a sentence, an office, a greeting or a possessive.
[[nodiscard]] bool plausible_person(std::string_view person);

// "Reuters", "the Lakeside Courier", "Noticias MVS"; not a greeting ("Happy Valentine's Day"), a place
// ("Iran", "West Virginia", "U.S"), an office ("Prime Minister of Italy", "Chief of Staff"), a pronoun
// ("I'm"), a possessive inside the name ("India's Prime Minister") or one of `vocatives` (the first names of the event's speakers: "Jen").
[[nodiscard]] bool plausible_outlet(std::string_view outlet, const std::vector<std::string>& vocatives = {});

// What follows a matched outlet must end the introduction: a sentence end, a dash, a colon, the end of the
// text, or a comma that does not continue a list ("…, Obama, and Trump").
[[nodiscard]] bool ends_introduction(std::string_view after);

}  // namespace presser::ingest
