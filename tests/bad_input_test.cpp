// Bad input through the public API and the CLI: every kind of file that is not a clean UTF-8 transcript
// gets an exact, located error or an exact, documented recovery (parser.h's contract).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

#include "ingest/parser.h"
#include "ingest/source_text.h"
#include "test_paths.h"

namespace presser {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A fresh directory under the system temp directory, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("presser-bad-input-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& name, std::string_view bytes) const {
        fs::path file = path_ / name;
        std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return file;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string convert_from_utf8(std::string_view utf8, const char* encoding) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    int32_t length = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                  static_cast<int32_t>(utf8.size()), &status);
    EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    out.resize(static_cast<std::size_t>(length));
    return out;
}

std::uint64_t line_at(std::string_view bytes, std::size_t offset) {
    return 1 + static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

bool any_contains(const std::vector<std::string>& items, std::string_view needle) {
    return std::any_of(items.begin(), items.end(), [&](const std::string& item) { return item.find(needle) != std::string::npos; });
}

std::vector<std::string> all_paragraph_texts(const model::Event& event) {
    std::vector<std::string> texts;
    for (const model::Turn& turn : event.turns)
        for (const model::Paragraph& paragraph : turn.paragraphs) texts.push_back(paragraph.text);
    return texts;
}

const model::Speaker* speaker_named(const model::Event& event, std::string_view alias) {
    for (const model::Speaker& speaker : event.speakers)
        if (std::find(speaker.aliases.begin(), speaker.aliases.end(), alias) != speaker.aliases.end()) return &speaker;
    return nullptr;
}

// A labelled Spanish/Chinese transcript with multibyte characters, long enough to place damage in it.
std::string labelled_multibyte_text(std::size_t at_least) {
    std::string text = "Conferencia de prensa — 7 de marzo de 2023\n\n";
    const char* const paragraphs[] = {
        "PRESIDENTE: Buenos días. Vamos a iniciar la conferencia, señoras y señores.\n\n",
        "PREGUNTA: ¿Qué opina usted sobre la situación económica del país?\n\n",
        "PRESIDENTE: Pues mire, la economía está creciendo; 汪文斌 lo dijo también.\n\n",
    };
    for (std::size_t i = 0; text.size() < at_least; ++i) text += paragraphs[i % 3];
    return text;
}

// ---- Empty and binary files ----------------------------------------------------------------------

TEST(BadInput, EmptyFileIsAnErrorNamingTheFile) {
    TempDir dir;
    fs::path file = dir.write("empty.txt", "");
    auto events = ingest::parse_file(file);
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().file, file.string());
    EXPECT_THAT(events.error().message, HasSubstr("empty"));
    EXPECT_THAT(events.error().describe(), HasSubstr(file.string()));
}

TEST(BadInput, WhiteSpaceOnlyFileIsEmpty) {
    TempDir dir;
    fs::path file = dir.write("blank.txt", "\xEF\xBB\xBF  \n\t\n\xE3\x80\x80\r\n");
    auto events = ingest::parse_file(file);
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().file, file.string());
    EXPECT_THAT(events.error().message, HasSubstr("empty"));
}

TEST(BadInput, BinaryFileIsRefusedAtItsFirstNulByte) {
    std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
    std::mt19937 random(20230307);
    for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>(random() & 0xFF));
    TempDir dir;
    fs::path file = dir.write("picture.txt", bytes);
    auto events = ingest::parse_file(file);
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().file, file.string());
    EXPECT_THAT(events.error().message, HasSubstr("binary"));
    EXPECT_EQ(events.error().offset, 8u);
}

TEST(BadInput, MissingFileAndDirectoryAreErrors) {
    TempDir dir;
    auto missing = ingest::parse_file(dir.path() / "no-such-file.txt");
    ASSERT_FALSE(missing.ok());
    EXPECT_THAT(missing.error().message, HasSubstr("cannot open"));

    auto directory = ingest::parse_file(dir.path());
    ASSERT_FALSE(directory.ok());
    EXPECT_EQ(directory.error().file, dir.path().string());
}

