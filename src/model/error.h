// Errors are values: a Result<T> holds either a T or an Error that names the file, the byte offset
// (and line when known) and what was expected there. Nothing in presser's library throws across its
// public API for bad input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace presser {

// What kind of failure, for callers that act on it (an HTTP status, an exit code) rather than on its words.
enum class ErrorCode : std::uint8_t {
    failed,      // anything else: the message says what
    cancelled,   // the caller asked to stop
    timed_out,   // past the caller's deadline
    overloaded,  // refused for lack of capacity (the server's slow lane is full)
};

struct Error {
    std::string file;                      // "" when not about a file
    std::optional<std::uint64_t> offset;   // byte offset in the file
    std::optional<std::uint64_t> line;     // 1-based line, when known
    std::string message;                   // what was found and what was expected
    // The file was read and is well formed but holds no transcript (a JSON configuration, a table of
    // numbers): callers list it as skipped, with the message saying why, not as a failure.
    bool not_transcript = false;
    ErrorCode code = ErrorCode::failed;

    // "FILE:LINE: byte OFFSET: MESSAGE" with the parts that are known.
    [[nodiscard]] std::string describe() const;
};

// An error about no file: its message alone.
[[nodiscard]] inline Error plain_error(std::string message) {
    Error e;
    e.message = std::move(message);
    return e;
}

// An evaluation stopped before its end: "cancelled", "timed out" or "overloaded: MESSAGE", with its code.
[[nodiscard]] inline Error stopped_error(ErrorCode code, const std::string& why = "") {
    Error e;
    e.code = code;
    e.message = code == ErrorCode::cancelled   ? "cancelled"
                : code == ErrorCode::timed_out ? "timed out"
                                               : "overloaded" + (why.empty() ? std::string() : ": " + why);
    return e;
}

// A file that holds no transcript: "not a transcript (WHY)", marked so that callers list it as skipped.
[[nodiscard]] inline Error not_transcript_error(std::string file, const std::string& why) {
    Error e;
    e.file = std::move(file);
    e.message = "not a transcript (" + why + ")";
    e.not_transcript = true;
    return e;
}

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] T& value() { return std::get<T>(state_); }
    [[nodiscard]] const T& value() const { return std::get<T>(state_); }
    [[nodiscard]] const Error& error() const { return std::get<Error>(state_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

private:
    std::variant<T, Error> state_;
};

}  // namespace presser
