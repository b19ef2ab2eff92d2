// The engine's stream framing and record readers, over bytes only: NDJSON and stdcopy split at
// every byte boundary, pull errors inside a 200 stream, Docker's and Podman's event forms.
#include "docker/replies.hpp"
#include "docker/streams.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <string>
#include <vector>

using namespace rehearsa::docker;

namespace {

std::vector<std::string> split_lines(std::string_view text, std::size_t cut) {
    LineSplitter splitter;
    auto lines = splitter.feed(text.substr(0, cut));
    for (auto& line : splitter.feed(text.substr(cut)))
        lines.push_back(std::move(line));
    if (auto last = splitter.finish()) lines.push_back(*last);
    return lines;
}

std::string frame(std::uint8_t type, std::string_view payload) {
    std::string out{static_cast<char>(type), 0, 0, 0};
    const auto n = static_cast<std::uint32_t>(payload.size());
    for (int shift : {24, 16, 8, 0})
        out += static_cast<char>((n >> shift) & 0xff);
    return out + std::string(payload);
}

struct Demuxed {
    std::string out, err;
    std::vector<StreamKind> kinds;
};

Demuxed demux_in_pieces(std::string_view bytes, std::size_t a, std::size_t b, StdcopyDemuxer& demuxer) {
    Demuxed d;
    for (auto piece : {bytes.substr(0, a), bytes.substr(a, b - a), bytes.substr(b)}) {
        for (auto& f : demuxer.feed(piece)) {
            (f.kind == StreamKind::Stderr ? d.err : d.out) += f.payload;
            d.kinds.push_back(f.kind);
        }
    }
    return d;
}

} // namespace

TEST_CASE("NDJSON lines come out whole wherever the chunks are cut") {
    const std::string text = "{\"a\":1}\n\n{\"b\":\"x\\ny\"}\r\n  \n{\"c\":3}";
    const std::vector<std::string> expected = {"{\"a\":1}", "{\"b\":\"x\\ny\"}", "{\"c\":3}"};
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK(split_lines(text, cut) == expected);
    }
}

TEST_CASE("a line longer than the cap fails the splitter instead of growing") {
    LineSplitter splitter(8);
    CHECK(splitter.feed("12345").empty());
    CHECK(splitter.feed("6789").empty());
    CHECK(splitter.failed());
    CHECK(splitter.feed("\n{}\n").empty());
    CHECK_FALSE(splitter.finish());
}

TEST_CASE("stdcopy frames are demultiplexed wherever the chunks are cut") {
    const std::string bytes = frame(1, "out\n") + frame(2, "err\n") + frame(0, "") + frame(1, "more") +
                              frame(2, std::string(300, 'e'));
    for (std::size_t a = 0; a <= bytes.size(); a += 3) {
        for (std::size_t b = a; b <= bytes.size(); b += 5) {
            StdcopyDemuxer demuxer;
            auto d = demux_in_pieces(bytes, a, b, demuxer);
            INFO("cuts at " << a << ", " << b);
            CHECK(d.out == "out\nmore");
            CHECK(d.err == "err\n" + std::string(300, 'e'));
            CHECK(d.kinds.size() == 5);
            CHECK(demuxer.clean_end());
        }
    }
}

TEST_CASE("a systemerr frame ends the stream and a truncated frame is not a clean end") {
    StdcopyDemuxer demuxer;
    auto frames = demuxer.feed(frame(1, "a") + frame(3, "boom") + frame(1, "ignored"));
    REQUIRE(frames.size() == 2);
    CHECK(frames[1].kind == StreamKind::SystemErr);
    CHECK(frames[1].payload == "boom");
    CHECK(demuxer.ended());
    CHECK_FALSE(demuxer.clean_end());

    StdcopyDemuxer truncated;
    CHECK(truncated.feed(frame(1, "hello").substr(0, 10)).empty());
    CHECK_FALSE(truncated.clean_end());
}