// ---- Invalid UTF-8 ---------------------------------------------------------------------------------

TEST(BadInput, StrayByteInUtf8TextIsReportedAtItsOffsetAndLine) {
    std::string prefix = labelled_multibyte_text(1100);
    ASSERT_LT(prefix.size(), 1234u);
    prefix.append(1234 - prefix.size(), 'x');  // ASCII padding keeps byte 1234 at a character boundary
    std::string bytes = prefix + "\xFF" + " más texto.\n\n" + labelled_multibyte_text(600);
    TempDir dir;
    fs::path file = dir.write("damaged.txt", bytes);

    auto events = ingest::parse_file(file);
    ASSERT_FALSE(events.ok());
    const Error& error = events.error();
    EXPECT_EQ(error.file, file.string());
    EXPECT_EQ(error.offset, 1234u);
    EXPECT_EQ(error.line, line_at(bytes, 1234));
    EXPECT_GT(*error.line, 10u);
    EXPECT_THAT(error.message, HasSubstr("0xFF"));
    EXPECT_THAT(error.describe(), HasSubstr(file.string() + ":" + std::to_string(*error.line) + ": byte 1234"));
}

TEST(BadInput, TruncatedMultibyteSequenceAtEndOfFile) {
    std::string bytes = labelled_multibyte_text(300) + "记者：汪";
    bytes.pop_back();  // 汪 is three bytes: two are left
    auto events = ingest::parse_bytes(bytes, "truncated.txt");
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().offset, bytes.size() - 2);
    EXPECT_EQ(events.error().line, line_at(bytes, bytes.size() - 2));
}

