#include "text/tokenizer.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string>
#include <vector>

#include "text/analyzer.h"

namespace presser::text {
namespace {

struct Tokenized {
    std::vector<std::string> words;
    std::vector<bool> starts;
};

// Checks the contract on every call: offsets valid, increasing, no overlap, no whitespace in a token.
Tokenized tokenize(std::string_view text, std::string_view language = "en",
                   Tokenizer::Path path = Tokenizer::Path::automatic) {
    static Tokenizer tokenizer;
    std::vector<Token> tokens;
    tokenizer.tokenize(text, language, tokens, path);
    Tokenized out;
    std::uint32_t previous_end = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        EXPECT_LT(t.begin, t.end);
        EXPECT_LE(t.end, text.size());
        EXPECT_GE(t.begin, previous_end);
        previous_end = t.end;
        std::string_view word = text.substr(t.begin, t.end - t.begin);
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(word.data());
        std::int32_t at = 0, length = static_cast<std::int32_t>(word.size());
        while (at < length) {
            UChar32 c;
            U8_NEXT(bytes, at, length, c);
            EXPECT_FALSE(c >= 0 && u_isUWhiteSpace(c)) << "whitespace in token '" << word << "'";
        }
        out.words.emplace_back(word);
        out.starts.push_back(t.sentence_start);
    }
    if (!tokens.empty()) {
        EXPECT_TRUE(tokens.front().sentence_start);
    }
    return out;
}

std::vector<std::string> words(std::string_view text, std::string_view language = "en") {
    return tokenize(text, language).words;
}

using V = std::vector<std::string>;

TEST(TokenTest, WordsAndPunctuation) {
    EXPECT_EQ(words("Hello, world! How are you?"), (V{"Hello", ",", "world", "!", "How", "are", "you", "?"}));
    EXPECT_EQ(words("  spaced   out\t\ttext \n"), (V{"spaced", "out", "text"}));
    EXPECT_EQ(words("(Laughter.)"), (V{"(", "Laughter", ".", ")"}));
    EXPECT_EQ(words("well-known — “quoted”"), (V{"well", "-", "known", "—", "“", "quoted", "”"}));
}

TEST(TokenTest, Numbers) {
    EXPECT_EQ(words("It cost $1,000.50 at 3:30 p.m., up 2.5%."),
              (V{"It", "cost", "$", "1,000.50", "at", "3:30", "p.m", ".", ",", "up", "2.5", "%", "."}));
    EXPECT_EQ(words("from 10:30:45 to 11:00am"), (V{"from", "10:30:45", "to", "11:00am"}));
    EXPECT_EQ(words("in 2021 and 2022"), (V{"in", "2021", "and", "2022"}));
}

TEST(TokenTest, UrlsEmailsHandlesHashtags) {
    EXPECT_EQ(words("See https://www.whitehouse.gov/briefing-room/statements/ now."),
              (V{"See", "https://www.whitehouse.gov/briefing-room/statements/", "now", "."}));
    EXPECT_EQ(words("(at www.gob.mx/presidencia)"), (V{"(", "at", "www.gob.mx/presidencia", ")"}));
    EXPECT_EQ(words("Write to press.office@example.com."), (V{"Write", "to", "press.office@example.com", "."}));
    EXPECT_EQ(words("Thanks @POTUS and #COVID19 #México!", "es"),
              (V{"Thanks", "@POTUS", "and", "#COVID19", "#México", "!"}));
    EXPECT_EQ(words("a#b and # alone"), (V{"a", "#", "b", "and", "#", "alone"}));
}

TEST(TokenTest, Contractions) {
    EXPECT_EQ(words("I don't think Biden's plan won’t work."),
              (V{"I", "don't", "think", "Biden's", "plan", "won’t", "work", "."}));
    EXPECT_EQ(words("del país", "es"), (V{"del", "país"}));
}

TEST(TokenTest, SpanishInvertedMarks) {
    EXPECT_EQ(words("¿Qué pasó? ¡Nada!", "es"), (V{"¿", "Qué", "pasó", "?", "¡", "Nada", "!"}));
    EXPECT_EQ(tokenize("¿Qué pasó? ¡Nada!", "es").starts, (std::vector<bool>{1, 0, 0, 0, 1, 0, 0}));
}

TEST(TokenTest, ChineseIsSegmentedIntoWords) {
    V w = words("外交部发言人汪文斌主持例行记者会。", "zh");
    EXPECT_GE(w.size(), 5u);
    EXPECT_LE(w.size(), 12u);
    EXPECT_EQ(w.back(), "。");
    // Neither characters nor the whole clause.
    bool multi_character = false;
    for (const auto& word : w) multi_character = multi_character || word.size() > 3;
    EXPECT_TRUE(multi_character);
}

TEST(TokenTest, SentenceStarts) {
    auto t = tokenize("Thank you. Next question. Yes?");
    EXPECT_EQ(t.words, (V{"Thank", "you", ".", "Next", "question", ".", "Yes", "?"}));
    EXPECT_EQ(t.starts, (std::vector<bool>{1, 0, 0, 1, 0, 0, 1, 0}));
    // CLDR's suppressions: no sentence starts after "Mr."
    auto mr = tokenize("Mr. Biden spoke. Then Mrs. Smith did.");
    ASSERT_EQ(mr.words.size(), 11u);
    EXPECT_FALSE(mr.starts[2]);  // "Biden"
    EXPECT_TRUE(mr.starts[5]);   // "Then"
    EXPECT_FALSE(mr.starts[8]);  // "Smith"
    // The first token always starts a sentence, even after a lowercase continuation.
    EXPECT_TRUE(tokenize("and so on").starts[0]);
}

TEST(TokenTest, EmptyAndHugeParagraphs) {
    EXPECT_TRUE(words("").empty());
    EXPECT_TRUE(words("   \n\t ").empty());
    std::string huge;
    for (int i = 0; i < 40000; ++i) huge += "The Committee decided to raise rates by 0.25 percent. ";
    Tokenizer tokenizer;
    std::vector<Token> tokens;
    tokenizer.tokenize(huge, "en", tokens);
    EXPECT_EQ(tokens.size(), 40000u * 10);
    std::size_t sentences = 0;
    for (const Token& t : tokens) sentences += t.sentence_start;
    EXPECT_EQ(sentences, 40000u);
}

TEST(TokenTest, OddInputNeverBreaksTheContract) {
    const std::string inputs[] = {
        std::string("\xCC\x81\xCC\x81 lone combining marks"),
        std::string("emoji 👍🏽 and 👨‍👩‍👧 family 🇲🇽"),
        std::string("nul\0bytes\0", 10),
        std::string("invalid \xFF\xFE utf-8 \xC3"),
        std::string("\xE2\x80\x8B zero width \xC2\xA0 nbsp \xE3\x80\x80 ideographic space"),
        std::string("a\r\nb\rc\nd\x0B" "e\x0C" "f"),
        std::string("...!!!???"),
        std::string("@ # : . @@ ## http:// www. a@ @b"),
        std::string(" \xCC\x81"),
    };
    for (const std::string& input : inputs)
        for (const char* language : {"en", "es", "zh", "", "tr"}) tokenize(input, language);
}

TEST(TokenTest, FastPathAgreesWithIcuOnSamples) {
    const char* samples[] = {
        "Q    Thank you, Karine. Mr. President — sorry — Mr. Kirby, what's the U.S. position?",
        "THE PRESIDENT: Well, look, 3.5% is “not bad”... I'd say it's 1,000.50 dollars; ok?",
        "El presidente dijo: ¿por qué no? «Vamos» a ver. Sr. López, adelante. A. Sí.",
        "e.g. the a.m. session (10 a.m.) ended.\nNext line. 'Quoted.' Done.",
        "He said \"Stop.\" then left. U.S.A. is big. U.S. Navy. 5.Five",
        "end.   spaces. tab.\there.\r\nCRLF! ok",
    };
    for (const char* sample : samples) {
        Tokenized icu = tokenize(sample, "en", Tokenizer::Path::icu_only);
        Tokenized fast = tokenize(sample, "en", Tokenizer::Path::fast_only);
        EXPECT_EQ(icu.words, fast.words) << sample;
        EXPECT_EQ(icu.starts, fast.starts) << sample;
        Tokenized icu_es = tokenize(sample, "es", Tokenizer::Path::icu_only);
        Tokenized fast_es = tokenize(sample, "es", Tokenizer::Path::fast_only);
        EXPECT_EQ(icu_es.words, fast_es.words) << sample;
        EXPECT_EQ(icu_es.starts, fast_es.starts) << sample;
    }
}

TEST(TokenTest, UnspacedLanguages) {
    EXPECT_TRUE(is_unspaced_script_language("zh"));
    EXPECT_TRUE(is_unspaced_script_language("ja"));
    EXPECT_FALSE(is_unspaced_script_language("en"));
    EXPECT_FALSE(is_unspaced_script_language(""));
}

}  // namespace
}  // namespace presser::text
