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

}  // namespace presser::model