TEST(BadInput, OverlongEncodingsAndSurrogatesAreInvalid) {
    const std::string_view ill_formed[] = {
        "\xC0\xAF",          // '/' in two bytes
        "\xC1\xBF",          // U+007F in two bytes
        "\xE0\x80\xAF",      // '/' in three bytes
        "\xE0\x9F\xBF",      // U+07FF in three bytes
        "\xF0\x80\x80\xAF",  // '/' in four bytes
        "\xF0\x8F\xBF\xBF",  // U+FFFF in four bytes
        "\xED\xA0\x80",      // U+D800, a surrogate
        "\xED\xBF\xBF",      // U+DFFF, a surrogate
        "\xF4\x90\x80\x80",  // past U+10FFFF
        "\xF5\x80\x80\x80",  // lead byte never used
        "\x80",              // continuation byte alone
    };
    const std::string prefix = "PREGUNTA: ¿Qué opina? ";
    for (std::string_view sequence : ill_formed) {
        std::string bytes = prefix + std::string(sequence) + " señor\n";
        EXPECT_EQ(ingest::find_invalid_utf8(bytes), prefix.size()) << "sequence of " << sequence.size() << " bytes";
        ingest::ParseOptions strict;
        strict.encoding = "UTF-8";
        auto events = ingest::parse_bytes(bytes, "ill-formed.txt", strict);
        ASSERT_FALSE(events.ok());
        EXPECT_EQ(events.error().offset, prefix.size());
        // Undeclared, the valid multibyte characters around it still mark the file as damaged UTF-8.
        auto undeclared = ingest::parse_bytes(bytes, "ill-formed.txt");
        ASSERT_FALSE(undeclared.ok());
        EXPECT_EQ(undeclared.error().offset, prefix.size());
    }
    // The largest and smallest well-formed sequences of each length are accepted.
    EXPECT_EQ(ingest::find_invalid_utf8("\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"
                                        "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
              std::string::npos);
}

// ---- Legacy encodings --------------------------------------------------------------------------------

constexpr std::string_view kSpanishTranscript =
    "CONFERENCIA DE PRENSA MATUTINA — 7 de marzo de 2023\n\n"
    "PRESIDENTE: Buenos días. Vamos a iniciar la conferencia de prensa “mañanera” de hoy…\n\n"
    "PREGUNTA: ¿Qué opina usted sobre la situación económica del país? Los niños y las familias están "
    "preocupados por la inflación, señor presidente.\n\n"
    "PRESIDENTE: Pues mire, la economía está creciendo. Según la Secretaría de Hacienda, el índice de "
    "precios bajó en febrero y también la inversión extranjera aumentó más de lo que se esperaba.\n\n"
    "PREGUNTA: ¿Y qué opina de la reunión con el embajador? ¿Habrá acuerdos sobre migración?\n\n"
    "PRESIDENTE: Sí, habrá acuerdos. Ya lo expliqué ayer en la conferencia; la relación es buena.\n";

TEST(LegacyEncoding, Windows1252IsDetectedAndDecoded) {
    std::string bytes = convert_from_utf8(kSpanishTranscript, "windows-1252");
    ASSERT_NE(ingest::find_invalid_utf8(bytes), std::string::npos);
    TempDir dir;
    fs::path file = dir.write("mananera.txt", bytes);
    auto events = ingest::parse_file(file);
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();
    // The curly quotes and ellipsis (0x80-0x9F) tell windows-1252 from ISO-8859-1.
    EXPECT_EQ(event.source_encoding, "windows-1252");
    EXPECT_TRUE(any_contains(event.warnings, "decoded from windows-1252 (detected)"));
    std::vector<std::string> texts = all_paragraph_texts(event);
    EXPECT_TRUE(any_contains(texts, "¿Qué opina usted sobre la situación económica del país?"));
    EXPECT_TRUE(any_contains(texts, "“mañanera” de hoy…"));
    EXPECT_NE(speaker_named(event, "PREGUNTA"), nullptr);
    EXPECT_NE(speaker_named(event, "PRESIDENTE"), nullptr);
    EXPECT_EQ(event.exchanges.size(), 2u);
}

constexpr std::string_view kChineseTranscript =
    "2023年3月7日外交部发言人汪文斌主持例行记者会\n\n"
    "汪文斌：女士们，先生们，下午好。今天我没有要发布的消息，下面请大家提问。\n\n"
    "记者：据报道，美国国务院近日发表声明，对中国的外交政策提出批评。中方对此有何评论？\n\n"
    "汪文斌：我们注意到有关报道。中方的立场是一贯的、明确的。我们敦促美方停止干涉中国内政，"
    "多做有利于中美关系发展和地区和平稳定的事情。\n\n"
    "记者：第二个问题，关于气候变化合作，中方有什么新的安排？\n\n"
    "汪文斌：中方愿同各方一道，积极推进全球气候治理，为实现可持续发展目标作出贡献。\n";

TEST(LegacyEncoding, Gb18030IsDecodedWhenDeclared) {
    std::string bytes = convert_from_utf8(kChineseTranscript, "GB18030");
    ASSERT_NE(ingest::find_invalid_utf8(bytes), std::string::npos);
    ingest::ParseOptions options;
    options.encoding = "GB18030";
    auto events = ingest::parse_bytes(bytes, "mfa.txt", options);
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();
    EXPECT_EQ(event.source_encoding, "GB18030");
    EXPECT_TRUE(any_contains(event.warnings, "decoded from GB18030 as declared"));
    EXPECT_TRUE(any_contains(all_paragraph_texts(event), "中方对此有何评论？"));
    const model::Speaker* spokesperson = speaker_named(event, "汪文斌");
    ASSERT_NE(spokesperson, nullptr);
    EXPECT_EQ(spokesperson->name, "汪文斌");
    EXPECT_NE(speaker_named(event, "记者"), nullptr);
    EXPECT_EQ(event.exchanges.size(), 2u);
}

// What really happens undeclared: ICU's detector names GB18030 with enough confidence for a transcript
// of this size, and the text decodes exactly as when declared.
TEST(LegacyEncoding, Gb18030IsDetectedWhenUndeclared) {
    std::string bytes = convert_from_utf8(kChineseTranscript, "GB18030");
    auto events = ingest::parse_bytes(bytes, "mfa.txt");
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();
    EXPECT_EQ(event.source_encoding, "GB18030");
    EXPECT_TRUE(any_contains(event.warnings, "decoded from GB18030 (detected)"));
    EXPECT_TRUE(any_contains(all_paragraph_texts(event), "中方对此有何评论？"));
    EXPECT_NE(speaker_named(event, "汪文斌"), nullptr);
}

TEST(LegacyEncoding, HtmlMetaCharsetIsDecodedAsDeclared) {
    std::string page = "<html><head><meta charset=\"gb2312\"><title>例行记者会</title></head><body>"
                       "<p>记者：请问中方对此有何评论？</p><p>汪文斌：我们注意到有关报道。</p></body></html>";
    std::string bytes = convert_from_utf8(page, "GB2312");
    auto source = ingest::decode_source(bytes, "page.html");
    ASSERT_TRUE(source.ok()) << source.error().describe();
    EXPECT_EQ(source->encoding, "gb2312");
    EXPECT_EQ(source->text, page);
    EXPECT_TRUE(any_contains(source->warnings, "decoded from gb2312 as the file declares"));
}

TEST(LegacyEncoding, StaleMetaCharsetOnAUtf8PageIsReadAsUtf8) {
    std::string page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
                       "</head><body><p>PREGUNTA: ¿Qué opina?</p></body></html>";
    auto source = ingest::decode_source(page, "page.html");
    ASSERT_TRUE(source.ok()) << source.error().describe();
    EXPECT_EQ(source->encoding, "UTF-8");
    EXPECT_EQ(source->text, page);
    EXPECT_TRUE(any_contains(source->warnings, "declares iso-8859-1 but is valid UTF-8"));
}

TEST(LegacyEncoding, XmlDeclarationOfUtf16OnAsciiBytesIsIgnored) {
    std::string document = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<TEI><u>Başkan: Teşekkürler.</u></TEI>\n";
    auto source = ingest::decode_source(document, "sitting.xml");
    ASSERT_TRUE(source.ok()) << source.error().describe();
    EXPECT_EQ(source->encoding, "UTF-8");
    EXPECT_EQ(source->text, document);
}

TEST(LegacyEncoding, Utf16WithByteOrderMarkIsDecoded) {
    std::string text = "MS. PSAKI: Good afternoon.\n\nQ: ¿Qué?\n";
    std::string bytes = "\xFF\xFE" + convert_from_utf8(text, "UTF-16LE");
    auto source = ingest::decode_source(bytes, "notepad.txt");
    ASSERT_TRUE(source.ok()) << source.error().describe();
    EXPECT_EQ(source->encoding, "UTF-16LE");
    EXPECT_EQ(source->text.substr(source->bom_bytes), text);
    EXPECT_TRUE(any_contains(source->warnings, "by its byte order mark"));
}

TEST(LegacyEncoding, BytesInvalidInTheDeclaredEncodingAreLocated) {
    std::string bytes = convert_from_utf8("记者：请问？\n汪文斌：", "GB18030");
    std::size_t damage = bytes.size();
    bytes += "\x81\x20 and more\n";  // 0x81 opens a two- or four-byte sequence; a space cannot follow it
    ingest::ParseOptions options;
    options.encoding = "GB18030";
    auto events = ingest::parse_bytes(bytes, "damaged-gb.txt", options);
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().file, "damaged-gb.txt");
    EXPECT_EQ(events.error().offset, damage);
    EXPECT_EQ(events.error().line, 2u);
    EXPECT_THAT(events.error().message, HasSubstr("not valid GB18030"));
}

