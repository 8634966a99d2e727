// Copyright 2026 The Vigil Authors.
//
// The remote backend of `vigil --server URL hashset ...`: the same
// operations as the local store, through the service's /v1/hashsets routes
// (docs/service.md "Curating while serving"), with cpp-httplib's client (the
// HTTP library the service itself uses: one stack, TLS through OpenSSL for
// https:// URLs, chunked uploads and streamed downloads; see
// docs/service.md for why not libcurl). Imports are streamed from the file
// (chunked transfer encoding, 64 KiB at a time) and exports streamed to the
// caller: neither is held in memory.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <httplib.h>
#include <cerrno>
#include <fstream>

#include "tools/vigil/hashset_backend.h"
#include "tools/vigil/hashset_json.h"
#include "tools/vigil/serve/reply.h"

namespace vigil::cli {
namespace {

using json = nlohmann::json;

// A service's error reply as the Status the store would have returned: the
// code from the serve::kStatusCodeHeader header (or the HTTP status), the
// message from the {"message": ...} body.
Status ReplyStatus(int http_status, const httplib::Headers& headers,
                   const std::string& body) {
  StatusCode code = StatusCode::kInternal;
  switch (http_status) {
    case 400:
      code = StatusCode::kInvalidArgument;
      break;
    case 401:
    case 403:
      code = StatusCode::kPermissionDenied;
      break;
    case 404:
      code = StatusCode::kNotFound;
      break;
    case 409:
      code = StatusCode::kAlreadyExists;
      break;
    case 413:
      code = StatusCode::kLimitExceeded;
      break;
    case 429:
    case 503:
      code = StatusCode::kUnavailable;
      break;
  }
  auto header = headers.find(serve::kStatusCodeHeader);
  if (header != headers.end()) {
    for (int c = 1; c <= static_cast<int>(StatusCode::kPermissionDenied); ++c) {
      if (header->second == StatusCodeName(static_cast<StatusCode>(c))) {
        code = static_cast<StatusCode>(c);
      }
    }
  }
  json j = json::parse(body, nullptr, false);
  std::string message = "HTTP " + std::to_string(http_status);
  if (j.is_object() && j.contains("message") && j["message"].is_string()) {
    message = j["message"].get<std::string>();
  }
  return Status(code, message);
}

// Reads a token file: its first line, without surrounding blanks.
Result<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    return InvalidArgumentError("cannot read token file " + path);
  }
  const size_t b = line.find_first_not_of(" \t\r");
  const size_t e = line.find_last_not_of(" \t\r");
  if (b == std::string::npos) {
    return InvalidArgumentError("token file " + path + " is empty");
  }
  return line.substr(b, e - b + 1);
}

// An open import source: a regular file, or stdin for "-" (the checks and
// messages of the local import).
class ImportSource {
 public:
  ~ImportSource() {
    if (fd_ > STDIN_FILENO) ::close(fd_);
  }
  Status Open(const std::string& path) {
    if (path == "-") {
      fd_ = STDIN_FILENO;
      return Status::OK();
    }
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return ErrnoToStatus(errno, "cannot open " + path);
    struct stat st;
    if (::fstat(fd_, &st) != 0)
      return ErrnoToStatus(errno, "cannot stat " + path);
    if (!S_ISREG(st.st_mode)) {
      return InvalidArgumentError(path + " is not a regular file");
    }
    return Status::OK();
  }
  // Reads up to `size` bytes; 0 at the end.
  Result<size_t> Read(char* buf, size_t size) {
    while (true) {
      ssize_t n = ::read(fd_, buf, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        return ErrnoToStatus(errno, fd_ == STDIN_FILENO ? "cannot read stdin"
                                                        : "cannot read input");
      }
      return static_cast<size_t>(n);
    }
  }

 private:
  int fd_ = -1;
};

class RemoteBackend : public HashsetBackend {
 public:
  RemoteBackend(std::string server, std::string base, std::string token)
      : server_(std::move(server)), base_(std::move(base)), client_(server_) {
    client_.set_connection_timeout(10, 0);
    // Imports and exports of millions of hashes take a while server-side.
    client_.set_read_timeout(3600, 0);
    client_.set_write_timeout(300, 0);
    client_.set_follow_location(false);
    if (!token.empty()) client_.set_bearer_token_auth(token.c_str());
  }

