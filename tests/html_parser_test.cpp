// The HTML parser on small hand-written pages: containers, paragraphs, labels, bold questions, text and
// byte ranges, page facts, broken and hostile markup.
#include <gtest/gtest.h>

#include <random>

#include "ingest/format_parsers.h"
#include "ingest/parser.h"
#include "ingest/source_text.h"

namespace presser {
namespace {

using ingest::Draft;
using ingest::DraftBlock;
using ingest::LabelClass;

struct Parsed {
    ingest::SourceText source;
    Draft draft;
};

// Every paragraph (and its unlabelled alternative) lies inside the source and starts before it ends.
void expect_ranges_inside(const Parsed& parsed) {
    const std::size_t size = parsed.source.text.size();
    for (const DraftBlock& block : parsed.draft.blocks) {
        EXPECT_LE(block.paragraph.range.start, block.paragraph.range.end) << block.paragraph.text;
        EXPECT_LE(block.paragraph.range.end, size) << block.paragraph.text;
        if (block.unlabeled) {
            EXPECT_LE(block.unlabeled->range.start, block.unlabeled->range.end);
            EXPECT_LE(block.unlabeled->range.end, size);
        }
    }
}

Parsed parse(std::string html) {
    auto source = ingest::decode_source(std::move(html), "page.html");
    EXPECT_TRUE(source.ok()) << source.error().describe();
    Parsed parsed{std::move(source.value()), {}};
    auto draft = ingest::parse_html_draft(parsed.source);
    EXPECT_TRUE(draft.ok()) << draft.error().describe();
    if (draft.ok()) parsed.draft = std::move(draft.value());
    expect_ranges_inside(parsed);
    return parsed;
}

std::string_view range_text(const Parsed& parsed, const model::ByteRange& range) {
    return std::string_view(parsed.source.text).substr(range.start, range.end - range.start);
}

std::vector<std::string> texts(const Draft& draft) {
    std::vector<std::string> out;
    for (const DraftBlock& block : draft.blocks) out.push_back(block.paragraph.text);
    return out;
}

ingest::ParseOptions html_options() {
    ingest::ParseOptions options;
    options.format = ingest::Format::html;
    return options;
}

model::Event build(std::string html) {
    auto events = ingest::parse_bytes(std::move(html), "page.html", html_options());
    EXPECT_TRUE(events.ok()) << events.error().describe();
    EXPECT_EQ(events->size(), 1u);
    return events->front();
}

TEST(HtmlParser, GenericPageReadsTheMainContainerWithLabels) {
    Parsed page = parse(R"(<!DOCTYPE html>
<html lang="en-US"><head><title>Press Briefing by Press Secretary Jen Psaki | The White House</title>
<meta property="og:site_name" content="The White House"></head>
<body><nav><p>Home</p><p>Briefing Room</p></nav>
<main><div class="body">
<p>MS. PSAKI: Good afternoon.</p>
<p>Q Thanks, Jen. Two questions.</p>
<p>MS. PSAKI: Sure.</p>
<p>We will see.</p>
</div></main><footer><p>Privacy</p></footer></body></html>)");
    const Draft& draft = page.draft;
    EXPECT_EQ(draft.source_format, "html");
    EXPECT_EQ(draft.title, "Press Briefing by Press Secretary Jen Psaki");
    EXPECT_EQ(draft.organiser, "The White House");
    EXPECT_EQ(draft.language, "en-US");
    ASSERT_EQ(texts(draft), (std::vector<std::string>{"Good afternoon.", "Thanks, Jen. Two questions.", "Sure.", "We will see."}));
    ASSERT_TRUE(draft.blocks[0].label && draft.blocks[1].label && draft.blocks[2].label);
    EXPECT_FALSE(draft.blocks[3].label);
    EXPECT_EQ(draft.blocks[0].label->name, "Psaki");
    EXPECT_EQ(draft.blocks[1].label->label_class, LabelClass::question_marker);
    EXPECT_FALSE(draft.blocks[0].emphasised);
    // Without markup inside, a paragraph's range is exactly its text after the label.
    for (const DraftBlock& block : draft.blocks) EXPECT_EQ(range_text(page, block.paragraph.range), block.paragraph.text);
}

TEST(HtmlParser, BoldQuestionsAndNamedAnswersBecomeExchanges) {
    const std::string html = R"(<html><head><title>2020年9月2日外交部发言人华春莹主持例行记者会 — 中华人民共和国外交部</title></head>
<body><div id="News_Body_Txt_A">
<p align="center"><img src="a.jpg">　　</p>
<p>　　应邀请，王毅将出席会议。</p>
<p>　　<b><span><b>法新社记者：第一个问题，</b>6月以来的情况？</span></b> </p>
<p>　　华春莹：我们注意到有关报道。</p>
<p>　　中方立场是一贯的。</p>
<p><strong>路透社记者：还有一个问题？</strong></p>
<p>华春莹：没有。</p>
</div></body></html>)";
    Parsed page = parse(html);
    const Draft& draft = page.draft;
    EXPECT_EQ(draft.title, "2020年9月2日外交部发言人华春莹主持例行记者会");
    EXPECT_EQ(draft.organiser, "中华人民共和国外交部");
    EXPECT_FALSE(draft.declared_date.has_value());  // the title dates it
    ASSERT_EQ(texts(draft), (std::vector<std::string>{"应邀请，王毅将出席会议。", "第一个问题，6月以来的情况？",
                                                      "我们注意到有关报道。", "中方立场是一贯的。", "还有一个问题？", "没有。"}));
    const DraftBlock& question = draft.blocks[1];
    EXPECT_TRUE(question.emphasised);
    ASSERT_TRUE(question.label);
    EXPECT_EQ(question.label->label_class, LabelClass::outlet_reporter);
    EXPECT_EQ(question.label->affiliations, (std::vector<std::string>{"法新社"}));
    // The question's range runs from its first character to its last, over the markup between.
    EXPECT_EQ(range_text(page, question.paragraph.range), "第一个问题，</b>6月以来的情况？");
    const DraftBlock& answer = draft.blocks[2];
    EXPECT_FALSE(answer.emphasised);
    ASSERT_TRUE(answer.label && answer.unlabeled);
    EXPECT_TRUE(answer.label->weak);
    EXPECT_EQ(answer.label->text, "华春莹");
    EXPECT_EQ(range_text(page, answer.paragraph.range), "我们注意到有关报道。");
    EXPECT_EQ(answer.unlabeled->text, "华春莹：我们注意到有关报道。");
    EXPECT_EQ(range_text(page, answer.unlabeled->range), "华春莹：我们注意到有关报道。");
    EXPECT_TRUE(draft.blocks[4].emphasised);

