#include "ingest/introduction_checks.h"

#include <algorithm>
#include <array>

#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

// Words that never stand in a journalist's name as introduced: dates, the words that open a sentence
// about something else, offices and bodies, greetings (en, es).
constexpr std::array<std::string_view, 158> kNotNameWords{
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Today", "Yesterday", "Tomorrow", "Tonight", "Last", "Next", "This", "That", "Earlier", "Lunes", "Martes",
    "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo", "Enero", "Febrero", "Marzo", "Abril", "Mayo",
    "Junio", "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre", "Hoy", "Ayer", "On", "In",
    "At", "As", "And", "But", "So", "Or", "The", "A", "An", "From", "For", "To", "With", "Of", "By", "After",
    "Before", "During", "Since", "Under", "Regarding", "About", "Also", "Now", "Then", "While", "When", "If",
    "En", "El", "La", "Los", "Las", "Con", "Por", "Para", "Sobre", "Desde", "Y", "Pero", "Sin", "Ante",
    "President", "Presidents", "Vice", "Secretary", "Minister", "Prime", "Premier", "Governor", "Senator",
    "Senate", "Representative", "Congressman", "Congresswoman", "Chairman", "Chairwoman", "Chair",
    "Director", "Deputy", "Chief", "CEO", "Leader", "Mayor", "General", "Admiral", "Ambassador", "Envoy",
    "Special", "Former", "Interim", "Acting", "Commanding", "Judge", "Justice", "Speaker", "King", "Queen",
    "Pope", "Presidente", "Presidenta", "Secretario", "Secretaria", "Gobernador", "Canciller", "Ministro",
    "Ministra", "Comandante", "Señor", "Señora", "Department", "Ministry", "University", "Association",
    "Federation", "Institute", "Academy", "Council", "Committee", "House", "Court", "Summit", "Port",
    "State", "National", "Federal", "Supreme"};

constexpr std::array<std::string_view, 28> kGreetings{
    "Happy", "Merry", "Good", "Hi", "Hello", "Hey", "Thank", "Thanks", "Welcome", "Congratulations", "Feliz",
    "Felices", "Buenos", "Buenas", "Gracias", "Hola", "Yes", "Okay", "Yeah", "Sorry", "Oh", "Wow", "Well",
    "Please", "Sir", "First", "Perdón", "Disculpe"};

// An outlet that holds one of these words is an office or a public body, not a news organisation.
constexpr std::array<std::string_view, 50> kOfficeOrBodyWords{
    "Minister", "President", "Presidente", "Presidenta", "Secretary", "Secretario", "Secretaría", "Coordinator",
    "Coordinador", "Advisor", "Adviser", "Leader", "Assistant", "Chief", "Director", "Governor", "Gobernador",
    "Senator", "Chairman", "Chairwoman", "Staff", "Envoy", "Ambassador", "Spokesperson", "Representative",
    "Congressman", "Congresswoman", "Mayor", "Deputy", "Commissioner", "Premier", "Canciller", "Ministro",
    "Department", "Ministry", "Ministerio", "Office", "Administration", "Committee", "Council", "Senate",
    "Congress", "Parliament", "Government", "Gobierno", "Embassy", "Embajada", "Police", "Policía", "Court"};

