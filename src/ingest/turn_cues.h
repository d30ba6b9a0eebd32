// What a turn's own words say about its kind, whoever speaks it: a clip played between "(INICIA VIDEO)" and
// "(FINALIZA VIDEO)", a turn that only gives the floor ("Go ahead, Priya.", "Sí, adelante."), a turn that
// asks or requests something without a question mark ("I wonder if you could…", "Preguntarle sobre…").
// Internal to src/ingest.
#pragma once

#include <string_view>
#include <vector>

#include "model/transcript.h"

namespace presser::ingest {

// Per turn of `event`: whether it lies between a marker that starts a played video, audio or clip and the
// marker that ends it (en, es). A start without an end marks nothing.
[[nodiscard]] std::vector<bool> played_media_turns(const model::Event& event);

// The whole turn gives the floor: "Go ahead.", "Go ahead, Priya.", "Adelante.", "Sí, adelante.", "请讲。"
[[nodiscard]] bool only_gives_floor(const model::Turn& turn);

// A question mark, or words that ask or request ("can you", "I wonder", "preguntarle", "请问").
[[nodiscard]] bool asks_or_requests(const model::Turn& turn);

// The whole turn only acknowledges, a backchannel: "Mm-hmm.", "Yeah.", "Right.", "Okay, okay.", "Sure.",
// "Ajá.", "Sí, sí.", "Claro.", "嗯。", "好的。" (at most four such words, nothing else).
[[nodiscard]] bool only_acknowledges(const model::Turn& turn);

// Whether `reply` takes up the short remark `remark` before it: it begins by agreeing or disagreeing
// ("Yes", "No", "Sí", "Exacto", "对") or repeats one of the remark's words of four letters or more within
// its first ten words ("Quinientos millones de dólares, sí").
[[nodiscard]] bool takes_up(const model::Turn& reply, const model::Turn& remark);

// A question mark of any script: '?', '？', '¿'.
[[nodiscard]] bool has_question_mark(std::string_view text);

}  // namespace presser::ingest