TEST_CASE("a malformed stdcopy header fails the demuxer") {
    StdcopyDemuxer tty_output; // what a Tty=true stream looks like
    CHECK(tty_output.feed("hello world\n").empty());
    CHECK(tty_output.failed());
    StdcopyDemuxer huge;
    CHECK(huge.feed(std::string{1, 0, 0, 0, '\x7f', '\xff', '\xff', '\xff'}).empty());
    CHECK(huge.failed());
}

TEST_CASE("pull progress reads status lines and an error inside a 200 stream") {
    auto ok = parse_pull_progress(
        R"({"status":"Downloading","progressDetail":{"current":1,"total":2},"progress":"[=>  ]","id":"abc"})");
    REQUIRE(ok);
    CHECK(ok->status == "Downloading");
    CHECK(ok->id == "abc");
    CHECK(ok->progress == "[=>  ]");
    CHECK_FALSE(ok->error);

    auto failed = parse_pull_progress(
        R"({"errorDetail":{"message":"manifest for x:1 not found: manifest unknown"},"error":"manifest for x:1 not found"})");
    REQUIRE(failed);
    REQUIRE(failed->error);
    CHECK(*failed->error == "manifest for x:1 not found: manifest unknown");

    auto old_form = parse_pull_progress(R"({"error":"unauthorized"})");
    REQUIRE(old_form);
    CHECK(old_form->error == "unauthorized");
    CHECK_FALSE(parse_pull_progress("not json"));
    CHECK(parse_pull_progress("[1]").error().kind == EngineErrorKind::Protocol);
}

TEST_CASE("Docker's health event carries the status in the action and labels in the attributes") {
    auto event =
        parse_event(R"({"status":"health_status: healthy","id":"c1","from":"busybox","Type":"container",)"
                    R"("Action":"health_status: healthy","Actor":{"ID":"c1","Attributes":{"image":"busybox",)"
                    R"("name":"rehearsa-x-db","io.rehearsa.run":"r1"}},"scope":"local","time":1700000000,)"
                    R"("timeNano":1700000000123456789})");
    REQUIRE(event);
    CHECK(event->type == "container");
    CHECK(event->action == "health_status");
    CHECK(event->health_status == "healthy");
    CHECK(event->id == "c1");
    CHECK(event->attributes.at("io.rehearsa.run") == "r1");
    CHECK(event->attributes.at("name") == "rehearsa-x-db");
    CHECK(event->time_nano == 1700000000123456789);
    CHECK_FALSE(event->exit_code);
}

TEST_CASE("Docker's die event carries exitCode as a string attribute") {
    auto event = parse_event(R"({"Type":"container","Action":"die","Actor":{"ID":"c2","Attributes":)"
                             R"({"exitCode":"137","name":"n"}},"time":1700000001})");
    REQUIRE(event);
    CHECK(event->action == "die");
    CHECK(event->exit_code == 137);
    CHECK(event->time_nano == 1700000001000000000);
}

TEST_CASE("Podman's events: a bare health_status with HealthStatus, and containerExitCode") {
    auto health =
        parse_event(R"({"status":"health_status","id":"p1","Type":"container","Action":"health_status",)"
                    R"("Actor":{"ID":"p1","Attributes":{"name":"db"}},"HealthStatus":"unhealthy",)"
                    R"("time":1,"timeNano":1000000005})");
    REQUIRE(health);
    CHECK(health->action == "health_status");
    CHECK(health->health_status == "unhealthy");
    CHECK(health->time_nano == 1000000005);

    auto died = parse_event(R"({"Type":"container","Action":"died","Actor":{"ID":"p1","Attributes":{}},)"
                            R"("containerExitCode":3})");
    REQUIRE(died);
    CHECK(died->action == "die");
    CHECK(died->exit_code == 3);
}

TEST_CASE("a malformed events line is a protocol error, unknown fields are ignored") {
    CHECK(parse_event("{\"Type\":").error().kind == EngineErrorKind::Protocol);
    CHECK(parse_event("\"text\"").error().kind == EngineErrorKind::Protocol);
    auto future =
        parse_event(R"({"Type":"network","Action":"connect","NewField":{"x":[1,2]},"Actor":{"ID":"n"}})");
    REQUIRE(future);
    CHECK(future->type == "network");
    CHECK(future->id == "n");
}