// Places a question names in the shapes of an outlet: countries, regions, US and Mexican states and large
// cities, demonyms (compared folded, after a leading "the").
constexpr std::array<std::string_view, 197> kPlaces{
    "UNITED STATES", "U.S", "US", "USA", "U.S.A", "AMERICA", "UK", "U.K", "BRITAIN", "GREAT BRITAIN", "ENGLAND",
    "CANADA", "MEXICO", "CHINA", "JAPAN", "INDIA", "IRAN", "IRAQ", "ISRAEL", "RUSSIA", "UKRAINE", "GERMANY",
    "FRANCE", "ITALY", "SPAIN", "ESPANA", "BRAZIL", "BRASIL", "ARGENTINA", "CHILE", "COLOMBIA", "PERU",
    "VENEZUELA", "CUBA", "HAITI", "GUATEMALA", "HONDURAS", "EL SALVADOR", "NICARAGUA", "PANAMA", "COSTA RICA",
    "ECUADOR", "BOLIVIA", "URUGUAY", "PARAGUAY", "AFGHANISTAN", "PAKISTAN", "SYRIA", "TURKEY", "EGYPT",
    "SAUDI ARABIA", "QATAR", "YEMEN", "LIBYA", "NIGERIA", "KENYA", "SOUTH AFRICA", "ETHIOPIA", "ANGOLA",
    "GUINEA", "MALI", "AUSTRALIA", "NEW ZEALAND", "KOREA", "NORTH KOREA", "SOUTH KOREA", "TAIWAN", "VIETNAM",
    "PHILIPPINES", "INDONESIA", "POLAND", "IRELAND", "EUROPE", "AFRICA", "ASIA", "AMERICAS", "LATIN AMERICA",
    "NORTH AMERICA", "CENTRAL AMERICA", "MIDDLE EAST", "EUROPEAN UNION", "EU", "NATO", "GAZA", "ESTADOS UNIDOS",
    "EEUU", "EE.UU", "CANADA", "JAPON", "RUSIA", "UCRANIA", "ALEMANIA", "FRANCIA", "ITALIA", "IRAN",
    "ALABAMA", "ALASKA", "ARIZONA", "ARKANSAS", "CALIFORNIA", "COLORADO", "CONNECTICUT", "DELAWARE", "FLORIDA",
    "GEORGIA", "HAWAII", "IDAHO", "ILLINOIS", "INDIANA", "IOWA", "KANSAS", "KENTUCKY", "LOUISIANA", "MAINE",
    "MARYLAND", "MASSACHUSETTS", "MICHIGAN", "MINNESOTA", "MISSISSIPPI", "MISSOURI", "MONTANA", "NEBRASKA",
    "NEVADA", "NEW HAMPSHIRE", "NEW JERSEY", "NEW MEXICO", "NEW YORK", "NORTH CAROLINA", "NORTH DAKOTA", "OHIO",
    "OKLAHOMA", "OREGON", "PENNSYLVANIA", "RHODE ISLAND", "SOUTH CAROLINA", "SOUTH DAKOTA", "TENNESSEE",
    "TEXAS", "UTAH", "VERMONT", "VIRGINIA", "WASHINGTON", "WEST VIRGINIA", "WISCONSIN", "WYOMING", "D.C", "DC",
    "PUERTO RICO", "LOS ANGELES", "CHICAGO", "HOUSTON", "MIAMI", "JALISCO", "SONORA", "OAXACA", "CHIAPAS",
    "TABASCO", "VERACRUZ", "GUERRERO", "MICHOACAN", "SINALOA", "CHIHUAHUA", "PUEBLA", "YUCATAN",
    "QUINTANA ROO", "NUEVO LEON", "BAJA CALIFORNIA", "TAMAULIPAS", "COAHUILA", "DURANGO", "ZACATECAS",
    "GUANAJUATO", "QUERETARO", "HIDALGO", "MORELOS", "CIUDAD DE MEXICO", "CDMX", "TIJUANA", "MONTERREY",
    "GUADALAJARA", "AMERICAN", "AMERICANS", "MEXICAN", "GERMAN", "FRENCH", "CHINESE", "RUSSIAN", "RUSSIANS",
    "UKRAINIAN", "AFGHAN", "IRANIAN", "ISRAELI", "INDIAN", "BRITISH", "CANADIAN", "JAPANESE", "ITALIAN"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

std::string_view without_final_punctuation(std::string_view word) {
    while (!word.empty() && std::string_view(".,;:").find(word.back()) != std::string_view::npos) word.remove_suffix(1);
    return word;
}

// "I’m", "I'll", "we're": contractions are no names or outlets; nor, with `possessive`, is "India's".
bool contraction(std::string_view word, bool possessive) {
    for (std::string_view apostrophe : {"'", "’"}) {
        std::size_t at = word.rfind(apostrophe);
        if (at == std::string_view::npos) continue;
        std::string_view tail = word.substr(at + apostrophe.size());
        if ((possessive && tail == "s") || tail == "m" || tail == "ll" || tail == "re" || tail == "ve" || tail == "d") return true;
    }
    return false;
}

bool is_lower_start(std::string_view text) {
    if (text.empty()) return false;
    unsigned char c = static_cast<unsigned char>(text.front());
    if (c >= 'a' && c <= 'z') return true;
    // Accented lower-case Latin letters of U+00DF..U+00FF: C3 9F..C3 BF.
    return c == 0xC3 && text.size() > 1 && static_cast<unsigned char>(text[1]) >= 0x9F;
}

// The shape of a proper name: it opens with a capital (a word in italics such as "selfie" or "outsourcing"
// is a loanword, "de Sonora" a place), asks and exclaims nothing, and most of its longer words are capitalised
// ("Estoy a sus órdenes para el video" is a sentence). Nor is it the words of a speaker's name ("Andrés
// Manuel").
bool names_an_organisation(std::string_view outlet, const std::vector<std::string>& words,
                           const std::vector<std::string>& vocatives) {
    if (is_lower_start(outlet)) return false;
    for (std::string_view mark : {"?", "!", "\xC2\xBF", "\xC2\xA1"})
        if (outlet.find(mark) != std::string_view::npos) return false;
    if (words.size() > 8) return false;
    std::size_t long_words = 0, capitalised = 0;
    for (const std::string& word : words) {
        if (word.size() < 4) continue;
        ++long_words;
        capitalised += !is_lower_start(word);
    }
    if (long_words >= 3 && capitalised * 2 <= long_words) return false;
    if (words.size() >= 2 && std::all_of(words.begin(), words.end(), [&](const std::string& word) {
            const std::string folded = fold_key(without_final_punctuation(word));
            return std::any_of(vocatives.begin(), vocatives.end(), [&](const std::string& v) { return fold_key(v) == folded; });
        }))
        return false;
    return true;
}

}  // namespace

