// Copyright 2026 The Vigil Authors.

#include "media/internal/ffmpeg_util.h"

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <mutex>
#include <string>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
}

namespace vigil::internal {
namespace {

constexpr int kIoBufferSize = 64 * 1024;

int ReadMemory(void* opaque, uint8_t* buf, int buf_size) {
  auto* in = static_cast<MemoryInput*>(opaque);
  const int64_t size = static_cast<int64_t>(in->bytes.size());
  if (in->position >= size) return AVERROR_EOF;
  const int64_t n = std::min<int64_t>(buf_size, size - in->position);
  std::memcpy(buf, in->bytes.data() + in->position, static_cast<size_t>(n));
  in->position += n;
  return static_cast<int>(n);
}

int64_t SeekMemory(void* opaque, int64_t offset, int whence) {
  auto* in = static_cast<MemoryInput*>(opaque);
  const int64_t size = static_cast<int64_t>(in->bytes.size());
  if (whence & AVSEEK_SIZE) return size;
  int64_t base = 0;
  switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET:
      base = 0;
      break;
    case SEEK_CUR:
      base = in->position;
      break;
    case SEEK_END:
      base = size;
      break;
    default:
      return AVERROR(EINVAL);
  }
  const int64_t target = base + offset;
  if (target < 0) return AVERROR(EINVAL);
  // Seeking past the end is allowed (reads then report EOF), as for files.
  in->position = target;
  return target;
}

void DropLog(void*, int, const char*, va_list) {}

}  // namespace

void AvIoFreer::operator()(AVIOContext* p) const {
  if (p == nullptr) return;
  av_freep(&p->buffer);
  avio_context_free(&p);
}

AvIoPtr MakeMemoryIo(MemoryInput* input) {
  auto* buffer = static_cast<uint8_t*>(av_malloc(kIoBufferSize));
  if (buffer == nullptr) return nullptr;
  AVIOContext* io =
      avio_alloc_context(buffer, kIoBufferSize, /*write=*/0, input, &ReadMemory,
                         nullptr, &SeekMemory);
  if (io == nullptr) {
    av_free(buffer);
    return nullptr;
  }
  return AvIoPtr(io);
}

Deadline::Deadline(double seconds) : enabled_(seconds > 0) {
  if (enabled_) {
    end_ = std::chrono::steady_clock::now() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(
               std::chrono::duration<double>(seconds));
  }
}

bool Deadline::Expired() const {
  return enabled_ && std::chrono::steady_clock::now() >= end_;
}

int Deadline::Callback(void* opaque) {
  return static_cast<const Deadline*>(opaque)->Expired() ? 1 : 0;
}

Status FfmpegError(int err, std::string_view context) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, text, sizeof(text));
  std::string message(context);
  message += ": ";
  message += text;
  if (err == AVERROR(ENOMEM)) return LimitExceededError(message);
  if (err == AVERROR_EXIT) {
    return LimitExceededError(std::string(context) +
                              ": decode time limit reached");
  }
  if (err == AVERROR(ENOENT)) return NotFoundError(message);
  if (err == AVERROR(EACCES) || err == AVERROR(EPERM)) {
    return PermissionDeniedError(message);
  }
  if (err == AVERROR(EIO)) return IOError(message);
  if (err == AVERROR_DECODER_NOT_FOUND || err == AVERROR_DEMUXER_NOT_FOUND ||
      err == AVERROR_PATCHWELCOME || err == AVERROR_STREAM_NOT_FOUND) {
    return UnsupportedFormatError(message);
  }
  return CorruptInputError(message);
}

void SilenceFfmpegLog() {
  static std::once_flag once;
  std::call_once(once, [] {
    av_log_set_level(AV_LOG_QUIET);
    av_log_set_callback(&DropLog);
  });
}

}  // namespace vigil::internal
