// Copyright 2026 The Vigil Authors.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <string>

#include "events/internal/event_document.h"
#include "events/internal/sinks.h"
#include "vigil/event_sink.h"

namespace vigil {

EventSink::~EventSink() = default;

Status EventSink::Offer(std::span<const TakedownEvent> events,
                        SinkOutcome* outcome) {
  Status s = Deliver(events);
  outcome->accepted = s.ok() ? events.size() : 0;
  return s;
}

namespace {

// Writes all of `data` to `fd`, retrying short writes and EINTR.
Status WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoToStatus(errno, "write events");
    }
    done += static_cast<size_t>(n);
  }
  return Status::OK();
}

class JsonlSink final : public EventSink {
 public:
  JsonlSink(int fd, std::string name, bool owns_fd)
      : fd_(fd), name_(std::move(name)), owns_fd_(owns_fd) {}
  ~JsonlSink() override {
    if (owns_fd_) close(fd_);
  }
  std::string name() const override { return name_; }

  Status Deliver(std::span<const TakedownEvent> events) override {
    SinkOutcome outcome;
    return OfferDocuments(internal::DocumentsOf(events), &outcome);
  }

  // The recorded documents as they are.
  Status OfferDocuments(std::span<const EventDocument> events,
                        SinkOutcome* outcome) override {
    size_t size = 0;
    for (const EventDocument& e : events) size += e.json.size() + 1;
    std::string data;
    data.reserve(size);
    for (const EventDocument& e : events) {
      data += e.json;
      data += '\n';
    }
    Status s = Write(data);
    outcome->accepted = s.ok() ? events.size() : 0;
    return s;
  }

 private:
  // One batch of lines, durable (or flushed, for stdout) on OK.
  Status Write(const std::string& data) {
    if (!owns_fd_) {
      // stdout: through stdio, so a batch (written by the deliverer thread)
      // never lands inside a line the program is printing with stdio.
      flockfile(stdout);
      size_t n = fwrite_unlocked(data.data(), 1, data.size(), stdout);
      bool ok = n == data.size() && fflush_unlocked(stdout) == 0;
      int err = errno;
      funlockfile(stdout);
      return ok ? Status::OK() : ErrnoToStatus(err, "write events to stdout");
    }
    Status s = WriteAll(fd_, data);
    if (!s.ok()) return s;
    // fsync makes the batch durable before the outbox cursor moves past it.
    if (fsync(fd_) != 0) return ErrnoToStatus(errno, "fsync events");
    return Status::OK();
  }

  int fd_;
  std::string name_;
  bool owns_fd_;
};

}  // namespace

Result<std::unique_ptr<EventSink>> OpenJsonlSink(const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<EventSink>(
        std::make_unique<JsonlSink>(STDOUT_FILENO, "stdout", false));
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoToStatus(errno, "open event file " + path);
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(path, ec).string();
  return std::unique_ptr<EventSink>(
      std::make_unique<JsonlSink>(fd, "jsonl:" + (ec ? path : absolute), true));
}

namespace internal {

Result<std::unique_ptr<EventSink>> OpenJsonlSpec(std::string_view spec) {
  std::string_view path = spec.substr(spec.find(':') + 1);
  if (spec.find(':') == std::string_view::npos || path.empty()) {
    return InvalidArgumentError("event sink '" + std::string(spec) +
                                "': expected jsonl:PATH");
  }
  return OpenJsonlSink(std::string(path));
}

Result<std::unique_ptr<EventSink>> OpenStdoutSpec(std::string_view spec) {
  if (spec != "stdout") {
    return InvalidArgumentError("event sink '" + std::string(spec) +
                                "': stdout takes no argument");
  }
  return OpenJsonlSink("-");
}

}  // namespace internal
}  // namespace vigil
