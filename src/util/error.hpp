#pragma once
// Located values and the one error type every layer returns through std::expected.
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace rehearsa::util {

// Where a value came from: 1-based line and column, 0 when unknown.
struct Location {
    std::shared_ptr<const std::string> file;
    int line = 0;
    int column = 0;

    // The whole of `path`, with no line: for errors about a file rather than a place in it.
    static Location of_file(std::string path);

    bool known() const { return file != nullptr; }
    const std::string& file_name() const;
    // "file:line:col", "file" or "" depending on what is known.
    std::string to_string() const;
};

// What went wrong decides the exit code; see docs/exit-codes.md.
enum class ErrorKind {
    Input,  // malformed compose file, .env or state file: exit 3
    Usage,  // unknown command or option, bad option value: exit 64
    Engine, // the Docker Engine is absent or misbehaves: exit 3
    Io,     // a file could not be read or written: exit 3
};

struct Error {
    ErrorKind kind = ErrorKind::Input;
    Location where;
    std::string path;    // the model path, e.g. services.db.healthcheck.interval
    std::string message; // what is wrong and, where possible, how to fix it

    // "compose.yml:12:5: services.db.healthcheck.interval: invalid duration "5x""
    std::string to_string() const;
    // Prepends context such as the path of the enclosing key: each layer adds what it knows.
    Error& under(std::string_view parent_path);
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Location where, std::string path, std::string message,
                                   ErrorKind kind = ErrorKind::Input) {
    return std::unexpected(Error{kind, std::move(where), std::move(path), std::move(message)});
}

// A collection of errors, for validation that reports everything before it stops.
using Errors = std::vector<Error>;

} // namespace rehearsa::util
