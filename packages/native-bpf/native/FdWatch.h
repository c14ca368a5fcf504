// Watches a file descriptor for readability on Node's libuv loop, and also
// calls back every `periodMs` (when non-zero): some kernels do not signal
// readiness of perf buffers through epoll, so a periodic drain bounds latency.
// Pause() stops both, so nothing is read until Resume(): the kernel buffer
// then fills and the BPF side drops and counts (backpressure).
#pragma once
#include <napi.h>
#include <uv.h>

#include <functional>

namespace gadgetry {

class FdWatch {
 public:
  FdWatch(Napi::Env env, int fd, unsigned periodMs, std::function<void()> onReadable);
  ~FdWatch();
  FdWatch(const FdWatch&) = delete;
  FdWatch& operator=(const FdWatch&) = delete;
  // Stops watching for good; the handles are freed by libuv once closed.
  // Safe to call from inside onReadable (the watch itself stays allocated).
  void Stop();
  bool Stopped() const { return handle_ == nullptr; }
  // Stops polling and the timer; a paused watch does not keep the loop alive.
  void Pause();
  // Polls again; returns a libuv error code (0 on success).
  int Resume();
  bool Paused() const { return paused_; }

 private:
  static void OnPoll(uv_poll_t* handle, int status, int events);
  static void OnTimer(uv_timer_t* timer);
  uv_poll_t* handle_ = nullptr;
  uv_timer_t* timer_ = nullptr;
  unsigned periodMs_ = 0;
  bool paused_ = false;
  std::function<void()> onReadable_;
};

}  // namespace gadgetry