  bool valid() const { return client_.is_valid(); }

  Result<json> Create(const HashsetConfig& config, const ChangeInfo&) override {
    return Reply(client_.Post(Path("/v1/hashsets"),
                              HashsetConfigJson(config).dump(),
                              "application/json"));
  }
  Result<std::vector<json>> List() override {
    return Array(Reply(client_.Get(Path("/v1/hashsets"))));
  }
  Result<json> Show(const std::string& name) override {
    return Reply(client_.Get(SetPath(name)));
  }
  Result<json> SetEnabled(const std::string& name, bool enabled,
                          const ChangeInfo& info) override {
    json body = {{"enabled", enabled}, {"reason", info.reason}};
    return Reply(client_.Patch(SetPath(name), body.dump(), "application/json"));
  }
  Result<json> Update(const std::string& name, const HashsetConfig& config,
                      const ChangeInfo& info) override {
    json body = HashsetConfigJson(config);
    body.erase("name");
    body.erase("signal_types");
    body["reason"] = info.reason;
    return Reply(client_.Patch(SetPath(name), body.dump(), "application/json"));
  }
  Status Delete(const std::string& name, const ChangeInfo& info) override {
    return Reply(client_.Delete(httplib::append_query_params(
                     SetPath(name), {{"reason", info.reason}})))
        .status();
  }
  Result<std::vector<json>> Stats(const std::string& name) override {
    if (name.empty()) {
      return Array(Reply(client_.Get(Path("/v1/hashsets?stats=true"))));
    }
    Result<json> one = Reply(client_.Get(SetPath(name) + "/stats"));
    if (!one.ok()) return one.status();
    return std::vector<json>{std::move(*one)};
  }
  Result<HashsetConfig> Config(const std::string& name) override {
    Result<json> set = Show(name);
    if (!set.ok()) return set.status();
    return HashsetConfigFromJson(*set);
  }
  Result<AddResult> Add(const std::string& name,
                        std::span<const Signal> signals,
                        const EntryInfo& info) override {
    json list = json::array();
    for (const Signal& s : signals) list.push_back(SignalJson(s));
    json body = {{"signals", list},
                 {"external_id", info.external_id},
                 {"category", info.category},
                 {"note", info.note}};
    Result<json> r = Reply(client_.Post(SetPath(name) + "/entries", body.dump(),
                                        "application/json"));
    if (!r.ok()) return r.status();
    return AddResultFromJson(*r);
  }
  Result<RemoveResult> Remove(const std::string& name,
                              const RemoveSelector& selector,
                              const ChangeInfo& info) override {
    httplib::Params params = {{"reason", info.reason}};
    if (selector.signal.has_value()) {
      params.emplace("signal",
                     std::string(SignalTypeName(selector.signal->type)) + ":" +
                         HexOf(*selector.signal));
    }
    if (selector.external_id.has_value()) {
      params.emplace("external_id", *selector.external_id);
    }
    Result<json> r = Reply(client_.Delete(
        httplib::append_query_params(SetPath(name) + "/entries", params)));
    if (!r.ok()) return r.status();
    return RemoveResultFromJson(*r);
  }
  Result<ImportResult> Import(const std::string& name, const std::string& path,
                              const ImportOptions& options) override {
    ImportSource source;
    Status s = source.Open(path);
    if (!s.ok()) return s;
    httplib::Params params = {{"format", HashsetFormatName(options.format)},
                              {"source", options.source_name}};
    if (options.type.has_value()) {
      params.emplace("type", SignalTypeName(*options.type));
    }
    // Chunked: the length of stdin is not known, and the service bounds
    // an import by its own --max-import rather than --max-body.
    Status read_error;
    std::vector<char> buf(1 << 16);
    auto r = client_.Post(
        httplib::append_query_params(SetPath(name) + "/import", params),
        [&](size_t, httplib::DataSink& sink) {
          Result<size_t> n = source.Read(buf.data(), buf.size());
          if (!n.ok()) {
            read_error = n.status();
            return false;
          }
          if (*n == 0) {
            sink.done();
            return true;
          }
          return sink.write(buf.data(), *n);
        },
        "text/plain");
    if (!read_error.ok()) return read_error;
    Result<json> reply = Reply(std::move(r));
    if (!reply.ok()) return reply.status();
    return ImportResultFromJson(*reply);
  }
  Status Export(
      const std::string& name, const ExportOptions& options,
      const std::function<Status(std::string_view chunk)>& write) override {
    httplib::Params params = {{"format", HashsetFormatName(options.format)}};
    if (options.type.has_value()) {
      params.emplace("type", SignalTypeName(*options.type));
    }
    int status = 0;
    std::string error_body;
    Status write_error;
    auto r = client_.Get(
        httplib::append_query_params(SetPath(name) + "/export", params),
        [&](const httplib::Response& res) {
          status = res.status;
          return true;
        },
        [&](const char* data, size_t n) {
          if (status != 200) {
            if (error_body.size() < (1 << 16)) error_body.append(data, n);
            return true;
          }
          write_error = write(std::string_view(data, n));
          return write_error.ok();
        });
    if (!write_error.ok()) return write_error;
    if (!r) return Unreachable(r.error());
    if (r->status != 200) return ReplyStatus(r->status, r->headers, error_body);
    return Status::OK();
  }

