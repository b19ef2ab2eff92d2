#pragma once
// Framing of the engine's streams, as pure classes over bytes: feed chunks as they arrive (split
// anywhere), get whole records. No I/O, so they are unit-tested and fuzzed without a daemon.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::docker {

// Newline-delimited records (events, pull progress). Blank lines are dropped; '\r' before '\n' is
// stripped. A line longer than the cap makes the splitter fail: a peer that never sends '\n'
// must not grow memory without bound.
class LineSplitter {
public:
    explicit LineSplitter(std::size_t max_line = std::size_t{16} << 20) : m_max_line(max_line) {}

    // The lines completed by this chunk. Nothing once failed().
    std::vector<std::string> feed(std::string_view chunk);
    // The unterminated last line, if any, at end of stream.
    std::optional<std::string> finish();
    bool failed() const { return m_failed; }

private:
    std::string m_partial;
    std::size_t m_max_line;
    bool m_failed = false;
};

// Multiplexed output (a container started with Tty=false): frames of an 8-byte header
// [type, 0, 0, 0, length as big-endian uint32] and `length` bytes of payload.
enum class StreamKind { Stdout, Stderr, SystemErr };

struct Frame {
    StreamKind kind = StreamKind::Stdout;
    std::string payload;
};

class StdcopyDemuxer {
public:
    // The frames completed by this chunk. Type 0 (stdin) counts as stdout. A systemerr frame (3)
    // is returned and ends the stream, as does a malformed header (failed()).
    std::vector<Frame> feed(std::string_view chunk);
    // True when the stream ended on a frame boundary and nothing went wrong.
    bool clean_end() const { return !m_failed && !m_ended && m_buffer.empty(); }
    bool failed() const { return m_failed; }
    // A systemerr frame was seen: the daemon reported an error in-band.
    bool ended() const { return m_ended; }

private:
    bool take_frame(std::vector<Frame>& out);

    std::string m_buffer;     // a partial header or payload
    std::size_t m_offset = 0; // bytes of m_buffer already consumed
    bool m_failed = false;
    bool m_ended = false;
};

} // namespace rehearsa::docker
