#include "ingest/turn_cues.h"

#include <re2/re2.h>

#include <array>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

#define PRESSER_MEDIA R"((?:video|v[íi]deo|audio|clip|videoclip|c[áa]psula|grabaci[óo]n|spot|promo))"

// "(INICIA VIDEO)", "(BEGIN VIDEO CLIP)", "[Video plays]", "(Se proyecta video)".
bool starts_media(std::string_view text) {
    static const Pattern start(
        R"((?i)^[\(\[]?\s*(?:(?:inicia|comienza|empieza|arranca|se (?:reproduce|proyecta|transmite)|reproducci[óo]n del?|)"
        R"(proyecci[óo]n del?|begin|begins|start|starts|play|plays|playing|roll|rolls|rolling)\s+(?:de |del |the |a |un |el )?)"
        PRESSER_MEDIA R"(|)" PRESSER_MEDIA R"(\s+(?:clip\s+)?(?:begins|starts|plays|playing|is played|rolls|inicia|comienza))\b)");
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), start);
}

// "(FINALIZA VIDEO)", "(END VIDEO CLIP)", "(Termina video)".
bool ends_media(std::string_view text) {
    static const Pattern end(
        R"((?i)^[\(\[]?\s*(?:(?:finaliza|termina|concluye|fin del?|end|ends|end of|stop|stops)\s+(?:de |del |the |of |el )?)"
        PRESSER_MEDIA R"(|)" PRESSER_MEDIA R"(\s+(?:clip\s+)?(?:ends|ended|stops|finaliza|termina|concluye))\b)");
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), end);
}

std::string_view first_text(const model::Turn& turn) {
    return turn.paragraphs.empty() ? std::string_view() : std::string_view(turn.paragraphs.front().text);
}

}  // namespace

bool has_question_mark(std::string_view text) {
    return text.find('?') != std::string_view::npos || text.find("？") != std::string_view::npos ||
           text.find("¿") != std::string_view::npos;
}

std::vector<bool> played_media_turns(const model::Event& event) {
    std::vector<bool> media(event.turns.size(), false);
    const auto marker = [&](std::size_t i) { return event.turns[i].speaker.empty(); };
    for (std::size_t start = 0; start < event.turns.size(); ++start) {
        if (!marker(start) || !starts_media(first_text(event.turns[start]))) continue;
        std::size_t end = start + 1;
        while (end < event.turns.size() && !(marker(end) && (ends_media(first_text(event.turns[end])) ||
                                                             starts_media(first_text(event.turns[end])))))
            ++end;
        if (end == event.turns.size() || !ends_media(first_text(event.turns[end]))) continue;
        for (std::size_t i = start + 1; i < end; ++i) media[i] = !event.turns[i].speaker.empty();
        start = end;
    }
    return media;
}

bool only_gives_floor(const model::Turn& turn) {
    if (turn.paragraphs.size() != 1) return false;
    static const Pattern floor(
        R"(^(?:(?i:yes|yeah|yep|okay|ok|sure|all right|alright|please|thank you|thanks|sí|si|bueno|claro|a ver|ándale|órale|por favor)[,.!]?\s+)*)"
        R"((?i:go ahead|go on|you're up|you’re up|next question|next|adelante|siga|sigue|tiene la palabra|请讲|请提问|请))"
        R"((?:[,.!]?\s+(?i:please|por favor|sir|ma'am|ma’am|señor|señora))?)"
        R"((?:[,.!]?\s+\p{Lu}[\p{L}'’\-]*(?:\s+\p{Lu}[\p{L}'’\-]*){0,2})?\s*[.!。]?$)");
    std::string_view text = trim_view(first_text(turn));
    return text.size() < 80 && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), floor);
}

bool only_acknowledges(const model::Turn& turn) {
    if (turn.paragraphs.size() != 1) return false;
    static const Pattern acknowledgement(
        R"((?i)(?:(?:mm-hmm|mm-hm|mhm|mm|hmm|uh-huh|uh huh|yeah|yes|yep|yup|right|okay|ok|sure|all right|alright|got it|)"
        R"(i see|exactly|correct|true|s[íi]|aj[áa]|mjm|claro|exacto|correcto|okey|ya|[óo]rale|[áa]ndale|)"
        R"(嗯|对|好|是|是的|好的|对的|没错)(?:[,.!。，！…\-—–]|\s)*){1,4})");
    std::string_view text = trim_view(first_text(turn));
    return !text.empty() && text.size() < 60 && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), acknowledgement);
}

bool takes_up(const model::Turn& reply, const model::Turn& remark) {
    static const Pattern agreement(
        R"((?i)^(?:yes|yeah|yep|no|nope|right|exactly|correct|that's right|that’s right|indeed|s[íi]|exacto|correcto|)"
        R"(claro|as[íi] es|efectivamente|对|是|不|没错)(?:[\s,.!。，！…—–-]|$))");
    std::string_view reply_text = trim_view(first_text(reply));
    if (RE2::PartialMatch(re2::StringPiece(reply_text.data(), reply_text.size()), agreement)) return true;
    auto words = [](std::string_view text, std::size_t limit) {
        static constexpr std::array<std::string_view, 19> kMarks{",", ".", ";", ":", "!", "?", "(", ")", "\"", "'", "-",
                                                                 "¡", "¿", "“", "”", "‘", "’", "—", "–"};
        auto strip = [](std::string_view word) {
            for (bool again = true; again && !word.empty();) {
                again = false;
                for (std::string_view mark : kMarks) {
                    if (word.ends_with(mark)) word.remove_suffix(mark.size()), again = true;
                    if (word.starts_with(mark)) word.remove_prefix(mark.size()), again = true;
                }
            }
            return word;
        };
        std::vector<std::string> folded;
        for (const std::string& word : split_words(text)) {
            folded.push_back(ascii_lower(strip(word)));
            if (folded.size() == limit) break;
        }
        return folded;
    };
    const std::vector<std::string> opening = words(reply_text, 10);
    for (const std::string& word : words(first_text(remark), 10)) {
        if (word.size() < 4) continue;
        for (const std::string& other : opening)
            if (other == word) return true;
    }
    return false;
}

bool asks_or_requests(const model::Turn& turn) {
    static const Pattern request(
        R"((?i)\b(?:ask|asking|question|questions|wonder|wondering|curious|could you|can you|would you|will you|do you|did you|)"
        R"(tell us|talk about|explain|comment|clarify|preguntar|preguntarle|pregunta|quisiera|quiero saber|nos puede|podría|)"
        R"(comentar|explicar|aclarar)\b|请问|想问|是否|能否|如何)");
    for (const model::Paragraph& paragraph : turn.paragraphs) {
        if (has_question_mark(paragraph.text)) return true;
        if (RE2::PartialMatch(re2::StringPiece(paragraph.text.data(), paragraph.text.size()), request)) return true;
    }
    return false;
}

}  // namespace presser::ingest
