#include "preflight/stateful_images.hpp"

#include "compose/image_ref.hpp"
#include "compose/mounts.hpp"

#include <algorithm>
#include <array>

namespace rehearsa::preflight {

namespace {

// Redis keeps its snapshots in the data directory unless `--save ""` turns them off.
enum class Persistence { Always, UnlessSaveOff };

struct StatefulImage {
    std::array<std::string_view, 5> names; // last path components, or path suffixes ("mssql/server")
    std::array<std::string_view, 2> dirs;  // the image's data directories, as documented
    std::string_view env = {};             // a variable that moves the data directory
    std::string_view flag = {};            // a command option that moves it, `--flag DIR` or `--flag=DIR`
    Persistence persistence = Persistence::Always;
};

constexpr auto k_images = std::to_array<StatefulImage>({
    {{"postgres", "postgresql", "postgis", "timescaledb"}, {"/var/lib/postgresql/data"}, "PGDATA"},
    {{"mysql", "mysql-server", "mariadb", "percona", "percona-server"}, {"/var/lib/mysql"}, {}, "--datadir"},
    {{"mongo", "mongodb", "mongodb-community-server", "mongodb-enterprise-server"},
     {"/data/db"},
     {},
     "--dbpath"},
    {{"redis", "redis-stack", "redis-stack-server", "valkey", "keydb"},
     {"/data"},
     {},
     "--dir",
     Persistence::UnlessSaveOff},
    {{"elasticsearch"}, {"/usr/share/elasticsearch/data"}, "path.data"},
    {{"opensearch"}, {"/usr/share/opensearch/data"}, "path.data"},
    {{"minio"}, {"/data"}, {}, "server"},
    {{"rabbitmq"}, {"/var/lib/rabbitmq"}},
    {{"influxdb"}, {"/var/lib/influxdb", "/var/lib/influxdb2"}},
    {{"clickhouse-server", "clickhouse"}, {"/var/lib/clickhouse"}},
    {{"cassandra"}, {"/var/lib/cassandra"}},
    {{"scylla"}, {"/var/lib/scylla"}},
    {{"couchdb"}, {"/opt/couchdb/data"}},
    {{"couchbase", "couchbase/server"}, {"/opt/couchbase/var"}},
    {{"neo4j"}, {"/data"}},
    {{"etcd"}, {"/default.etcd"}, "ETCD_DATA_DIR", "--data-dir"},
    {{"mssql/server", "mssql-server-linux"}, {"/var/opt/mssql"}},
    {{"cockroach"}, {"/cockroach/cockroach-data"}},
    {{"arangodb"}, {"/var/lib/arangodb3"}},
    {{"rethinkdb"}, {"/data"}},
    {{"solr"}, {"/var/solr"}},
    {{"zookeeper"}, {"/data"}},
    {{"cp-zookeeper"}, {"/var/lib/zookeeper/data"}},
    {{"cp-kafka"}, {"/var/lib/kafka/data"}},
    {{"nextcloud", "wordpress"}, {"/var/www/html"}},
    {{"gitea"}, {"/data", "/var/lib/gitea"}},
    {{"gogs", "portainer", "portainer-ce"}, {"/data"}},
    {{"registry"}, {"/var/lib/registry"}},
    {{"ghost"}, {"/var/lib/ghost/content"}},
    {{"jenkins"}, {"/var/jenkins_home"}},
    {{"gitlab-ce", "gitlab-ee"}, {"/var/opt/gitlab"}},
    {{"nexus3"}, {"/nexus-data"}},
    {{"odoo"}, {"/var/lib/odoo"}},
});

// Components that never hold data worth restoring, whatever the rest of the path says.
constexpr std::array<std::string_view, 18> k_never_data = {
    "node_modules", "vendor", "cache", ".cache", "tmp",   "temp", "log",   "logs",          "run",
    "__pycache__",  ".venv",  "venv",  "target", "build", "dist", ".next", "site-packages", "lock"};

constexpr std::array<std::string_view, 8> k_data_components = {"data",    "db",      "database", "databases",
                                                               "storage", "uploads", "backups",  "pgdata"};

constexpr std::array<std::string_view, 5> k_data_roots = {"/var/lib", "/srv", "/data", "/bitnami",
                                                          "/var/opt"};

bool matches(std::string_view wanted, const compose::ImageRef& ref) {
    if (wanted.empty()) return false;
    if (wanted.find('/') == std::string_view::npos) return ref.name() == wanted;
    return ref.path == wanted ||
           (ref.path.ends_with(wanted) && ref.path[ref.path.size() - wanted.size() - 1] == '/');
}

const StatefulImage* find_image(const compose::ImageRef& ref) {
    for (const StatefulImage& image : k_images)
        if (std::any_of(image.names.begin(), image.names.end(),
                        [&](std::string_view wanted) { return matches(wanted, ref); }))
            return &image;
    return nullptr;
}

// Calls `visit` with each component of an absolute path.
template <typename Visit>
void for_each_component(std::string_view path, Visit visit) {
    for (std::size_t start = 1; start <= path.size();) {
        std::size_t end = std::min(path.find('/', start), path.size());
        visit(path.substr(start, end - start));
        start = end + 1;
    }
}

bool never_data(std::string_view target) {
    bool never = false;
    for_each_component(target, [&](std::string_view part) {
        never = never || std::find(k_never_data.begin(), k_never_data.end(), part) != k_never_data.end();
    });
    return never;
}

std::vector<std::string> arguments(const compose::Node& service) {
    std::vector<std::string> out;
    for (const char* key : {"entrypoint", "command"})
        if (const compose::Node* list = service.find(key); list && list->is_sequence())
            for (const compose::Node& item : list->items)
                out.push_back(item.text);
    return out;
}

// The value of `--flag DIR` or `--flag=DIR` when it is an absolute path.
std::optional<std::string> flag_value(const std::vector<std::string>& args, std::string_view flag) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string value = args[i] == flag && i + 1 < args.size()         ? args[i + 1]
                            : args[i].starts_with(std::string(flag) + "=") ? args[i].substr(flag.size() + 1)
                                                                           : "";
        if (value.starts_with('/')) return value;
    }
    return std::nullopt;
}