    model::Event event = build(html);
    EXPECT_EQ(event.date.to_string(), "2020-09-02");
    ASSERT_EQ(event.exchanges.size(), 2u);
    const model::Speaker* official = nullptr;
    for (const model::Speaker& speaker : event.speakers)
        if (speaker.name == "华春莹") official = &speaker;
    ASSERT_NE(official, nullptr);
    EXPECT_EQ(official->role, model::Role::official);
    EXPECT_EQ(official->title, "外交部发言人");
    const model::Turn* first_answer = event.find_turn(event.exchanges[0].answers.at(0));
    ASSERT_NE(first_answer, nullptr);
    EXPECT_EQ(first_answer->paragraphs.size(), 2u);
}

TEST(HtmlParser, BoldParagraphsWithoutJournalistLabelsStillAsk) {
    Parsed page = parse(R"(<html><body><div>
<p><b>法新社记者：第一个问题？</b></p><p>汪文斌：回答一。</p>
<p><b>追问：你能否证实？</b></p><p>我们保持沟通。</p>
<p>***********************</p>
<p><b>会后有记者问及：</b><b>据报道，有消息。中方有何评论？</b></p><p>汪文斌：回答三。</p>
<p><b>据报道，又有消息。中方有何评论？</b></p><p><b>这是问题的第二段。</b></p><p>汪文斌：回答四。</p>
</div></body></html>)");
    const Draft& draft = page.draft;
    ASSERT_EQ(draft.blocks.size(), 9u);  // the rule is not a paragraph
    auto label_of = [&](std::size_t i) { return draft.blocks[i].label ? draft.blocks[i].label->text : std::string("-"); };
    auto class_of = [&](std::size_t i) { return draft.blocks[i].label->label_class; };
    // A weak name-like label that only opens bold paragraphs marks a question.
    EXPECT_EQ(label_of(2), "追问");
    EXPECT_EQ(class_of(2), LabelClass::question_marker);
    EXPECT_FALSE(draft.blocks[2].label->weak);
    // Plain, unlabelled text right after a bold question answers it.
    EXPECT_EQ(label_of(3), "答");
    EXPECT_EQ(class_of(3), LabelClass::answer_marker);
    EXPECT_EQ(draft.blocks[3].paragraph.text, "我们保持沟通。");
    // An unknown lead-in before a colon becomes the asker's label; its text starts after the colon.
    EXPECT_EQ(label_of(4), "会后有记者问及");
    EXPECT_EQ(class_of(4), LabelClass::question_marker);
    EXPECT_EQ(draft.blocks[4].paragraph.text, "据报道，有消息。中方有何评论？");
    EXPECT_EQ(range_text(page, draft.blocks[4].paragraph.range), "据报道，有消息。中方有何评论？");
    // No label at all: an anonymous question, and a second bold paragraph goes on with it.
    EXPECT_EQ(label_of(6), "问");
    EXPECT_EQ(draft.blocks[6].paragraph.text, "据报道，又有消息。中方有何评论？");
    EXPECT_EQ(label_of(7), "-");
    EXPECT_EQ(label_of(8), "汪文斌");
}

TEST(HtmlParser, BoldLeadInsNamingAJournalistKeepTheOutlet) {
    Parsed page = parse(R"(<html><body><div>
<p><b>法新社记者：第一个问题？</b></p><p>汪文斌：回答一。</p>
<p><b>西班牙《阿贝赛报》记者：第二个问题？</b></p><p>汪文斌：回答二。</p>
</div></body></html>)");
    ASSERT_EQ(page.draft.blocks.size(), 4u);
    const DraftBlock& question = page.draft.blocks[2];
    ASSERT_TRUE(question.label);
    EXPECT_EQ(question.label->text, "西班牙《阿贝赛报》记者");
    EXPECT_EQ(question.label->label_class, LabelClass::outlet_reporter);
    EXPECT_EQ(question.label->affiliations, (std::vector<std::string>{"西班牙阿贝赛报"}));
    EXPECT_EQ(question.paragraph.text, "第二个问题？");
}

TEST(HtmlParser, PagesThatBoldEveryLabelDoNotTurnBoldIntoQuestions) {
    Parsed page = parse(R"(<html><body><div>
<p><b>MS. PSAKI:</b> Good afternoon.</p>
<p><b>Q</b> Two questions.</p>
<p><b>MS. PSAKI:</b> Go ahead.</p>
<p><b>A note from the editor</b></p>
<p>It was a short briefing.</p>
</div></body></html>)");
    const Draft& draft = page.draft;
    ASSERT_EQ(draft.blocks.size(), 5u);
    EXPECT_TRUE(draft.blocks[0].emphasised);
    EXPECT_EQ(draft.blocks[0].label->label_class, LabelClass::named);
    EXPECT_EQ(draft.blocks[1].label->label_class, LabelClass::question_marker);
    EXPECT_TRUE(draft.blocks[3].emphasised);
    EXPECT_FALSE(draft.blocks[3].label.has_value());
    EXPECT_FALSE(draft.blocks[4].label.has_value());
}

TEST(HtmlParser, BoldWeakNamesThatAnswerStayNames) {
    Parsed page = parse(R"(<html><body><div>
<p><b>Q:</b> First question?</p><p><b>Qin Gang:</b> First answer.</p>
<p><b>Q:</b> Second question?</p><p><b>Qin Gang:</b> Second answer.</p>
</div></body></html>)");
    ASSERT_EQ(page.draft.blocks.size(), 4u);
    EXPECT_EQ(page.draft.blocks[1].label->label_class, LabelClass::named);
    EXPECT_EQ(page.draft.blocks[3].label->name, "Qin Gang");
}

TEST(HtmlParser, QuestionAndAnswerMarkers) {
    model::Event event = build(R"(<html><head><title>外交部发言人就尼日尔局势答记者问_中华人民共和国外交部</title>
<meta name="PubDate" content="2023-08-03"></head><body><div>
<p>问：尼日尔局势如何？</p><p>答：中方密切关注。</p><p>我们希望和平。</p></div></body></html>)");
    EXPECT_EQ(event.title, "外交部发言人就尼日尔局势答记者问");
    EXPECT_EQ(event.organiser, "中华人民共和国外交部");
    EXPECT_EQ(event.date.to_string(), "2023-08-03");
    ASSERT_EQ(event.exchanges.size(), 1u);
    const model::Turn* answer = event.find_turn(event.exchanges[0].answers.at(0));
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->paragraphs.size(), 2u);
}