 private:
  static std::string HexOf(const Signal& s) { return SignalJson(s)["hash"]; }

  std::string Path(const std::string& path) const { return base_ + path; }
  std::string SetPath(const std::string& name) const {
    return Path("/v1/hashsets/" + httplib::detail::encode_query_param(name));
  }

  Status Unreachable(httplib::Error error) const {
    return UnavailableError("cannot talk to the service at " + server_ + ": " +
                            httplib::to_string(error));
  }

  // The JSON body of a 2xx reply, else the error it reports.
  Result<json> Reply(httplib::Result r) const {
    if (!r) return Unreachable(r.error());
    if (r->status < 200 || r->status > 299) {
      return ReplyStatus(r->status, r->headers, r->body);
    }
    json j = json::parse(r->body, nullptr, false);
    if (j.is_discarded()) {
      return InternalError("the service at " + server_ +
                           " replied with something that is not JSON");
    }
    return j;
  }

  // The "hashsets" array of a list reply.
  static Result<std::vector<json>> Array(Result<json> reply) {
    if (!reply.ok()) return reply.status();
    if (!reply->contains("hashsets") || !(*reply)["hashsets"].is_array()) {
      return InternalError("the service's reply lacks \"hashsets\"");
    }
    return (*reply)["hashsets"].get<std::vector<json>>();
  }

  const std::string server_;
  const std::string base_;  // path prefix of the URL ("" or "/vigil")
  httplib::Client client_;
};

}  // namespace

Result<std::unique_ptr<HashsetBackend>> OpenRemoteHashsetBackend(
    const CliContext& ctx) {
  // scheme://host[:port][/prefix]
  const std::string& url = ctx.server;
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos || (url.compare(0, scheme, "http") != 0 &&
                                      url.compare(0, scheme, "https") != 0)) {
    return InvalidArgumentError("--server '" + url +
                                "' is not an http:// or https:// URL");
  }
  size_t slash = url.find('/', scheme + 3);
  std::string origin = url.substr(0, slash);
  std::string base = slash == std::string::npos ? "" : url.substr(slash);
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (origin.size() == scheme + 3) {
    return InvalidArgumentError("--server '" + url + "' names no host");
  }
  std::string token = ctx.token;
  if (token.empty() && !ctx.token_file.empty()) {
    Result<std::string> read = ReadTokenFile(ctx.token_file);
    if (!read.ok()) return read.status();
    token = std::move(*read);
  }
  auto backend = std::make_unique<RemoteBackend>(origin, base, token);
  if (!backend->valid()) {
    return InvalidArgumentError("--server '" + url + "' is not a usable URL");
  }
  return std::unique_ptr<HashsetBackend>(std::move(backend));
}

}  // namespace vigil::cli
