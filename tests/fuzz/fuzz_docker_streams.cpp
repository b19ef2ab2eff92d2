// libFuzzer target for what rehearsa reads from a Docker Engine: the NDJSON and stdcopy framings
// fed in random chunks, and every JSON reply reader. Besides "no crash, no sanitizer report", it
// checks that framing does not depend on where the chunks are cut.
#include "docker/replies.hpp"
#include "docker/streams.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace rehearsa::docker;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

// The first byte picks the chunk size, so cuts fall everywhere over a run.
std::vector<std::string_view> chunks(std::string_view data, std::size_t size) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0; at < data.size(); at += size)
        out.push_back(data.substr(at, size));
    return out;
}

std::vector<std::string> lines_of(std::string_view data, std::size_t size) {
    LineSplitter splitter(4096);
    std::vector<std::string> lines;
    for (auto piece : chunks(data, size))
        for (auto& line : splitter.feed(piece))
            lines.push_back(std::move(line));
    if (auto last = splitter.finish()) lines.push_back(*last);
    return lines;
}

std::string demuxed(std::string_view data, std::size_t size) {
    StdcopyDemuxer demuxer;
    std::string out;
    for (auto piece : chunks(data, size))
        for (auto& frame : demuxer.feed(piece))
            out += static_cast<char>(frame.kind) + frame.payload;
    return out + (demuxer.failed() ? "F" : "") + (demuxer.clean_end() ? "C" : "");
}

void parse_all(std::string_view line) {
    (void)parse_event(line);
    (void)parse_pull_progress(line);
    (void)parse_server_info(line);
    (void)parse_container_inspect(line);
    (void)parse_image_inspect(line);
    (void)parse_id(line, "fuzz");
    (void)parse_volume(line);
    (void)parse_list(line, ListKind::Containers);
    (void)parse_list(line, ListKind::Volumes);
    (void)parse_wait(line);
    (void)parse_exec_exit(line);
    (void)daemon_message(line);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = data[0] % 16 + 1;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto lines = lines_of(bytes, chunk);
    check(lines == lines_of(bytes, bytes.size() + 1));
    for (const auto& line : lines) {
        check(line.find('\n') == std::string::npos);
        parse_all(line);
    }
    parse_all(bytes);
    check(demuxed(bytes, chunk) == demuxed(bytes, bytes.size() + 1));
    return 0;
}
