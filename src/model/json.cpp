#include "model/json.h"

namespace presser::model {
namespace {

nlohmann::ordered_json paragraph_json(const Paragraph& paragraph) {
    nlohmann::ordered_json out{
        {"text", paragraph.text}, {"start", paragraph.range.start}, {"end", paragraph.range.end}};
    if (!paragraph.asides.empty()) {
        auto& asides = out["asides"] = nlohmann::ordered_json::array();
        for (const Aside& aside : paragraph.asides)
            asides.push_back({{"text", aside.text}, {"start", aside.range.start}, {"end", aside.range.end}});
    }
    return out;
}

}  // namespace

nlohmann::ordered_json to_json(const Event& event) {
    nlohmann::ordered_json out;
    out["id"] = event.id;
    out["title"] = event.title;
    out["date"] = event.date.to_string();
    out["date_precision"] = to_string(event.date.precision);
    out["organiser"] = event.organiser;
    out["venue"] = event.venue;
    out["language"] = event.language;
    out["source"] = event.source;
    out["source_format"] = event.source_format;
    out["source_encoding"] = event.source_encoding;
    out["source_url"] = event.source_url;
    out["source_note"] = event.source_note;

    auto& speakers = out["speakers"] = nlohmann::ordered_json::array();
    for (const Speaker& speaker : event.speakers)
        speakers.push_back({{"id", speaker.id},
                            {"name", speaker.name},
                            {"role", to_string(speaker.role)},
                            {"title", speaker.title},
                            {"affiliations", speaker.affiliations},
                            {"aliases", speaker.aliases}});

    auto& turns = out["turns"] = nlohmann::ordered_json::array();
    for (const Turn& turn : event.turns) {
        nlohmann::ordered_json paragraphs = nlohmann::ordered_json::array();
        for (const Paragraph& paragraph : turn.paragraphs) paragraphs.push_back(paragraph_json(paragraph));
        turns.push_back({{"id", turn.id},
                         {"speaker", turn.speaker.empty() ? nlohmann::ordered_json(nullptr)
                                                          : nlohmann::ordered_json(turn.speaker)},
                         {"kind", to_string(turn.kind)},
                         {"paragraphs", std::move(paragraphs)}});
    }

    auto& exchanges = out["exchanges"] = nlohmann::ordered_json::array();
    for (const Exchange& exchange : event.exchanges)
        exchanges.push_back({{"id", exchange.id},
                             {"questions", exchange.questions},
                             {"answers", exchange.answers},
                             {"follows", exchange.follows ? nlohmann::ordered_json(*exchange.follows)
                                                          : nlohmann::ordered_json(nullptr)}});
    out["warnings"] = event.warnings;
    return out;
}

Event event_from_json(const nlohmann::json& json) {
    Event event;
    event.id = json.at("id").get<std::string>();
    event.title = json.at("title").get<std::string>();
    if (auto date = PartialDate::parse_iso(json.at("date").get<std::string>())) event.date = *date;
    if (auto precision = parse_date_precision(json.value("date_precision", ""))) event.date.precision = *precision;
    event.organiser = json.at("organiser").get<std::string>();
    event.venue = json.at("venue").get<std::string>();
    event.language = json.at("language").get<std::string>();
    event.source = json.at("source").get<std::string>();
    event.source_format = json.at("source_format").get<std::string>();
    event.source_encoding = json.at("source_encoding").get<std::string>();
    event.source_url = json.at("source_url").get<std::string>();
    event.source_note = json.at("source_note").get<std::string>();
    for (const auto& item : json.at("speakers")) {
        Speaker speaker;
        speaker.id = item.at("id").get<std::string>();
        speaker.name = item.at("name").get<std::string>();
        speaker.role = parse_role(item.at("role").get<std::string>()).value_or(Role::unknown);
        speaker.title = item.at("title").get<std::string>();
        speaker.affiliations = item.at("affiliations").get<std::vector<std::string>>();
        speaker.aliases = item.at("aliases").get<std::vector<std::string>>();
        event.speakers.push_back(std::move(speaker));
    }
    for (const auto& item : json.at("turns")) {
        Turn turn;
        turn.id = item.at("id").get<std::string>();
        if (!item.at("speaker").is_null()) turn.speaker = item.at("speaker").get<std::string>();
        turn.kind = parse_turn_kind(item.at("kind").get<std::string>()).value_or(TurnKind::narration);
        for (const auto& p : item.at("paragraphs")) {
            Paragraph paragraph;
            paragraph.text = p.value("text", "");
            paragraph.range = {p.at("start").get<std::uint64_t>(), p.at("end").get<std::uint64_t>()};
            if (p.contains("asides"))
                for (const auto& a : p.at("asides"))
                    paragraph.asides.push_back({a.at("text").get<std::string>(),
                                                {a.at("start").get<std::uint64_t>(), a.at("end").get<std::uint64_t>()}});
            turn.paragraphs.push_back(std::move(paragraph));
        }
        event.turns.push_back(std::move(turn));
    }
    for (const auto& item : json.at("exchanges")) {
        Exchange exchange;
        exchange.id = item.at("id").get<std::string>();
        exchange.questions = item.at("questions").get<std::vector<std::string>>();
        exchange.answers = item.at("answers").get<std::vector<std::string>>();
        if (!item.at("follows").is_null()) exchange.follows = item.at("follows").get<std::string>();
        event.exchanges.push_back(std::move(exchange));
    }
    event.warnings = json.at("warnings").get<std::vector<std::string>>();
    return event;
}

}  // namespace presser::model