TEST(HtmlParser, EntitiesBreaksAndWhiteSpaceAreReadAsAReaderSeesThem) {
    Parsed page = parse("<html><body><div>"
                        "<p>MR. SMITH: Tom &amp; Jerry&nbsp;said &lt;hi&gt; &#20013;&#x6587;</p>"
                        "<p>MR. SMITH: one<br>two\r\n   three<br/>\xE3\x80\x80" "four</p>"
                        "<p>Hello<script>var x = 1;</script> <span>wor</span>ld<style>p{}</style><!-- note --></p>"
                        "<p><span style=\"display: none\">hidden </span>shown <b hidden>not this</b></p>"
                        "</div></body></html>");
    ASSERT_EQ(texts(page.draft), (std::vector<std::string>{"Tom & Jerry said <hi> 中文", "one two three four", "Hello world", "shown"}));
    EXPECT_EQ(range_text(page, page.draft.blocks[0].paragraph.range), "Tom &amp; Jerry&nbsp;said &lt;hi&gt; &#20013;&#x6587;");
    EXPECT_EQ(range_text(page, page.draft.blocks[1].paragraph.range), "one<br>two\r\n   three<br/>\xE3\x80\x80" "four");
}

TEST(HtmlParser, RangesCountTheByteOrderMark) {
    Parsed page = parse("\xEF\xBB\xBF<html><body><p>MR. SMITH: Hello.</p><p>MR. SMITH: Again.</p></body></html>");
    ASSERT_EQ(page.draft.blocks.size(), 2u);
    EXPECT_EQ(range_text(page, page.draft.blocks[0].paragraph.range), "Hello.");
}

