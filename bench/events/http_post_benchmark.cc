// Copyright 2026 The Vigil Authors.
//
// What one HTTP POST costs the sender, whatever sends it: the floor under
// the webhook sink's one POST per event. Both cases send the same request
// (the webhook's headers, a 1,200-byte JSON body) over one kept-alive
// loopback connection to webhook_bench_receiver (C++, signature check off,
// started on a free port), one request at a time, and read its answer:
//
//   BM_PostLibcurl     libcurl as the webhook sink uses it: one easy handle
//                      with its fixed options set once, the per-request
//                      header list built and freed around curl_easy_perform
//   BM_PostLibcurlConcurrent/k
//                      the same through curl's multi interface, k requests
//                      in flight on k connections, each round awaited whole
//   BM_PostRawSocket   a blocking write() of the request and read() of the
//                      answer: the kernel's share alone (the baseline)
//
// Read the CPU column (the benchmark thread's CPU per request, kernel
// included): the difference is what libcurl adds to every POST.
//
//   build/release/bench/events/http_post_benchmark

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "testing/subprocess.h"
#include "testing/webhook_receiver.h"

namespace vigil {
namespace {

// A fixed benchmark key; not a secret.
constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::string Body() {
  std::string body = R"({"schema":"vigil.takedown/1","pad":")";
  body += std::string(1200 - body.size() - 2, 'x');
  return body + "\"}";
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// The receiver a case posts to: webhook_bench_receiver, signature check
// off, on a free port.
struct Endpoint {
  testing::TempDir dir;
  testing::WebhookReceiver receiver{dir.path(), {kSecret}};
  std::string url;
  const std::string body = Body();

  // False, with the benchmark skipped, when the receiver does not come up.
  bool Start(benchmark::State& state) {
    receiver.set_verify(false);
    receiver.set_bench_program(true);
    if (!receiver.Start("200")) {
      state.SkipWithError("cannot start webhook_bench_receiver");
      return false;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
    return true;
  }
};

// An easy handle with the fixed options the webhook sink sets once, posting
// `body` (borrowed) to `url`.
CURL* NewPostHandle(const std::string& url, const std::string& body) {
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 15000L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(body.size()));
  return c;
}

// The per-request header list of the webhook sink, for message `n`.
curl_slist* WebhookHeaders(int64_t n) {
  curl_slist* headers = nullptr;
  const std::string lines[] = {
      "content-type: application/json",
      "webhook-id: evt_" + std::to_string(n),
      "webhook-timestamp: 1765030514",
      "webhook-signature: v1,Rk9PQkFSQkFaUVVYUVVVWFFVVVhRVVVYUVVVWFFVVVg=",
      "expect:",
  };
  for (const std::string& line : lines) {
    headers = curl_slist_append(headers, line.c_str());
  }
  return headers;
}

void BM_PostLibcurl(benchmark::State& state) {
  Endpoint e;
  if (!e.Start(state)) return;
  CURL* c = NewPostHandle(e.url, e.body);
  int64_t n = 0;
  for (auto _ : state) {
    curl_slist* headers = WebhookHeaders(n++);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      state.SkipWithError(curl_easy_strerror(rc));
      break;
    }
  }
  curl_easy_cleanup(c);
  state.SetItemsProcessed(state.iterations());
}

// BM_PostLibcurl with state.range(0) requests in flight at once (curl
// multi, one connection per handle): what concurrent POSTs cost per request.
void BM_PostLibcurlConcurrent(benchmark::State& state) {
  Endpoint e;
  if (!e.Start(state)) return;
  const int k = static_cast<int>(state.range(0));
  CURLM* multi = curl_multi_init();
  std::vector<CURL*> handles(k);
  std::vector<curl_slist*> lists(k, nullptr);
  for (CURL*& c : handles) c = NewPostHandle(e.url, e.body);
  int64_t n = 0;
  for (auto _ : state) {
    // One round: k POSTs in flight, all awaited.
    for (int i = 0; i < k; ++i) {
      lists[i] = WebhookHeaders(n++);
      curl_easy_setopt(handles[i], CURLOPT_HTTPHEADER, lists[i]);
      curl_multi_add_handle(multi, handles[i]);
    }
    int running = k;
    while (running > 0) {
      curl_multi_perform(multi, &running);
      if (running > 0) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    CURLcode failed = CURLE_OK;
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
      if (m->msg == CURLMSG_DONE && m->data.result != CURLE_OK) {
        failed = m->data.result;
      }
    }
    for (int i = 0; i < k; ++i) {
      curl_multi_remove_handle(multi, handles[i]);
      curl_slist_free_all(lists[i]);
    }
    if (failed != CURLE_OK) {
      state.SkipWithError(curl_easy_strerror(failed));
      break;
    }
  }
  for (CURL* c : handles) curl_easy_cleanup(c);
  curl_multi_cleanup(multi);
  state.SetItemsProcessed(state.iterations() * k);
}

void BM_PostRawSocket(benchmark::State& state) {
  Endpoint e;
  if (!e.Start(state)) return;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(e.receiver.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return state.SkipWithError("cannot connect to the receiver");
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int64_t n = 0;
  char answer[4096];
  for (auto _ : state) {
    const std::string request =
        "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "content-type: application/json\r\nwebhook-id: evt_" +
        std::to_string(n++) +
        "\r\nwebhook-timestamp: 1765030514\r\nwebhook-signature: "
        "v1,Rk9PQkFSQkFaUVVYUVVVWFFVVVhRVVVYUVVVWFFVVVg=\r\n"
        "Content-Length: " +
        std::to_string(e.body.size()) + "\r\n\r\n" + e.body;
    // The receiver's answer ("HTTP/1.1 200 OK ... Content-Length: 0") comes
    // in one segment.
    if (write(fd, request.data(), request.size()) !=
            static_cast<ssize_t>(request.size()) ||
        read(fd, answer, sizeof answer) <= 0) {
      state.SkipWithError("the receiver closed the connection");
      break;
    }
  }
  close(fd);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_PostRawSocket)->UseRealTime();
BENCHMARK(BM_PostLibcurl)->UseRealTime();
BENCHMARK(BM_PostLibcurlConcurrent)->Arg(1)->Arg(8)->UseRealTime();

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