bool saves_nothing(const std::vector<std::string>& args) {
    bool save_off = false, append_only = false;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        save_off = save_off || (args[i] == "--save" && args[i + 1].empty());
        append_only = append_only || (args[i] == "--appendonly" && args[i + 1] == "yes");
    }
    return save_off && !append_only;
}

std::optional<std::string> env_value(const compose::Node& service, std::string_view name) {
    const compose::Node* environment = service.find("environment");
    const compose::Node* value = environment && !name.empty() ? environment->find(name) : nullptr;
    if (!value || !value->is_scalar() || !value->text.starts_with('/')) return std::nullopt;
    return value->text;
}

std::optional<DataDirs> table_dirs(const compose::Node& service, const compose::ImageRef& ref) {
    const StatefulImage* image = find_image(ref);
    if (!image) return std::nullopt;
    std::vector<std::string> args = arguments(service);
    if (image->persistence == Persistence::UnlessSaveOff && saves_nothing(args)) return std::nullopt;
    DataDirs out{std::string(ref.name()), {}};
    auto moved = env_value(service, image->env);
    if (!moved && !image->flag.empty()) moved = flag_value(args, image->flag);
    if (moved) out.dirs.push_back(*moved);
    for (std::string_view dir : image->dirs)
        if (!moved && !dir.empty()) out.dirs.emplace_back(dir);
    return out;
}

} // namespace

std::optional<DataDirs> image_data_dirs(const compose::Node& service) {
    const compose::Node* image = service.find("image");
    auto ref = image && image->is_scalar() ? compose::parse_image_ref(image->text) : std::nullopt;
    if (!ref) return std::nullopt;
    // Bitnami images keep everything under /bitnami/<name>; linuxserver.io images under /config.
    if (ref->path.starts_with("bitnami/") && find_image(*ref))
        return DataDirs{ref->path, {"/bitnami/" + std::string(ref->name())}};
    if (ref->path.starts_with("linuxserver/")) return DataDirs{ref->path, {"/config"}};
    return table_dirs(service, *ref);
}

bool looks_like_data(std::string_view target) {
    if (never_data(target)) return false;
    bool data = false;
    for_each_component(target, [&](std::string_view part) {
        data =
            data ||
            std::find(k_data_components.begin(), k_data_components.end(), part) != k_data_components.end() ||
            part.ends_with("-data") || part.ends_with("_data");
    });
    return data || std::any_of(k_data_roots.begin(), k_data_roots.end(),
                               [&](std::string_view root) { return compose::is_within(target, root); });
}

bool covers(std::string_view target, std::string_view dir) {
    return !target.empty() && compose::is_within(dir, target);
}

bool holds_data(std::string_view target, const std::optional<DataDirs>& image_dirs) {
    if (never_data(target)) return false;
    if (image_dirs)
        for (const std::string& dir : image_dirs->dirs)
            if (covers(target, dir) || covers(dir, target)) return true;
    return looks_like_data(target);
}

} // namespace rehearsa::preflight
