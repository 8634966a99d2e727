// Copyright 2026 The Vigil Authors.
//
// GIF through giflib's low-level record API (not DGifSlurp, which would
// decode every frame of an animation): the records are walked up to the
// first image, which is decoded row by row; the remaining frames are only
// counted, by skipping their LZW sub-blocks without decoding them. A file
// that ends or breaks before its trailer keeps its first frame but is
// marked incomplete (Image::completeness): a cut-off later frame was not
// checked.

#include <gif_lib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "media/internal/decoders.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

// Frames counted beyond the first before giving up (frame_count_hint = 0):
// each costs giflib a reallocation of its frame table.
constexpr int kMaxCountedFrames = 10000;

struct Source {
  const uint8_t* data;
  size_t size;
  size_t pos;
};

int ReadFn(GifFileType* gif, GifByteType* out, int length) {
  auto* s = static_cast<Source*>(gif->UserData);
  if (length <= 0) return 0;
  size_t n = std::min(static_cast<size_t>(length), s->size - s->pos);
  if (n == 0) return 0;  // also: memcpy from a null (empty) span is UB
  std::memcpy(out, s->data + s->pos, n);
  s->pos += n;
  return static_cast<int>(n);
}

struct GifCloser {
  GifFileType* gif = nullptr;
  ~GifCloser() {
    int error = 0;
    if (gif != nullptr) DGifCloseFile(gif, &error);
  }
};

Status GifError(int code) {
  const char* text = GifErrorString(code);
  std::string message = "gif: ";
  message += text != nullptr ? text : "decoding failed";
  if (code == D_GIF_ERR_NOT_ENOUGH_MEM) return LimitExceededError(message);
  return CorruptInputError(message);
}

// Skips the sub-blocks of an extension.
bool SkipExtension(GifFileType* gif) {
  int code = 0;
  GifByteType* block = nullptr;
  if (DGifGetExtension(gif, &code, &block) == GIF_ERROR) return false;
  while (block != nullptr) {
    if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) return false;
  }
  return true;
}

// Walks the records after the first frame to the trailer, skipping (not
// decoding) each frame's LZW sub-blocks, and counts the frames. `*frames`
// is the total, or 0 when there are more than kMaxCountedFrames (the walk
// then stops: the animation decoder reads the rest). An error when the
// file ends or breaks before the trailer: a frame after the first is cut
// or missing, so the first frame does not stand for the whole file.
Status WalkRemainingFrames(GifFileType* gif, int* frames) {
  *frames = 1;
  auto broken = [gif, frames]() {
    const char* text = GifErrorString(gif->Error);
    return CorruptInputError("gif: truncated or corrupt after frame " +
                             std::to_string(*frames) + " (" +
                             (text != nullptr ? text : "no trailer") +
                             "): not every frame could be checked");
  };
  for (;;) {
    GifRecordType type;
    if (DGifGetRecordType(gif, &type) == GIF_ERROR) return broken();
    switch (type) {
      case IMAGE_DESC_RECORD_TYPE: {
        if (*frames >= kMaxCountedFrames) {
          *frames = 0;
          return Status::OK();
        }
        if (DGifGetImageDesc(gif) == GIF_ERROR) return broken();
        int code_size = 0;
        GifByteType* block = nullptr;
        if (DGifGetCode(gif, &code_size, &block) == GIF_ERROR) return broken();
        while (block != nullptr) {
          if (DGifGetCodeNext(gif, &block) == GIF_ERROR) return broken();
        }
        ++*frames;
        break;
      }
      case EXTENSION_RECORD_TYPE:
        if (!SkipExtension(gif)) return broken();
        break;
      case TERMINATE_RECORD_TYPE:
        return Status::OK();
      default:
        return broken();
    }
  }
}

}  // namespace

