#include "model/json.h"

#include <gtest/gtest.h>

namespace presser::model {
namespace {

Event sample_event(std::size_t turns) {
    Event event;
    event.id = "e1";
    event.title = R"(A title with "turns":[] and "exchanges":[] in it)";
    event.speakers.push_back({"s1", "Elena \"Turns\" Vasquez", Role::official, "Harbour Master", {}, {"\"turns\":["}});
    for (std::size_t t = 0; t < turns; ++t) {
        Turn turn;
        turn.id = "t" + std::to_string(t + 1);
        turn.speaker = t % 3 == 0 ? "" : "s1";
        turn.kind = t % 2 == 0 ? TurnKind::question : TurnKind::answer;
        turn.paragraphs.push_back({"Paragraph \"exchanges\":[ " + std::to_string(t), {t * 10, t * 10 + 8}, {}});
        if (t == 1) turn.paragraphs.back().asides.push_back({"(laughter)", {12, 22}});
        event.turns.push_back(std::move(turn));
    }
    for (std::size_t x = 0; x + 1 < turns; x += 2)
        event.exchanges.push_back({"x" + std::to_string(x / 2 + 1), {"t" + std::to_string(x + 1)}, {"t" + std::to_string(x + 2)},
                                   x > 0 ? std::optional<std::string>("x" + std::to_string(x / 2)) : std::nullopt});
    event.warnings.push_back("a warning");
    return event;
}

TEST(EventJsonText, IsTheTreeDumpedWithOrWithoutParagraphText) {
    for (const std::size_t turns : {0, 1, 2, 7}) {
        const Event event = sample_event(turns);
        auto tree = to_json(event);
        EXPECT_EQ(event_json_text(event), tree.dump()) << turns << " turns";
        for (auto& turn : tree["turns"])
            for (auto& paragraph : turn["paragraphs"]) paragraph.erase("text");
        EXPECT_EQ(event_json_text(event, false), tree.dump()) << turns << " turns";
    }
}

}  // namespace
}  // namespace presser::model
