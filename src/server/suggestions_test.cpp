#include "server/suggestions.h"

#include <gtest/gtest.h>

namespace presser::server {
namespace {

CorpusTables tables() {
    CorpusTables t;
    auto person = [](std::string name, std::vector<std::string> spellings, std::uint64_t turns) {
        analysis::Person p;
        p.name = std::move(name);
        p.spellings = std::move(spellings);
        p.turns = turns;
        return p;
    };
    t.people.people = {person("Jerome Powell", {"Jerome Powell", "CHAIR POWELL"}, 50), person("Paula Alvarez", {"Paula Alvarez"}, 80),
                       person("Ann Apowski", {"Ann Apowski"}, 90)};
    analysis::Outlet reuters;
    reuters.name = "Reuters";
    reuters.spellings = {"Reuters", "REUTERS"};
    reuters.turns = 7;
    t.people.outlets = {reuters};
    EventRow fomc;
    fomc.id = "848";
    fomc.title = "FOMC Press Conference";
    fomc.date = "2023-06-14";
    fomc.turns = 61;
    EventRow older = fomc;
    older.id = "700";
    older.date = "2022-06-15";
    EventRow untitled;
    untitled.id = "fomc-notes";
    untitled.date = "2021-01-01";
    t.events = {older, fomc, untitled};
    t.organisers = {{"Federal Reserve", 3}, {"Ministry of Finance", 1}};
    return t;
}

std::vector<std::string> values(const Suggestions& s) {
    std::vector<std::string> out;
    for (const auto& r : s.rows) out.push_back(r.value);
    return out;
}

TEST(Suggestions, NamesStartingWithTheTextComeFirstThenWordsThenTheRest) {
    const auto t = tables();
    // "pow": Powell's spelling starts a word, Apowski only contains it; Paula is not offered.
    EXPECT_EQ(values(suggest(t, SuggestField::speaker, "pow", 10)), (std::vector<std::string>{"Jerome Powell", "Ann Apowski"}));
    // "a": Ann Apowski and Paula Alvarez... both start with or have a word starting with it; most turns first within a rank.
    EXPECT_EQ(values(suggest(t, SuggestField::speaker, "A", 10)).front(), "Ann Apowski");
    const auto chair = suggest(t, SuggestField::speaker, "chair", 10);
    ASSERT_EQ(chair.rows.size(), 1u);
    EXPECT_EQ(chair.rows[0].value, "Jerome Powell");  // the canonical name, found by another spelling
    EXPECT_EQ(chair.rows[0].spellings, (std::vector<std::string>{"CHAIR POWELL"}));
    EXPECT_EQ(chair.rows[0].count, 50u);
}

TEST(Suggestions, EventsByTitleIdOrDateNewestFirstWithTheirIds) {
    const auto t = tables();
    const auto fomc = suggest(t, SuggestField::event, "fomc", 10);
    EXPECT_EQ(values(fomc), (std::vector<std::string>{"848", "700", "fomc-notes"}));
    EXPECT_EQ(fomc.rows[0].label, "FOMC Press Conference");
    EXPECT_EQ(fomc.rows[0].date, "2023-06-14");
    EXPECT_EQ(fomc.rows[2].label, "fomc-notes");  // no title: the id
    EXPECT_EQ(values(suggest(t, SuggestField::event, "2022-06", 10)), (std::vector<std::string>{"700"}));
}

TEST(Suggestions, LimitKeepsTheTotalAndAnEmptyTextOffersEveryRow) {
    const auto t = tables();
    const auto one = suggest(t, SuggestField::speaker, "", 1);
    EXPECT_EQ(one.total, 3u);
    EXPECT_EQ(values(one), (std::vector<std::string>{"Ann Apowski"}));  // most turns
    EXPECT_EQ(suggest(t, SuggestField::organiser, "FINANCE", 10).rows.at(0).count, 1u);
    EXPECT_EQ(suggest(t, SuggestField::outlet, "zzz", 10).total, 0u);
}

}  // namespace
}  // namespace presser::server