TEST(HtmlParser, BrokenAndNestedMarkupStillGivesParagraphs) {
    Parsed page = parse(R"(<html><body><div id="text">
<p>ONE: unclosed <b>bold <i>and italic
<p>TWO: next</span></em></p>
loose text <em>here</em>
<table><tr><td><p>THREE: in a table<td>cell</table>
<div><div>FOUR: a leaf division</div></div>
<p></p><p>   </p><p><img src="x.png"></p>
</div></body></html>)");
    EXPECT_EQ(texts(page.draft), (std::vector<std::string>{"unclosed bold and italic", "next", "loose text here",
                                                           "in a table", "cell", "a leaf division"}));
    EXPECT_EQ(page.draft.blocks[0].label->text, "ONE");
    EXPECT_FALSE(page.draft.blocks[0].emphasised);  // the text begins before the bold
}

TEST(HtmlParser, PagesWithoutParagraphsUseLeafDivisions) {
    Parsed page = parse(R"(<html><body><div class="nav"><a href="/">Home</a></div>
<div class="article"><div>MS. PSAKI: Hello there, everyone.</div><div>Q Why now?</div></div></body></html>)");
    EXPECT_EQ(texts(page.draft), (std::vector<std::string>{"Hello there, everyone.", "Why now?"}));
}