TEST(LegacyEncoding, UnknownDeclaredEncodingIsAnError) {
    ingest::ParseOptions options;
    options.encoding = "no-such-charset";
    auto events = ingest::parse_bytes("Q: Hello?\n", "x.txt", options);
    ASSERT_FALSE(events.ok());
    EXPECT_THAT(events.error().message, HasSubstr("unknown encoding 'no-such-charset'"));
}

// ---- No labels ------------------------------------------------------------------------------------------

// transcript_builder.cpp: unlabelled paragraphs continue the turn before them, so a text with no labels
// at all is one narration turn holding every paragraph.
TEST(BadInput, TextWithoutLabelsIsOneNarrationTurnAndAWarning) {
    std::string text = "The minister spoke about the economy for some time.\n"
                       "She then took questions from the press.\n\n"
                       "Several reporters asked about trade with the neighbouring countries.\n\n"
                       "The conference closed shortly after noon.\n";
    TempDir dir;
    fs::path file = dir.write("prose.txt", text);
    auto events = ingest::parse_file(file);
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);
    const model::Event& event = events->front();
    EXPECT_TRUE(event.speakers.empty());
    EXPECT_TRUE(event.exchanges.empty());
    ASSERT_EQ(event.turns.size(), 1u);
    EXPECT_EQ(event.turns[0].kind, model::TurnKind::narration);
    EXPECT_EQ(event.turns[0].speaker, "");
    ASSERT_EQ(event.turns[0].paragraphs.size(), 3u);
    EXPECT_EQ(event.turns[0].paragraphs[0].text,
              "The minister spoke about the economy for some time. She then took questions from the press.");
    EXPECT_TRUE(any_contains(event.warnings, "no speaker labels found"));
}

