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

nlohmann::ordered_json turn_json(const Turn& turn, bool paragraph_text) {
    nlohmann::ordered_json paragraphs = nlohmann::ordered_json::array();
    for (const Paragraph& paragraph : turn.paragraphs) {
        paragraphs.push_back(paragraph_json(paragraph));
        if (!paragraph_text) paragraphs.back().erase("text");
    }
    nlohmann::ordered_json out{
        {"id", turn.id},
        {"speaker", turn.speaker.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(turn.speaker)},
        {"kind", to_string(turn.kind)}};
    if (turn.time_offset) out["time_offset"] = *turn.time_offset;
    out["paragraphs"] = std::move(paragraphs);
    return out;
}

nlohmann::ordered_json exchange_json(const Exchange& exchange) {
    return {{"id", exchange.id},
            {"questions", exchange.questions},
            {"answers", exchange.answers},
            {"follows", exchange.follows ? nlohmann::ordered_json(*exchange.follows) : nlohmann::ordered_json(nullptr)}};
}

// Everything but the turns and the exchanges, whose arrays are left empty.
nlohmann::ordered_json event_outline(const Event& event) {
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
    if (!event.fields.empty()) {
        auto& fields = out["fields"] = nlohmann::ordered_json::array();
        for (const EventField& field : event.fields) fields.push_back({{"name", field.name}, {"value", field.value}});
    }

    auto& speakers = out["speakers"] = nlohmann::ordered_json::array();
    for (const Speaker& speaker : event.speakers)
        speakers.push_back({{"id", speaker.id},
                            {"name", speaker.name},
                            {"role", to_string(speaker.role)},
                            {"title", speaker.title},
                            {"affiliations", speaker.affiliations},
                            {"aliases", speaker.aliases}});
    out["turns"] = nlohmann::ordered_json::array();
    out["exchanges"] = nlohmann::ordered_json::array();
    out["warnings"] = event.warnings;
    return out;
}

}  // namespace

nlohmann::ordered_json to_json(const Event& event) {
    auto out = event_outline(event);
    auto& turns = out["turns"];
    for (const Turn& turn : event.turns) turns.push_back(turn_json(turn, true));
    auto& exchanges = out["exchanges"];
    for (const Exchange& exchange : event.exchanges) exchanges.push_back(exchange_json(exchange));
    return out;
}

std::string event_json_text(const Event& event, bool paragraph_text) {
    const std::string outline = event_outline(event).dump();
    // Quotes inside string values are escaped, so these empty arrays are found as keys only.
    constexpr std::string_view kTurns = "\"turns\":[", kExchanges = "\"exchanges\":[";
    const std::size_t turns_end = outline.find(kTurns) + kTurns.size();
    const std::size_t exchanges_end = outline.find(kExchanges, turns_end) + kExchanges.size();
    std::string out(outline, 0, turns_end);
    for (std::size_t t = 0; t < event.turns.size(); ++t) {
        if (t > 0) out += ',';
        out += turn_json(event.turns[t], paragraph_text).dump();
    }
    out.append(outline, turns_end, exchanges_end - turns_end);
    for (std::size_t x = 0; x < event.exchanges.size(); ++x) {
        if (x > 0) out += ',';
        out += exchange_json(event.exchanges[x]).dump();
    }
    out.append(outline, exchanges_end);
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
    if (json.contains("fields"))
        for (const auto& field : json.at("fields"))
            event.fields.push_back({field.at("name").get<std::string>(), field.at("value").get<std::string>()});
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
    for (const auto& item : json.at("turns")) event.turns.push_back(turn_from_json(item));
    for (const auto& item : json.at("exchanges")) event.exchanges.push_back(exchange_from_json(item));
    event.warnings = json.at("warnings").get<std::vector<std::string>>();
    return event;
}

Turn turn_from_json(const nlohmann::json& item) {
    Turn turn;
    turn.id = item.at("id").get<std::string>();
    if (!item.at("speaker").is_null()) turn.speaker = item.at("speaker").get<std::string>();
    turn.kind = parse_turn_kind(item.at("kind").get<std::string>()).value_or(TurnKind::narration);
    if (item.contains("time_offset")) turn.time_offset = item.at("time_offset").get<std::uint32_t>();
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
    return turn;
}

Exchange exchange_from_json(const nlohmann::json& item) {
    Exchange exchange;
    exchange.id = item.at("id").get<std::string>();
    exchange.questions = item.at("questions").get<std::vector<std::string>>();
    exchange.answers = item.at("answers").get<std::vector<std::string>>();
    if (!item.at("follows").is_null()) exchange.follows = item.at("follows").get<std::string>();
    return exchange;
}

}  // namespace presser::model
