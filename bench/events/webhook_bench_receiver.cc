// Copyright 2026 The Vigil Authors.
//
// A webhook receiver for benchmarks: what tests/testing/webhook_receiver.py
// does for the tests (answer 200, check every Standard Webhooks signature,
// log every request), at a fraction of its CPU cost per request, so that a
// benchmark on one machine charges the sinks' own cost and not Python's
// http.server (about 150 µs per request on this project's 2-core VMs).
// A deployment's receiver runs on other hosts.
//
//   webhook_bench_receiver --secret S [--secret S2] --log FILE
//       [--port P] [--port-file F] [--no-verify]
//
// One thread per connection (vigil keeps one connection per sink), HTTP/1.1
// with keep-alive; every POST is answered 200 with an empty body. The log
// gets one JSON line per POST (buffered: GET /count flushes it):
//   {"id":"...","verified":true,"events":1,"status":"200"}
// "events": 1 for a body that is a JSON object, the number of top-level
// elements for a JSON array (a batch, --webhook-batch), 0 otherwise (the
// body is not parsed beyond that). "verified": one of the v1 signatures
// is one vigil::WebhookSigner makes of "id.timestamp.body" with one of the
// secrets, and the timestamp is within 300 s of now; always false with
// --no-verify.
//   GET /count   flushes the log and answers the totals so far:
//                {"requests":R,"events":E,"verified_events":V}
// Runs until killed (the benchmarks stop it by pid).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "vigil/webhook_sink.h"

namespace {

constexpr int64_t kToleranceS = 300;  // as webhook_receiver.py

struct Config {
  std::vector<std::string> secrets;
  std::string log_path, port_file;
  int port = 0;
  bool verify = true;
};

std::mutex log_mu;  // guards the four below
FILE* log_file = nullptr;
int64_t requests = 0, events_total = 0, verified_events = 0;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// 1 for a JSON object, the top-level element count of a JSON array, else 0.
int EventsIn(std::string_view body) {
  size_t i = body.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return 0;
  if (body[i] == '{') return 1;
  if (body[i] != '[') return 0;
  int depth = 0, count = 0;
  bool in_string = false, any = false;
  for (; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        any = true;
        break;
      case '[':
      case '{':
        if (depth == 1) any = true;
        ++depth;
        break;
      case ']':
      case '}':
        if (--depth == 0) return any ? count + 1 : 0;
        break;
      case ',':
        if (depth == 1) ++count;
        break;
      default:
        if (depth == 1 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          any = true;
        }
    }
  }
  return 0;  // unterminated
}

bool Verified(vigil::WebhookSigner& signer, const std::string& id,
              const std::string& timestamp, std::string_view body,
              std::string_view signature_header) {
  char* end = nullptr;
  long long ts = std::strtoll(timestamp.c_str(), &end, 10);
  if (timestamp.empty() || *end != '\0' ||
      std::llabs(static_cast<long long>(std::time(nullptr)) - ts) >
          kToleranceS) {
    return false;
  }
  const std::string expected = signer.Sign(id, ts, body);
  // Both are space-separated "v1,<base64>" lists: one in common verifies.
  std::string_view want = expected;
  while (!signature_header.empty()) {
    size_t sp = signature_header.find(' ');
    std::string_view sig = signature_header.substr(0, sp);
    signature_header.remove_prefix(
        sp == std::string_view::npos ? signature_header.size() : sp + 1);
    if (!sig.starts_with("v1,")) continue;
    for (std::string_view w = want; !w.empty();) {
      size_t wsp = w.find(' ');
      std::string_view one = w.substr(0, wsp);
      if (one.size() == sig.size() &&
          CRYPTO_memcmp(one.data(), sig.data(), sig.size()) == 0) {
        return true;
      }
      w.remove_prefix(wsp == std::string_view::npos ? w.size() : wsp + 1);
    }
  }
  return false;
}

void LogRequest(const std::string& id, bool verified, int events) {
  // The id is the event id or a batch id vigil made: no character that
  // JSON would need escaped, but guard against anything else.
  std::string line = "{\"id\":\"";
  for (char c : id) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      line += '?';
    } else {
      line += c;
    }
  }
  line += "\",\"verified\":";
  line += verified ? "true" : "false";
  line += ",\"events\":" + std::to_string(events) + ",\"status\":\"200\"}\n";
  std::lock_guard<std::mutex> lock(log_mu);
  std::fwrite(line.data(), 1, line.size(), log_file);
  ++requests;
  events_total += events;
  if (verified) verified_events += events;
}

