// What libbpf says during one operation, kept whole. libbpf has one print
// callback for the whole process, called on whichever thread runs libbpf (the
// JavaScript thread, a worker thread, or a thread-pool thread loading an
// object), so each operation captures on its own thread: two loads never mix
// their logs, and a verifier log printed in one call is never cut to a line.
#pragma once
#include <string>

namespace gadgetry {

class LibbpfLogCapture {
 public:
  // Becomes this thread's capture until destroyed.
  LibbpfLogCapture();
  ~LibbpfLogCapture();
  LibbpfLogCapture(const LibbpfLogCapture&) = delete;
  LibbpfLogCapture& operator=(const LibbpfLogCapture&) = delete;

  // Everything captured. Past kLimit bytes the middle is left out (and says
  // so): the start names the failure, the end holds the verifier's reason.
  std::string Text() const;

  // Routes libbpf's prints to the capturing thread's capture; once per process.
  static void Install();

  static constexpr size_t kHeadBytes = 64 * 1024;
  // libbpf asks the kernel for up to 16 MiB of verifier log before it grows its buffer.
  static constexpr size_t kTailBytes = 16 * 1024 * 1024;

 private:
  friend struct LibbpfPrint;
  void Append(const char* data, size_t n);

  std::string head_;
  std::string tail_;
  size_t dropped_ = 0;
  LibbpfLogCapture* previous_;
};

}  // namespace gadgetry
