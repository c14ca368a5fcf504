#include "FdWatch.h"

#include "BpfError.h"

namespace gadgetry {

FdWatch::FdWatch(Napi::Env env, int fd, unsigned periodMs, std::function<void()> onReadable)
    : periodMs_(periodMs), onReadable_(std::move(onReadable)) {
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || !loop) ThrowBpfError(env, Code::UV_LOOP, "no libuv loop", 0);
  handle_ = new uv_poll_t;
  int err = uv_poll_init(loop, handle_, fd);
  if (err == 0) {
    handle_->data = this;
    err = uv_poll_start(handle_, UV_READABLE, &FdWatch::OnPoll);
  }
  if (err != 0) {
    delete handle_;
    handle_ = nullptr;
    ThrowBpfError(env, Code::UV_POLL_FAILED, std::string("cannot watch the buffer fd: ") + uv_strerror(err), 0);
  }
  if (periodMs > 0) {
    timer_ = new uv_timer_t;
    uv_timer_init(loop, timer_);
    timer_->data = this;
    uv_timer_start(timer_, &FdWatch::OnTimer, periodMs, periodMs);
    // The fd watch keeps the loop alive; the timer alone must not.
    uv_unref(reinterpret_cast<uv_handle_t*>(timer_));
  }
}

FdWatch::~FdWatch() { Stop(); }

void FdWatch::Stop() {
  if (timer_) {
    uv_timer_stop(timer_);
    timer_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(timer_), [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
    timer_ = nullptr;
  }
  if (!handle_) return;
  uv_poll_stop(handle_);
  handle_->data = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(handle_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
  handle_ = nullptr;
}

void FdWatch::Pause() {
  if (paused_ || !handle_) return;
  paused_ = true;
  uv_poll_stop(handle_);
  if (timer_) uv_timer_stop(timer_);
}

int FdWatch::Resume() {
  if (!paused_ || !handle_) return 0;
  int err = uv_poll_start(handle_, UV_READABLE, &FdWatch::OnPoll);
  if (err != 0) return err;
  paused_ = false;
  // Records that piled up while paused are read at once: epoll is level-triggered,
  // and the timer's first tick covers buffers that do not signal readiness.
  if (timer_) uv_timer_start(timer_, &FdWatch::OnTimer, periodMs_, periodMs_);
  return 0;
}

void FdWatch::OnPoll(uv_poll_t* handle, int status, int) {
  auto* self = static_cast<FdWatch*>(handle->data);
  if (self && status == 0) self->onReadable_();
}

void FdWatch::OnTimer(uv_timer_t* timer) {
  auto* self = static_cast<FdWatch*>(timer->data);
  if (self) self->onReadable_();
}

}  // namespace gadgetry