std::string CountResponse() {
  std::string json;
  {
    std::lock_guard<std::mutex> lock(log_mu);
    std::fflush(log_file);
    json = "{\"requests\":" + std::to_string(requests) +
           ",\"events\":" + std::to_string(events_total) +
           ",\"verified_events\":" + std::to_string(verified_events) + "}";
  }
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
         "Content-Length: " +
         std::to_string(json.size()) + "\r\n\r\n" + json;
}

// Serves one connection until the peer closes it or sends garbage; the
// caller closes it.
void Serve(const Config& config, int fd) {
  // Checked in main().
  vigil::WebhookSigner signer =
      vigil::WebhookSigner::Create(config.secrets).value();
  std::string buf;
  char chunk[64 * 1024];
  for (;;) {
    size_t head_end;
    while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
      if (buf.size() > 64 * 1024) return;
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) return;
      buf.append(chunk, static_cast<size_t>(n));
    }
    std::string_view head(buf.data(), head_end);
    std::string id, timestamp, signature;
    size_t length = 0;
    bool close_after = false;
    size_t line_end = head.find("\r\n");
    std::string_view request_line = head.substr(0, line_end);
    for (size_t pos = line_end;
         pos != std::string_view::npos && pos < head.size();) {
      size_t start = pos + 2;
      size_t next = head.find("\r\n", start);
      std::string_view line = head.substr(start, next == std::string_view::npos
                                                     ? head.size() - start
                                                     : next - start);
      pos = next;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view name = line.substr(0, colon);
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (EqualsIgnoreCase(name, "content-length")) {
        length = std::strtoull(std::string(value).c_str(), nullptr, 10);
      } else if (EqualsIgnoreCase(name, "webhook-id")) {
        id = value;
      } else if (EqualsIgnoreCase(name, "webhook-timestamp")) {
        timestamp = value;
      } else if (EqualsIgnoreCase(name, "webhook-signature")) {
        signature = value;
      } else if (EqualsIgnoreCase(name, "connection")) {
        close_after = EqualsIgnoreCase(value, "close");
      }
    }
    // Decided before reading the body: appending to buf moves its bytes,
    // and head and request_line point into it.
    const bool is_post = request_line.starts_with("POST ");
    const bool is_count = request_line.starts_with("GET /count ");
    if (length > (256u << 20)) return;
    size_t total = head_end + 4 + length;
    while (buf.size() < total) {
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) return;
      buf.append(chunk, static_cast<size_t>(n));
    }
    std::string_view body(buf.data() + head_end + 4, length);
    if (is_post) {
      bool verified =
          config.verify && Verified(signer, id, timestamp, body, signature);
      LogRequest(id, verified, EventsIn(body));
    }
    static constexpr std::string_view kOk =
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    const std::string answer = is_count ? CountResponse() : std::string(kOk);
    if (write(fd, answer.data(), answer.size()) !=
            static_cast<ssize_t>(answer.size()) ||
        close_after) {
      return;
    }
    buf.erase(0, total);
  }
}

int Usage() {
  std::fprintf(stderr,
               "usage: webhook_bench_receiver --secret S [--secret S2] --log "
               "FILE [--port P] [--port-file F] [--no-verify]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--no-verify") {
      config.verify = false;
    } else if (a == "--secret" && has_value) {
      config.secrets.push_back(argv[++i]);
    } else if (a == "--log" && has_value) {
      config.log_path = argv[++i];
    } else if (a == "--port" && has_value) {
      config.port = std::atoi(argv[++i]);
    } else if (a == "--port-file" && has_value) {
      config.port_file = argv[++i];
    } else {
      return Usage();
    }
  }
  if (config.secrets.empty() || config.log_path.empty()) return Usage();
  if (auto check = vigil::WebhookSigner::Create(config.secrets); !check.ok()) {
    std::fprintf(stderr, "webhook_bench_receiver: %s\n",
                 check.status().ToString().c_str());
    return 2;
  }
  log_file = std::fopen(config.log_path.c_str(), "a");
  if (log_file == nullptr) {
    std::perror(config.log_path.c_str());
    return 1;
  }
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(config.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t addr_len = sizeof addr;
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listener, 64) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &addr_len) !=
          0) {
    std::perror("webhook_bench_receiver: listen");
    return 1;
  }
  if (!config.port_file.empty()) {
    std::string tmp = config.port_file + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "w");
    if (f == nullptr) {
      std::perror(tmp.c_str());
      return 1;
    }
    std::fprintf(f, "%d", ntohs(addr.sin_port));
    std::fclose(f);
    if (std::rename(tmp.c_str(), config.port_file.c_str()) != 0) {
      std::perror(config.port_file.c_str());
      return 1;
    }
  }
  for (;;) {
    int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      std::perror("webhook_bench_receiver: accept");
      return 1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::thread([&config, fd] {
      Serve(config, fd);
      close(fd);
    }).detach();
  }
}