bool plausible_person(std::string_view person) {
    std::vector<std::string> words = split_words(person);
    if (words.empty()) return false;
    for (const std::string& raw : words) {
        std::string_view word = without_final_punctuation(raw);
        if (listed(kNotNameWords, word) || listed(kGreetings, word) || contraction(word, true)) return false;
    }
    return true;
}

bool plausible_outlet(std::string_view outlet, const std::vector<std::string>& vocatives) {
    // "The" may open an outlet ("The Economist"); what follows it is checked like any outlet.
    static constexpr std::array<std::string_view, 22> kNotFirstWords{
        "I", "We", "Chair", "Chairman", "Mr", "Mr.", "Ms", "Ms.", "Mrs.", "Dr.", "Dr", "President", "Presidente",
        "Secretary", "Secretario", "Senator", "Governor", "Leader", "Speaker", "General", "Ambassador", "Prime"};
    static constexpr std::array<std::string_view, 8> kArticles{"El", "La", "Los", "Las", "Un", "Una", "De", "Del"};
    if (outlet.size() < 2 || listed(kArticles, outlet)) return false;
    std::vector<std::string> words = split_words(outlet);
    if (words.empty() || listed(kNotFirstWords, words.front()) || listed(kGreetings, words.front())) return false;
    if (!names_an_organisation(outlet, words, vocatives)) return false;
    // A possessive may end an outlet's name ("Barron's") but not stand inside it ("India's Prime Minister").
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string_view word = without_final_punctuation(words[i]);
        if (contraction(word, i + 1 < words.size())) return false;
        // Each part of a hyphenated word: "Secretary-General".
        for (std::size_t start = 0, dash = 0; dash != std::string_view::npos; start = dash + 1) {
            dash = word.find('-', start);
            if (listed(kOfficeOrBodyWords, word.substr(start, dash == std::string_view::npos ? dash : dash - start))) return false;
        }
    }
    std::string folded = fold_key(outlet);
    if (folded.starts_with("THE ")) folded.erase(0, 4);
    if (listed(kPlaces, folded) || folded == "WHITE HOUSE") return false;
    if (words.size() == 1)
        for (const std::string& name : vocatives)
            if (fold_key(name) == folded) return false;
    return true;
}

bool ends_introduction(std::string_view after) {
    if (after.empty()) return true;
    if (after.front() == ',') {
        std::string_view rest = trim_view(after.substr(1));
        for (std::string_view relative : {"who ", "which ", "that ", "quien ", "que ", "el cual ", "la cual "})
            if (rest.starts_with(relative)) return false;
        // "…, Obama, and Trump", "Susan Collins, Mitt Romney, would…": the outlet was one item of a list.
        for (std::string_view conjunction : {"and ", "or "}) {
            if (!rest.starts_with(conjunction)) continue;
            std::string_view next = rest.substr(conjunction.size());
            if (!next.starts_with("I ") && !next.empty() && !is_lower_start(next)) return false;
        }
        std::vector<std::string> next_words = split_words(rest.substr(0, 80));
        for (std::size_t i = 0; i < next_words.size() && i < 4 && !is_lower_start(next_words[i]); ++i)
            if (next_words[i].back() == ',') return false;
        return true;
    }
    if (after.front() != ' ') return true;
    // A verb after the outlet ("Iran proposed", "the Harbour Authority raised"): the sentence goes on. A
    // connector may go on with the outlet's name or a second one ("Pasión por los Negocios", "Basta y de
    // Grupo Cantón").
    static constexpr std::array<std::string_view, 11> kConnectors{"y", "e", "de", "del", "por", "para", "en",
                                                                  "con", "and", "of", "for"};
    std::string_view rest = trim_view(after);
    std::string_view next = rest.substr(0, rest.find(' '));
    return !is_lower_start(rest) || listed(kConnectors, next);
}

}  // namespace presser::ingest