TEST(HtmlParser, ParagraphsSpreadOverManyContainersAreAllRead) {
    Parsed page = parse(R"(<html><body><div><p>A: one</p></div><section><p>B: two</p></section>
<article><p>C: three</p></article></body></html>)");
    EXPECT_EQ(texts(page.draft), (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_FALSE(page.draft.warnings.empty());
}

TEST(HtmlParser, EmptyPagesHaveNoBlocks) {
    Parsed page = parse("<html><head><title>Nothing here</title></head><body></body></html>");
    EXPECT_TRUE(page.draft.blocks.empty());
    EXPECT_EQ(page.draft.title, "Nothing here");
    EXPECT_FALSE(page.draft.warnings.empty());
    ingest::SourceText empty{"empty.html", "", "UTF-8", 0, {}};
    auto nothing = ingest::parse_html_draft(empty);
    ASSERT_TRUE(nothing.ok());
    EXPECT_TRUE(nothing->blocks.empty());
    EXPECT_TRUE(parse("<frameset><frame src=a></frameset>").draft.blocks.empty());
}

TEST(HtmlParser, TitleDateAndSiteFacts) {
    Parsed escaped = parse(R"(<html><head><title>外交部发言人就阿尔及利亚&lt;br&gt;前总统逝世答记者问 — 中华人民共和国外交部</title></head>
<body><div><p class="time"><span>2021-09-18 10:00</span></p></div><div><p>问：有何评论？</p><p>答：表示哀悼。</p></div></body></html>)");
    EXPECT_EQ(escaped.draft.title, "外交部发言人就阿尔及利亚前总统逝世答记者问");
    ASSERT_TRUE(escaped.draft.declared_date);
    EXPECT_EQ(escaped.draft.declared_date->to_string(), "2021-09-18");

    Parsed headline = parse(R"(<html><head><title>发言人表态_中华人民共和国外交部</title>
<link rel="canonical" href="https://example.org/a.html"></head><body>
<div class="news-title"><h1>2022年1月25日外交部发言人赵立坚主持例行记者会</h1><p class="time"><span>2022-01-26 17:13</span></p></div>
<div class="news-main"><p>赵立坚：开始。</p><p>赵立坚：结束。</p></div></body></html>)");
    EXPECT_EQ(headline.draft.title, "2022年1月25日外交部发言人赵立坚主持例行记者会");
    EXPECT_EQ(headline.draft.organiser, "中华人民共和国外交部");
    EXPECT_EQ(headline.draft.source_url, "https://example.org/a.html");
    EXPECT_FALSE(headline.draft.declared_date.has_value());  // the headline dates the event

    Parsed dashed = parse("<html><head><title>Remarks - Part 2 of the Long Series of Remarks</title></head><body><p>x</p></body></html>");
    EXPECT_EQ(dashed.draft.title, "Remarks - Part 2 of the Long Series of Remarks");
    EXPECT_EQ(dashed.draft.organiser, "");
}

TEST(HtmlParser, DeepNestingIsWalkedWithoutRecursionOrRefused) {
    std::string deep;
    for (int i = 0; i < 3000; ++i) deep += "<div>";
    deep += "<p>MR. SMITH: deep.</p>";
    Parsed page = parse(deep);
    EXPECT_EQ(texts(page.draft), (std::vector<std::string>{"deep."}));

    std::string spans;
    for (int i = 0; i < 4000; ++i) spans += "<span>";
    spans += "text";
    EXPECT_EQ(texts(parse(spans).draft), (std::vector<std::string>{"text"}));

    std::string too_deep;
    for (int i = 0; i < 20000; ++i) too_deep += "<b id=" + std::to_string(i) + ">";
    auto source = ingest::decode_source(too_deep, "deep.html");
    ASSERT_TRUE(source.ok());
    auto draft = ingest::parse_html_draft(source.value());
    ASSERT_FALSE(draft.ok());
    EXPECT_NE(draft.error().describe().find("nested"), std::string::npos);
}

TEST(HtmlParser, TagSoupNeverBreaksTheParser) {
    static const std::vector<std::string> kPieces{
        "<p>", "</p>", "<b>", "</b>", "<strong>", "<div>", "</div>", "<br>", "<table>", "<td>", "<tr>", "<li>",
        "<script>", "</script>", "<!--", "-->", "&amp;", "&#x4E2D;", "&#99999999;", "&", "&nbsp", "问：", "答：",
        "汪文斌：", "法新社记者：", "Q ", "MS. PSAKI: ", "text", "\xE3\x80\x80", "\r\n", "*****", "<title>", "</title>",
        "<meta name=PubDate content=2020-01-01>", "<h1>", "</h1>", "<svg><g/>", "</svg>", "<p style='font-weight:bold'>",
        "<span hidden>", "\"", "<", ">", "/>", "<![CDATA[x]]>", "<select><option>", "<frameset>", std::string(1, '\0')};
    std::mt19937 random(20240601);
    for (int round = 0; round < 300; ++round) {
        std::string html;
        const int pieces = static_cast<int>(random() % 200);
        for (int i = 0; i < pieces; ++i) html += kPieces[random() % kPieces.size()];
        auto source = ingest::decode_source(html, "soup.html");
        if (!source.ok()) continue;  // refused as binary: nothing to parse
        Parsed parsed{std::move(source.value()), {}};
        auto draft = ingest::parse_html_draft(parsed.source);
        if (!draft.ok()) continue;
        parsed.draft = std::move(draft.value());
        expect_ranges_inside(parsed);
        auto events = ingest::parse_bytes(html, "soup.html", html_options());
        if (!events.ok()) continue;
        for (const model::Event& event : *events)
            for (const model::Turn& turn : event.turns)
                for (const model::Paragraph& paragraph : turn.paragraphs) {
                    EXPECT_LE(paragraph.range.start, paragraph.range.end);
                    EXPECT_LE(paragraph.range.end, parsed.source.text.size());
                }
    }
}

}  // namespace
}  // namespace presser
