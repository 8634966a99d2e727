// Copyright 2026 The Vigil Authors.
//
// PodArray<T>: a fixed-size, move-only array of a trivial type whose large
// allocations are 2 MiB-aligned and advised as transparent huge pages
// (madvise(MADV_HUGEPAGE)). The index makes random accesses across
// gigabytes; with 4 KiB pages nearly each one is also a TLB miss, and
// building would fault in half a million pages. Contents start
// uninitialised (no zeroing pass); Fill() sets them.
//
// Thread-safety: as for std::vector.

#ifndef VIGIL_ENGINE_SRC_INDEX_INTERNAL_POD_ARRAY_H_
#define VIGIL_ENGINE_SRC_INDEX_INTERNAL_POD_ARRAY_H_

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

namespace vigil::internal {

template <typename T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  PodArray() = default;
  explicit PodArray(size_t n, bool huge = true) { Reset(n, huge); }
  PodArray(PodArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_bytes_(std::exchange(other.capacity_bytes_, 0)) {}
  PodArray& operator=(PodArray&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_bytes_, other.capacity_bytes_);
    return *this;
  }
  PodArray(const PodArray&) = delete;
  PodArray& operator=(const PodArray&) = delete;
  ~PodArray() { std::free(data_); }

  // Replaces the contents by n uninitialised elements. Aborts (bad_alloc
  // is not thrown across the engine) when memory is exhausted. `huge`
  // false keeps 4 KiB pages: for scratch and rarely read arrays, since a
  // fresh huge page costs several times more to fault in than 512 small
  // ones on a VM whose host backs guest memory lazily (measured 0.3 against
  // 0.9 GB/s), while only randomly searched arrays gain from fewer TLB
  // misses.
  void Reset(size_t n, bool huge = true) {
    std::free(data_);
    data_ = nullptr;
    size_ = n;
    capacity_bytes_ = 0;
    if (n == 0) return;
    size_t bytes = n * sizeof(T);
    size_t align = bytes >= kHuge ? kHuge : std::max<size_t>(64, alignof(T));
    size_t alloc = (bytes + align - 1) / align * align;
    data_ = static_cast<T*>(std::aligned_alloc(align, alloc));
    if (data_ == nullptr) std::abort();
    // Only whole huge pages are advised: the tail stays in 4 KiB pages, so
    // at most 4 KiB per array is wasted.
    if (align == kHuge) {
      madvise(data_, bytes / kHuge * kHuge,
              huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    }
    capacity_bytes_ = (bytes + kPage - 1) / kPage * kPage;
  }
  // Shortens the array to n <= size() elements; the memory is kept.
  void Truncate(size_t n) { size_ = std::min(n, size_); }
  void Fill(const T& value) { std::fill(begin(), end(), value); }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Bytes of memory the contents occupy (whole pages).
  size_t MemoryBytes() const { return capacity_bytes_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  std::span<const T> span() const { return {data_, size_}; }

 private:
  static constexpr size_t kHuge = size_t{2} << 20;
  static constexpr size_t kPage = 4096;
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_bytes_ = 0;
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_INDEX_INTERNAL_POD_ARRAY_H_
