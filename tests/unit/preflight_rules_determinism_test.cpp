// Image references, tag kinds and the determinism rules beyond their fixtures.
#include "compose/image_ref.hpp"
#include "preflight_project.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace rehearsa;
using compose::classify_tag;
using compose::parse_image_ref;
using compose::TagKind;
using results::Severity;

TEST_CASE("image references split into registry, path, tag and digest", "[preflight][image]") {
    auto hub = parse_image_ref("docker.io/library/postgres:16");
    REQUIRE(hub);
    CHECK(hub->registry.empty());
    CHECK(hub->path == "postgres");
    CHECK(hub->tag == "16");
    CHECK(hub->name() == "postgres");

    auto port = parse_image_ref("localhost:5000/team/app:1.2@sha256:abc");
    REQUIRE(port);
    CHECK(port->registry == "localhost:5000");
    CHECK(port->path == "team/app");
    CHECK(port->tag == "1.2");
    CHECK(port->digest == "sha256:abc");
    CHECK(port->pinned());

    auto bitnami = parse_image_ref("bitnami/postgresql");
    REQUIRE(bitnami);
    CHECK(bitnami->registry.empty()); // "bitnami" has no dot: a Docker Hub user, not a registry
    CHECK(bitnami->path == "bitnami/postgresql");
    CHECK(bitnami->name() == "postgresql");
    CHECK(bitnami->tag.empty());

    auto digest_only = parse_image_ref("ghcr.io/org/tool@sha256:0123");
    REQUIRE(digest_only);
    CHECK(digest_only->registry == "ghcr.io");
    CHECK(digest_only->tag.empty());
    CHECK(digest_only->pinned());

    CHECK_FALSE(parse_image_ref(""));
    CHECK_FALSE(parse_image_ref("${IMAGE}"));
}

TEST_CASE("tags are versioned only when they name a version", "[preflight][image]") {
    CHECK(classify_tag("") == TagKind::Missing);
    CHECK(classify_tag("latest") == TagKind::Latest);
    for (auto tag : {"stable", "edge", "alpine", "slim", "bookworm", "management-alpine", "lts-alpine3.20",
                     "stable-alpine3.17", "nightly-2", "alpine3.20", "main", "develop"}) {
        INFO(tag);
        CHECK(classify_tag(tag) == TagKind::Floating);
    }
    for (auto tag :
         {"16", "16.4", "3.12-slim", "v2.10", "1.27.2-alpine", "2024.01.05", "8.0-debian", "22.11-alpine"}) {
        INFO(tag);
        CHECK(classify_tag(tag) == TagKind::Versioned);
    }
}

TEST_CASE("a moving tag is reported once, by mutable-image-tag, and a version tag once, by the digest rule",
          "[preflight][determinism]") {
    test::ProjectDir dir;
    dir.write("compose.yaml",
              "services:\n"
              "  a:\n    image: nginx\n"
              "  b:\n    image: nginx:1.27.2\n"
              "  c:\n    image: nginx:latest@sha256:2140dad235c130ac861018a4e13a6bc8aea3a35f3a40e20c1b\n"
              "  d:\n    image: redis:alpine\n");
    auto mutable_tags = dir.findings("mutable-image-tag");
    auto unpinned = dir.findings("image-not-pinned-by-digest");
    REQUIRE(mutable_tags.size() == 2);
    CHECK(mutable_tags[0].service == "a");
    CHECK(mutable_tags[0].yaml_path == "services.a.image");
    CHECK(mutable_tags[0].where.line == 3);
    CHECK(mutable_tags[0].where.column == 12);
    CHECK(mutable_tags[0].message.find("'nginx' has no tag") != std::string::npos);
    CHECK(mutable_tags[1].service == "d");
    REQUIRE(unpinned.size() == 1);
    CHECK(unpinned[0].service == "b");
    CHECK(unpinned[0].severity == Severity::Note);
}

TEST_CASE("built images are judged by build-without-image, not by their tag", "[preflight][determinism]") {
    test::ProjectDir dir;
    dir.write("compose.yaml", "services:\n"
                              "  app:\n    build: .\n    image: app:latest\n"
                              "  worker:\n    build:\n      context: ./worker\n");
    CHECK(dir.findings("mutable-image-tag").empty());
    auto unnamed = dir.findings("build-without-image");
    REQUIRE(unnamed.size() == 1);
    CHECK(unnamed[0].service == "worker");
    CHECK(unnamed[0].yaml_path == "services.worker.build");
    CHECK(unnamed[0].where.line == 6);
}

TEST_CASE("pull-policy-conflict picks its severity by what fails on a new host", "[preflight][determinism]") {
    test::ProjectDir dir;
    dir.write("compose.yaml", "services:\n"
                              "  a:\n    image: a:1.0\n    pull_policy: build\n"
                              "  b:\n    image: b:1.0\n    pull_policy: never\n"
                              "  c:\n    build: .\n    image: c:1.0\n    pull_policy: always\n"
                              "  d:\n    image: d:1.0\n    pull_policy: always\n"
                              "  e:\n    build: .\n    image: e:1.0\n    pull_policy: build\n");
    auto found = dir.findings("pull-policy-conflict");
    REQUIRE(found.size() == 3);
    CHECK(found[0].service == "a");
    CHECK(found[0].severity == Severity::Error);
    CHECK(found[0].yaml_path == "services.a.pull_policy");
    CHECK(found[1].service == "b");
    CHECK(found[1].severity == Severity::Error);
    CHECK(found[2].service == "c");
    CHECK(found[2].severity == Severity::Warning);
}