// ---- Through the CLI ------------------------------------------------------------------------------------

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

CommandResult run_presser(const std::string& arguments, const TempDir& dir) {
    fs::path out = dir.path() / "stdout.log";
    fs::path err = dir.path() / "stderr.log";
    std::string command = "'" + testing::presser_binary().string() + "' " + arguments + " >'" + out.string() + "' 2>'" +
                          err.string() + "' </dev/null";
    int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = testing::read_file(out);
    result.err = testing::read_file(err);
    return result;
}

TEST(BadInputCli, ABadFileIsReportedAndTheGoodFileStillParses) {
    TempDir dir;
    fs::path bad = dir.write("broken.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16));
    fs::path good = dir.write("briefing-2023-03-07.txt",
                              "MS. PSAKI: Good afternoon, everyone.\n\nQ: Thank you. What about trade?\n\n"
                              "MS. PSAKI: We are working on it.\n");
    CommandResult result = run_presser("parse '" + bad.string() + "' '" + good.string() + "'", dir);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_THAT(result.err, HasSubstr("error: " + bad.string()));
    EXPECT_THAT(result.err, HasSubstr("binary"));
    EXPECT_EQ(result.err.find(good.string()), std::string::npos) << result.err;
    EXPECT_THAT(result.out, HasSubstr("briefing-2023-03-07  2023-03-07"));
    EXPECT_THAT(result.out, HasSubstr("total: 2 files, 1 events, 3 turns, 1 questions, 1 answers, 1 exchanges"));
    EXPECT_THAT(result.out, HasSubstr("1 errors"));
}

TEST(BadInputCli, EmptyAndDamagedFilesAreEachNamed) {
    TempDir dir;
    fs::path empty = dir.write("empty.txt", "");
    std::string damaged_bytes = labelled_multibyte_text(200) + "\xFF\n";
    fs::path damaged = dir.write("damaged.txt", damaged_bytes);
    fs::path good = dir.write("good.txt", "MS. PSAKI: Hello.\n\nQ: Hi?\n\nMS. PSAKI: Yes.\n");
    CommandResult result =
        run_presser("parse --json '" + empty.string() + "' '" + damaged.string() + "' '" + good.string() + "'", dir);
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr(empty.string() + ": file is empty"));
    EXPECT_THAT(result.err, HasSubstr(damaged.string() + ":" + std::to_string(line_at(damaged_bytes, damaged_bytes.size() - 2)) +
                                      ": byte " + std::to_string(damaged_bytes.size() - 2)));
    EXPECT_THAT(result.out, HasSubstr("\"id\": \"good\""));
}

}  // namespace
}  // namespace presser
