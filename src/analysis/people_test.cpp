#include "analysis/people.h"

#include <gtest/gtest.h>

namespace presser::analysis {
namespace {

SpeakerRecord record(std::string name, std::string title, std::string role, std::string organiser, std::string date,
                     std::uint64_t event, std::uint64_t turns, std::vector<std::string> outlets = {}) {
    SpeakerRecord r;
    r.name = std::move(name);
    r.title = std::move(title);
    r.role = std::move(role);
    r.organiser = std::move(organiser);
    r.date = std::move(date);
    r.event = event;
    r.turns = turns;
    r.tokens = turns * 10;
    r.outlets = std::move(outlets);
    return r;
}

const Person* find(const CorpusPeople& people, std::string_view name) {
    for (const auto& p : people.people)
        if (p.name == name) return &p;
    return nullptr;
}

TEST(People, SpellingsOfOneNameAreOnePersonWithOfficesOverTime) {
    auto people = resolve_people({record("Jen Psaki", "Press Secretary", "official", "White House", "2021-03-01", 1, 40),
                                  record("JEN PSAKI", "", "official", "White House", "2021-05-02", 2, 5),
                                  record("Jen Psaki", "Communications Director", "official", "White House", "2019-01-01", 3, 2)});
    ASSERT_EQ(people.people.size(), 1u);
    const Person& p = people.people[0];
    EXPECT_EQ(p.name, "Jen Psaki");
    EXPECT_EQ(p.turns, 47u);
    EXPECT_EQ(p.events, 3u);
    ASSERT_EQ(p.offices.size(), 2u);
    EXPECT_EQ(p.offices[0].title, "Communications Director");
    EXPECT_EQ(p.offices[1].first_date, "2021-03-01");
    EXPECT_EQ(p.first_date, "2019-01-01");
    EXPECT_EQ(p.last_date, "2021-05-02");
}

TEST(People, SurnameJoinsTheOnePersonItSharesEvidenceWith) {
    auto people = resolve_people({record("Jen Psaki", "Press Secretary", "official", "White House", "2021-03-01", 1, 40),
                                  record("Psaki", "Press Secretary", "official", "", "2021-04-01", 2, 7)});
    ASSERT_EQ(people.people.size(), 1u);
    EXPECT_EQ(people.people[0].name, "Jen Psaki");
    EXPECT_EQ(people.people[0].turns, 47u);
    EXPECT_EQ(people.people[0].spellings, (std::vector<std::string>{"Jen Psaki", "Psaki"}));
}

TEST(People, SameSurnameIsNeverMergedWithoutEvidence) {
    // No shared organiser or office: "Smith" stays its own entry.
    auto people = resolve_people({record("Anna Smith", "Minister", "official", "Ministry A", "2021-01-01", 1, 3),
                                  record("Smith", "", "journalist", "", "2021-01-02", 2, 2)});
    EXPECT_EQ(people.people.size(), 2u);
    // Two full names ending in the surname, both with evidence: ambiguous, not merged.
    people = resolve_people({record("Anna Smith", "Minister", "official", "Gov", "2021-01-01", 1, 3),
                             record("Bob Smith", "Minister", "official", "Gov", "2021-01-01", 1, 3),
                             record("Smith", "Minister", "official", "Gov", "2021-01-02", 2, 2)});
    EXPECT_EQ(people.people.size(), 3u);
    ASSERT_NE(find(people, "Smith"), nullptr);
}

TEST(People, AnonymousSpeakersAreNoPerson) {
    auto people = resolve_people({record("", "", "journalist", "", "", 1, 9), record("Qin Gang", "", "official", "", "", 1, 4)});
    ASSERT_EQ(people.people.size(), 1u);
    EXPECT_EQ(people.unidentified_turns, 9u);
}

TEST(People, OutletsJoinKnownSpellingsAndKeepWhatWasWritten) {
    auto people = resolve_people({record("", "", "journalist", "", "", 1, 3, {"AP"}),
                                  record("", "", "journalist", "", "", 2, 2, {"Associated Press"}),
                                  record("", "", "journalist", "", "", 3, 4, {"法新社"}),
                                  record("", "", "journalist", "", "", 4, 1, {"AFP"}),
                                  record("", "", "journalist", "", "", 5, 1, {"Lakeside Courier"}),
                                  record("", "", "journalist", "", "", 6, 1, {"the Lakeside Courier"})});
    ASSERT_EQ(people.outlets.size(), 3u);
    EXPECT_EQ(people.outlets[0].name, "Associated Press");
    EXPECT_EQ(people.outlets[0].turns, 5u);
    EXPECT_TRUE(people.outlets[0].known);
    EXPECT_EQ(people.outlets[1].name, "Agence France-Presse");
    EXPECT_EQ(people.outlets[1].spellings, (std::vector<std::string>{"法新社", "AFP"}));
    EXPECT_EQ(people.outlets[2].name, "Lakeside Courier");
    EXPECT_FALSE(people.outlets[2].known);
    EXPECT_EQ(people.outlets[2].events, 2u);
}

TEST(People, IdentityKeyFoldsCaseAccentsAndPunctuation) {
    EXPECT_EQ(identity_key("Jean-Pierre, K."), "jean pierre k");
    EXPECT_EQ(identity_key("CASAUBÓN"), "casaubon");
    EXPECT_EQ(identity_key("  Andrés   Manuel "), "andres manuel");
}

}  // namespace
}  // namespace presser::analysis
