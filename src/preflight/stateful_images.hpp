#pragma once
// Where well-known stateful images keep their data, and which container paths look like data at
// all: the knowledge behind stateful-image-without-volume, anonymous-volume-data and tmpfs-data.
#include "compose/node.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::preflight {

struct DataDirs {
    std::string product;           // "postgres", "bitnami/postgresql", "linuxserver/plex"
    std::vector<std::string> dirs; // where the data lives; a mount over any one of them keeps it
};

// The data directories of the service's image when it is a known stateful image, with the
// overrides that move them applied (PGDATA, `--datadir`, `--dbpath`, `server /path`, ...).
// nullopt for an unknown image, and for Redis with persistence turned off (`--save ""`).
std::optional<DataDirs> image_data_dirs(const compose::Node& service);

// A container path that, by its name alone, holds data: under /var/lib, /srv, /data, /bitnami or
// /var/opt, or with a component such as `data`, `db`, `storage`, `uploads`, `*-data`. Paths with a
// cache, temporary, log or dependency component (node_modules, vendor, tmp, cache) never do.
bool looks_like_data(std::string_view target);

// A mount at `target` holds `dir` when it is the same path or a parent of it.
bool covers(std::string_view target, std::string_view dir);

// The target holds data: by its name, or because it overlaps the image's data directories
// (never when looks_like_data's exclusions apply: a cache under a data directory is no data).
bool holds_data(std::string_view target, const std::optional<DataDirs>& image_dirs);

} // namespace rehearsa::preflight
