#include "docker/streams.hpp"

#include <cstdint>
#include <utility>

namespace rehearsa::docker {

namespace {

constexpr std::size_t k_header_size = 8;
// The daemon writes a frame per write(2) of the container; a larger length means a broken stream,
// and buffering up to 4 GiB for it would be worse than failing.
constexpr std::uint32_t k_max_frame = 64u << 20;

bool is_blank_line(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view without_cr(std::string_view line) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    return line;
}

} // namespace

std::vector<std::string> LineSplitter::feed(std::string_view chunk) {
    std::vector<std::string> lines;
    while (!m_failed && !chunk.empty()) {
        const auto newline = chunk.find('\n');
        const std::string_view piece = chunk.substr(0, newline);
        if (m_partial.size() + piece.size() > m_max_line) {
            m_failed = true;
            m_partial.clear();
            break;
        }
        m_partial.append(piece);
        if (newline == std::string_view::npos) break;
        if (!is_blank_line(m_partial)) lines.emplace_back(without_cr(m_partial));
        m_partial.clear();
        chunk.remove_prefix(newline + 1);
    }
    return lines;
}

std::optional<std::string> LineSplitter::finish() {
    std::string last = std::exchange(m_partial, {});
    if (m_failed || is_blank_line(last)) return std::nullopt;
    return std::string(without_cr(last));
}

std::vector<Frame> StdcopyDemuxer::feed(std::string_view chunk) {
    std::vector<Frame> frames;
    if (m_failed || m_ended) return frames;
    m_buffer.append(chunk);
    while (take_frame(frames)) {
    }
    // Drop what was consumed now and then, not at every frame: one erase per feed.
    m_buffer.erase(0, m_offset);
    m_offset = 0;
    return frames;
}

bool StdcopyDemuxer::take_frame(std::vector<Frame>& out) {
    if (m_failed || m_ended || m_buffer.size() - m_offset < k_header_size) return false;
    const auto* header = reinterpret_cast<const unsigned char*>(m_buffer.data() + m_offset);
    if (header[0] > 3 || header[1] != 0 || header[2] != 0 || header[3] != 0) {
        m_failed = true;
        return false;
    }
    const std::uint32_t length = (std::uint32_t{header[4]} << 24) | (std::uint32_t{header[5]} << 16) |
                                 (std::uint32_t{header[6]} << 8) | std::uint32_t{header[7]};
    if (length > k_max_frame) {
        m_failed = true;
        return false;
    }
    if (m_buffer.size() - m_offset - k_header_size < length) return false;
    const StreamKind kind = header[0] == 2   ? StreamKind::Stderr
                            : header[0] == 3 ? StreamKind::SystemErr
                                             : StreamKind::Stdout;
    out.push_back(Frame{kind, m_buffer.substr(m_offset + k_header_size, length)});
    m_offset += k_header_size + length;
    if (kind == StreamKind::SystemErr) m_ended = true;
    return true;
}

} // namespace rehearsa::docker