Status DecodeGif(Bytes bytes, const DecodeOptions& options, Image* image_out) {
  Source source{bytes.data(), bytes.size(), 0};
  int error = 0;
  GifCloser closer;
  closer.gif = DGifOpen(&source, ReadFn, &error);
  if (closer.gif == nullptr) return GifError(error);
  GifFileType* gif = closer.gif;

  // Walk to the first image descriptor.
  for (;;) {
    GifRecordType type;
    if (DGifGetRecordType(gif, &type) == GIF_ERROR) return GifError(gif->Error);
    if (type == IMAGE_DESC_RECORD_TYPE) break;
    if (type == EXTENSION_RECORD_TYPE) {
      if (!SkipExtension(gif)) return GifError(gif->Error);
      continue;
    }
    return CorruptInputError("gif: no image before the trailer");
  }
  if (DGifGetImageDesc(gif) == GIF_ERROR) return GifError(gif->Error);
  const GifImageDesc desc = gif->Image;
  if (desc.Left < 0 || desc.Top < 0 || desc.Width <= 0 || desc.Height <= 0) {
    return CorruptInputError("gif: empty or negative frame");
  }
  // The canvas is the logical screen, grown when the frame overhangs it (as
  // browsers do); limits apply to the grown size, before any allocation.
  const uint64_t canvas_w =
      std::max<uint64_t>(static_cast<uint64_t>(std::max(gif->SWidth, 0)),
                         uint64_t(desc.Left) + uint64_t(desc.Width));
  const uint64_t canvas_h =
      std::max<uint64_t>(static_cast<uint64_t>(std::max(gif->SHeight, 0)),
                         uint64_t(desc.Top) + uint64_t(desc.Height));
  VIGIL_RETURN_IF_ERROR(
      CheckDimensions("gif", canvas_w, canvas_h, options.limits));
  VIGIL_RETURN_IF_ERROR(CheckDimensions("gif", uint64_t(desc.Width),
                                        uint64_t(desc.Height), options.limits));
  const ColorMapObject* map =
      desc.ColorMap != nullptr ? desc.ColorMap : gif->SColorMap;
  if (map == nullptr || map->Colors == nullptr || map->ColorCount <= 0) {
    return CorruptInputError("gif: no colour map");
  }

  Image& image = *image_out;
  image.media_type = MediaType::kGif;
  VIGIL_RETURN_IF_ERROR(AllocateImage("gif", static_cast<int>(canvas_w),
                                      static_cast<int>(canvas_h),
                                      options.format, &image));
  const int channels = PixelFormatChannels(options.format);
  const PixelFormat format = options.format;
  auto colour = [](const ColorMapObject* m, int index) -> GifColorType {
    if (m == nullptr || index < 0 || index >= m->ColorCount) {
      return GifColorType{0, 0, 0};
    }
    return m->Colors[index];
  };
  // Background: the screen's background index in the global map.
  const GifColorType bg = colour(gif->SColorMap, gif->SBackGroundColor);
  {
    uint8_t* p = image.pixels.data();
    for (uint64_t i = 0; i < canvas_w * canvas_h; ++i) {
      p = PutPixel(p, format, bg.Red, bg.Green, bg.Blue);
    }
  }

  std::vector<GifPixelType> line(static_cast<size_t>(desc.Width));
  auto put_row = [&](int y) {
    uint8_t* dst =
        image.pixels.data() +
        (size_t(desc.Top + y) * canvas_w + size_t(desc.Left)) * channels;
    for (int x = 0; x < desc.Width; ++x) {
      GifColorType c = colour(map, line[x]);
      dst = PutPixel(dst, format, c.Red, c.Green, c.Blue);
    }
  };
  if (desc.Interlace) {
    static constexpr int kStart[] = {0, 4, 2, 1};
    static constexpr int kStep[] = {8, 8, 4, 2};
    for (int pass = 0; pass < 4; ++pass) {
      for (int y = kStart[pass]; y < desc.Height; y += kStep[pass]) {
        if (DGifGetLine(gif, line.data(), desc.Width) == GIF_ERROR) {
          return GifError(gif->Error);
        }
        put_row(y);
      }
    }
  } else {
    for (int y = 0; y < desc.Height; ++y) {
      if (DGifGetLine(gif, line.data(), desc.Width) == GIF_ERROR) {
        return GifError(gif->Error);
      }
      put_row(y);
    }
  }
  int frames = 0;
  image.completeness = WalkRemainingFrames(gif, &frames);
  image.frame_count_hint = image.completeness.ok() ? frames : 0;
  return Status::OK();
}

}  // namespace vigil::internal
