// The event reader on one huge event (a hundred thousand paragraphs, tens of megabytes of JSON): the body is
// streamed while it is written, so the server's heap grows by far less than the body (the route once built
// the whole tree, dumped it and kept it: several times the body); it is byte for byte the whole tree's
// dump; and a deadline too short for it is answered as docs/api.md says.
#include <gtest/gtest.h>

#include <httplib.h>

#include <atomic>
#include <fstream>

#if defined(__SANITIZE_ADDRESS__)
// The sanitizer runtime's allocator interface (GCC ships the functions, not their header).
extern "C" {
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                              void (*free_hook)(const volatile void*));
std::size_t __sanitizer_get_allocated_size(const volatile void* pointer);
}
#endif

#include "event_reader_reference.h"
#include "index/index.h"
#include "index_test_support.h"
#include "served_index.h"
#include "server/server.h"

namespace presser {
namespace {

constexpr std::size_t kParagraphs = 100'000;

// Bytes allocated and not freed since counting started, and their peak, over every thread of the process.
std::atomic<bool> counting{false};
std::atomic<std::int64_t> live_bytes{0}, peak_bytes{0};

#if defined(__SANITIZE_ADDRESS__)
void on_malloc(const volatile void*, std::size_t size) {
    if (!counting.load(std::memory_order_relaxed)) return;
    const auto now = live_bytes.fetch_add(static_cast<std::int64_t>(size)) + static_cast<std::int64_t>(size);
    auto peak = peak_bytes.load();
    while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
    }
}
void on_free(const volatile void* pointer) {
    if (!counting.load(std::memory_order_relaxed) || pointer == nullptr) return;
    live_bytes.fetch_sub(static_cast<std::int64_t>(__sanitizer_get_allocated_size(pointer)));
}
#endif

class EventReaderStream : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("reader-stream");
        const auto source = scratch_->path() / "long-statement.txt";
        {
            std::ofstream out(source, std::ios::binary);
            out << "MR. SMITH: Good morning.\n\n";
            for (std::size_t i = 0; i < kParagraphs; ++i)
                out << "Paragraph " << i << " of the statement goes on about the harbour, the tolls and the ferries.\n\n";
        }
        auto built = index::build_index(scratch_->path() / "idx", {source.string()}, {});
        ASSERT_TRUE(built.ok()) << built.error().describe();
        auto opened = index::Index::open(scratch_->path() / "idx");
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
        index_ = new index::Index(std::move(opened.value()));
        const auto& events = index_->segments().front()->regions(index::Structure::event);
        id_ = std::string(events.column("id")->string(0));
    }
    static void TearDownTestSuite() {
        delete index_;
        delete scratch_;
    }
    static server::ServerOptions options(std::uint64_t timeout_ms) {
        server::ServerOptions o;
        o.threads = 2;
        o.timeout_ms = timeout_ms;
        o.web_dir = scratch_->path() / "no-ui";
        return o;
    }
    static inline testing::ScratchDir* scratch_ = nullptr;
    static inline index::Index* index_ = nullptr;
    static inline std::string id_;
};

TEST_F(EventReaderStream, AHugeEventIsStreamedWithTheHeapFarBelowTheBodyAndEqualToTheWholeTree) {
#if !defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "counts the heap through the sanitizer's allocator hooks (debug preset)";
#else
    static const bool hooked = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0;
    ASSERT_TRUE(hooked);
    testing::ServedIndex served(*index_, options(0));
    httplib::Client client("127.0.0.1", served.port());
    client.set_read_timeout(600, 0);
    const auto body_file = scratch_->path() / "body.json";
    std::uint64_t body_bytes = 0;
    {
        std::ofstream body(body_file, std::ios::binary);
        live_bytes = 0;
        peak_bytes = 0;
        counting = true;
        // The body goes to a file as it comes: the client must not hold it either.
        auto result = client.Get(("/api/events/" + id_).c_str(), [&](const char* data, std::size_t size) {
            body.write(data, static_cast<std::streamsize>(size));
            body_bytes += size;
            return true;
        });
        counting = false;
        ASSERT_TRUE(result) << httplib::to_string(result.error());
        EXPECT_EQ(result->status, 200);
        EXPECT_EQ(result->get_header_value("Transfer-Encoding"), "chunked");
        EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
    }
    ASSERT_GT(body_bytes, 10u << 20) << "the event is meant to make a body of tens of megabytes";
    // What grows with the event: its outline, 16 bytes a paragraph (1.6 MB here), and while it is parsed its
    // stored document decompressed (about 30 bytes a paragraph), then the paragraph store's decoded block
    // (the event's records: a byte or two a token); not its text, not its body. Measured: 5.8 MB for a
    // body of 15.4 MB, where the whole tree took several times the body.
    EXPECT_LT(peak_bytes.load(), static_cast<std::int64_t>(body_bytes / 2))
        << "the heap grew by " << peak_bytes.load() << " bytes while answering a body of " << body_bytes;
    std::ifstream in(body_file, std::ios::binary);
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(testing::without_took_ms(body), testing::reference_reader_body(*index_, 0, 0, {}, ""));
#endif
}

// Past the deadline before the first byte, the answer is the 503 of every route; the body is computed under
// the deadline up to its first byte, so a one-millisecond deadline never gets that far for this event.
TEST_F(EventReaderStream, ADeadlineTooShortForTheEventIsA503) {
    testing::ServedIndex served(*index_, options(1));
    httplib::Client client("127.0.0.1", served.port());
    client.set_read_timeout(600, 0);
    auto result = client.Get(("/api/events/" + id_).c_str());
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 503) << result->body.substr(0, 200);
    const auto error = nlohmann::json::parse(result->body, nullptr, false);
    ASSERT_TRUE(error.is_object()) << result->body.substr(0, 200);
    EXPECT_EQ(error["error"]["message"].get<std::string>().rfind("timed out after 1 ms", 0), 0u) << error.dump();
}

}  // namespace
}  // namespace presser
