// The duty-desk dashboard: the built files of web/dist (tools/build-web.sh) served from memory.
// Everything is read once when the server is built, so a request never touches the disk and a
// request path can never reach a file outside the bundle: it is only ever a key into a map.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/random_id.hpp"
#include "http/server.hpp"

namespace eoc::http {

namespace {

namespace fs = std::filesystem;

// The bundle is a few hundred KB; anything far bigger in web/dist is a mistake, not a dashboard.
constexpr std::uintmax_t kMaxBundleBytes = 64u << 20;

struct Asset {
  std::string body;
  std::string contentType;
  std::string etag;
};

std::string contentTypeFor(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// web/dist as it was at startup: "index.html", "static/app-HASH.js", ...
class WebBundle {
 public:
  explicit WebBundle(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    std::uintmax_t total = 0;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      // Symlinks are not followed: the bundle is what the build wrote, nothing it points at.
      if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
      total += it->file_size(ec);
      if (total > kMaxBundleBytes)
        throw EocError(ErrorCode::InvalidParameter, "web dir " + dir.string() + " holds more than 64 MiB; is it a build output?");
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      Asset asset{bytes.str(), contentTypeFor(it->path()), {}};
      asset.etag.push_back('"');  // appended, not "literal" + temporary (GCC 12 false -Wrestrict)
      asset.etag += sha256Hex(asset.body).substr(0, 20);
      asset.etag.push_back('"');
      assets_.emplace(fs::relative(it->path(), dir, ec).generic_string(), std::move(asset));
    }
  }

  const Asset* find(const std::string& key) const {
    auto it = assets_.find(key);
    return it == assets_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, Asset> assets_;
};

// The quality a media range of an Accept header gives `type` (0 when absent).
double acceptQuality(const std::string& accept, const std::string& type) {
  std::istringstream ranges(accept);
  std::string range;
  while (std::getline(ranges, range, ',')) {
    auto semicolon = range.find(';');
    std::string name = range.substr(0, semicolon);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name != type) continue;
    double q = 1.0;
    if (auto qpos = range.find("q=", semicolon == std::string::npos ? range.size() : semicolon);
        qpos != std::string::npos) {
      try {
        q = std::stod(range.substr(qpos + 2));
      } catch (...) {
        q = 0.0;
      }
    }
    return q;
  }
  return 0.0;
}

// Browsers ask for text/html first; API clients ask for JSON, */*, or nothing at all.
bool prefersHtml(const httplib::Request& req) {
  auto accept = req.get_header_value("Accept");
  double html = acceptQuality(accept, "text/html");
  return html > 0.0 && html >= acceptQuality(accept, "application/json");
}

// "app-S77FS3MZ.js": the bundler names files by their content, so such a name never changes
// meaning and may be cached for good. Anything else (site-config.json) is revalidated.
bool isContentHashed(const std::string& name) {
  static const std::regex kHashed(R"(.+-[A-Z0-9]{8}\.[a-z0-9.]+)");
  return std::regex_match(name, kHashed);
}

void serveAsset(RequestContext& ctx, const Asset& asset, const char* cacheControl) {
  ctx.res.set_header("Cache-Control", cacheControl);
  ctx.res.set_header("ETag", asset.etag);
  ctx.res.set_header("X-Content-Type-Options", "nosniff");
  if (ctx.req.get_header_value("If-None-Match") == asset.etag) {
    ctx.res.status = 304;
    return;
  }
  ctx.res.set_content(asset.body, asset.contentType);
}

constexpr const char* kNotBuiltPage = R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>值班台未构建 — 沙依巴克区应急指挥</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>值班台页面尚未构建</h1>
<p>服务器没有找到 <code>web/dist/index.html</code>。请在代码仓库中运行 <code>tools/build-web.sh</code>，然后重启 eoc。</p>
<p>接口仍然可用：<a href="/api">/api</a>（OpenAPI 文档）、<a href="/collections">/collections</a>（图层）。</p>
</body></html>
)";

}  // namespace

void addWebRoutes(std::vector<Route>& routes, service::EocService& service) {
  auto bundle = std::make_shared<const WebBundle>(service.config().webDir);

  routes.push_back({"GET", "/static/{file}", "Dashboard assets (content-hashed names are cached for a year)", {}, {},
                    "application/octet-stream", [bundle](RequestContext& ctx) {
                      const Asset* asset = bundle->find("static/" + ctx.pathParam(0));
                      if (!asset) throw EocError(ErrorCode::NotFound, "no dashboard asset " + ctx.req.path);
                      serveAsset(ctx, *asset, isContentHashed(ctx.pathParam(0)) ? "public, max-age=31536000, immutable"
                                                                               : "no-cache");
                    }});

  // The dashboard's login asks who a token belongs to, to offer only what that role may do.
  routes.push_back({"GET", "/whoami", "The person and role behind the bearer token",
                    {Role::DutyOfficer, Role::Approver, Role::Committee, Role::Team, Role::Viewer, Role::Admin}, {},
                    "application/json", [](RequestContext& ctx) {
                      const Principal& p = *ctx.principal;
                      nlohmann::json body = {{"role", roleName(p.role)}, {"subject", p.subject}, {"name", p.name},
                                             {"label", p.label()}, {"token_id", p.tokenId}};
                      ctx.res.set_header("Cache-Control", "no-store");
                      ctx.res.set_content(body.dump(), "application/json");
                    }});

  // `/` is the OGC API landing page for JSON clients; a browser gets the dashboard instead.
  // Registered after the features routes, so the landing page is there to be wrapped.
  bool wrapped = false;
  for (auto& route : routes) {
    if (route.method != "GET" || route.path != "/") continue;
    wrapped = true;
    route.handler = [bundle, landing = route.handler](RequestContext& ctx) {
      ctx.res.set_header("Vary", "Accept");
      if (!prefersHtml(ctx.req)) return landing(ctx);
      if (const Asset* index = bundle->find("index.html")) return serveAsset(ctx, *index, "no-cache");
      ctx.res.set_header("Cache-Control", "no-cache");
      ctx.res.set_content(kNotBuiltPage, "text/html; charset=utf-8");
    };
  }
  if (!wrapped) throw std::logic_error("addWebRoutes must come after addFeaturesRoutes (it wraps GET /)");
}

}  // namespace eoc::http
