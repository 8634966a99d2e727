// Copyright 2026 The Vigil Authors.

#include "index/internal/simd.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace vigil::internal {
namespace scalar {
extern const HammingKernels kKernels;
}  // namespace scalar
namespace avx2 {
extern const HammingKernels kKernels;
}  // namespace avx2
namespace avx512 {
extern const HammingKernels kKernels;
}  // namespace avx512

namespace {

bool CpuHas(SimdLevel level) {
  switch (level) {
    case SimdLevel::kScalar:
      return true;
    case SimdLevel::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    case SimdLevel::kAvx512:
      return __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("avx512vpopcntdq") &&
             __builtin_cpu_supports("avx512bitalg") &&
             __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  }
  return false;
}

const HammingKernels* Best() {
  SimdLevel level = SimdLevel::kAvx512;
  if (const char* env = std::getenv("VIGIL_SIMD")) {
    if (std::strcmp(env, "scalar") == 0) level = SimdLevel::kScalar;
    if (std::strcmp(env, "avx2") == 0) level = SimdLevel::kAvx2;
  }
  for (int l = static_cast<int>(level); l >= 0; --l) {
    if (const HammingKernels* k = KernelsFor(static_cast<SimdLevel>(l))) {
      return k;
    }
  }
  return &scalar::kKernels;
}

std::atomic<const HammingKernels*>& Current() {
  static std::atomic<const HammingKernels*> current{Best()};
  return current;
}

}  // namespace

const HammingKernels* KernelsFor(SimdLevel level) {
  if (!CpuHas(level)) return nullptr;
  switch (level) {
    case SimdLevel::kScalar:
      return &scalar::kKernels;
    case SimdLevel::kAvx2:
      return &avx2::kKernels;
    case SimdLevel::kAvx512:
      return &avx512::kKernels;
  }
  return nullptr;
}

const HammingKernels& Kernels() {
  return *Current().load(std::memory_order_relaxed);
}

bool SetSimdLevelForTesting(SimdLevel level) {
  const HammingKernels* k = KernelsFor(level);
  if (k == nullptr) return false;
  Current().store(k, std::memory_order_relaxed);
  return true;
}

}  // namespace vigil::internal
