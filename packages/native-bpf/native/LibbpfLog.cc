#include "LibbpfLog.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace gadgetry {
namespace {
thread_local LibbpfLogCapture* current = nullptr;
}  // namespace

struct LibbpfPrint {
  static int Collect(enum libbpf_print_level level, const char* fmt, va_list args) {
    LibbpfLogCapture* capture = current;
    if (level == LIBBPF_DEBUG || !capture) return 0;
    // Measure first: the verifier log arrives as one message of any size.
    va_list measure;
    va_copy(measure, args);
    int n = vsnprintf(nullptr, 0, fmt, measure);
    va_end(measure);
    if (n <= 0) return 0;
    std::string text(static_cast<size_t>(n) + 1, '\0');
    vsnprintf(text.data(), text.size(), fmt, args);
    capture->Append(text.data(), static_cast<size_t>(n));
    return 0;
  }
};

LibbpfLogCapture::LibbpfLogCapture() : previous_(current) { current = this; }

LibbpfLogCapture::~LibbpfLogCapture() { current = previous_; }

void LibbpfLogCapture::Install() {
  static std::once_flag once;
  std::call_once(once, [] { libbpf_set_print(&LibbpfPrint::Collect); });
}

void LibbpfLogCapture::Append(const char* data, size_t n) {
  if (head_.size() < kHeadBytes) {
    size_t take = std::min(n, kHeadBytes - head_.size());
    head_.append(data, take);
    data += take;
    n -= take;
  }
  if (n == 0) return;
  if (n >= kTailBytes) {
    dropped_ += tail_.size() + (n - kTailBytes);
    tail_.assign(data + (n - kTailBytes), kTailBytes);
    return;
  }
  tail_.append(data, n);
  if (tail_.size() > kTailBytes) {
    size_t cut = tail_.size() - kTailBytes;
    tail_.erase(0, cut);
    dropped_ += cut;
  }
}

std::string LibbpfLogCapture::Text() const {
  if (!dropped_) return head_ + tail_;
  return head_ + "\n[... " + std::to_string(dropped_) + " bytes of libbpf's log left out ...]\n" + tail_;
}

}  // namespace gadgetry
