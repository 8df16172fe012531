#pragma once
// An allocator for very large arrays (a Reach holds hundreds of millions of pairs). It leaves
// elements uninitialised until written, as the builders fill every slot, and asks the kernel for
// transparent huge pages for blocks of 32 MiB or more (madvise). Where the kernel's THP mode is
// "madvise", as on Debian's default, first touching gigabytes of fresh memory then costs several
// times less.

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

namespace lc {

template <class T>
struct BigArrayAllocator {
  using value_type = T;
  static constexpr std::size_t huge_page = std::size_t(2) << 20;
  static constexpr std::size_t advise_from = std::size_t(32) << 20;

  BigArrayAllocator() noexcept = default;
  template <class U>
  BigArrayAllocator(const BigArrayAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    void* p = nullptr;
    if (bytes >= advise_from) {
      const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
      p = std::aligned_alloc(huge_page, rounded);
      if (p) ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure only costs speed
    } else {
      p = std::malloc(bytes ? bytes : 1);
    }
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) noexcept { std::free(p); }

  // Default-initialise (no zero fill) when resized; construct normally otherwise.
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  template <class U>
  bool operator==(const BigArrayAllocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const BigArrayAllocator<U>&) const noexcept { return false; }
};

template <class T>
using BigVector = std::vector<T, BigArrayAllocator<T>>;

}  // namespace lc
