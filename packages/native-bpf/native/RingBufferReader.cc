#include "RingBufferReader.h"

#include <bpf/libbpf.h>

#include <algorithm>

#include "BpfError.h"

namespace gadgetry {

namespace {
// Upper bound on delivery latency when the kernel does not signal readiness.
constexpr unsigned kDrainPeriodMs = 100;
}  // namespace

Napi::Function RingBufferReader::Init(Napi::Env env) {
  return DefineClass(env, "RingBufferReader",
                     {InstanceMethod("consume", &RingBufferReader::Consume),
                      InstanceMethod("pause", &RingBufferReader::Pause),
                      InstanceMethod("resume", &RingBufferReader::Resume),
                      InstanceAccessor("paused", &RingBufferReader::Paused, nullptr),
                      InstanceMethod("close", &RingBufferReader::Close)});
}

RingBufferReader::RingBufferReader(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RingBufferReader>(info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  onBatch_ = Napi::Persistent(info[1].As<Napi::Function>());
  if (info.Length() > 2 && info[2].IsNumber()) maxBatch_ = std::max(1u, info[2].As<Napi::Number>().Uint32Value());
  async_ = std::make_unique<Napi::AsyncContext>(env, "gadgetry:ringbuf");
  ClearLibbpfLog();
  rb_ = ring_buffer__new(fd, &RingBufferReader::OnRecord, this, nullptr);
  if (!rb_) ThrowBpfError(env, "RINGBUF_FAILED", "cannot open the ring buffer", errno);
  watch_ = std::make_unique<FdWatch>(env, ring_buffer__epoll_fd(rb_), kDrainPeriodMs, [this, env]() { Drain(env, false); });
}

RingBufferReader::~RingBufferReader() { Release(); }

void RingBufferReader::Release() {
  watch_.reset();
  if (rb_) ring_buffer__free(rb_);
  rb_ = nullptr;
}

int RingBufferReader::OnRecord(void* ctx, void* data, size_t size) {
  auto* self = static_cast<RingBufferReader*>(ctx);
  self->batch_.Add(data, static_cast<uint32_t>(size), 0);
  // A negative return makes libbpf stop after this record (already consumed).
  return self->batch_.Count() >= self->maxBatch_ ? -1 : 0;
}

// From the loop (sync=false) the callback runs in its own async context;
// from consume() it is a plain call inside the caller's JavaScript.
// Delivers at most maxBatch_ records per call, and keeps going while full
// batches come back, so a backlog is cut into bounded pieces. From the loop it
// stops after a few batches: the fd stays readable, so libuv calls back at
// once, but timers and deferred finalizers (which free delivered batches) get
// to run in between instead of waiting for a producer that never pauses.
void RingBufferReader::Drain(Napi::Env env, bool sync) {
  constexpr int kBatchesPerWake = 8;
  for (int round = 0; sync || round < kBatchesPerWake; round++) {
    // A batch handler may pause the reader (or close it): stop at once.
    if (!rb_ || (!sync && watch_->Paused())) return;
    Napi::HandleScope scope(env);
    ring_buffer__consume(rb_);
    if (batch_.Empty()) return;
    uint32_t count = batch_.Count();
    Napi::Buffer<uint8_t> buf = batch_.Take(env);
    if (sync) onBatch_.Call({buf, Napi::Number::New(env, count)});
    else onBatch_.MakeCallback(env.Global(), {buf, Napi::Number::New(env, count)}, *async_);
    if (count < maxBatch_) return;
  }
}

// consume(): delivers whatever is in the buffer now (used to drain on stop).
Napi::Value RingBufferReader::Consume(const Napi::CallbackInfo& info) {
  Drain(info.Env(), true);
  return info.Env().Undefined();
}

// pause(): stop reading (no polling, no drain timer) until resume(); the
// kernel buffer fills and what does not fit is dropped and counted there.
// consume() still drains on demand (at stop).
Napi::Value RingBufferReader::Pause(const Napi::CallbackInfo& info) {
  if (watch_) watch_->Pause();
  return info.Env().Undefined();
}

Napi::Value RingBufferReader::Resume(const Napi::CallbackInfo& info) {
  if (watch_) {
    int err = watch_->Resume();
    if (err != 0) ThrowBpfError(info.Env(), "UV_POLL_FAILED", std::string("cannot resume watching the buffer fd: ") + uv_strerror(err), 0);
  }
  return info.Env().Undefined();
}

Napi::Value RingBufferReader::Paused(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), watch_ && watch_->Paused());
}

Napi::Value RingBufferReader::Close(const Napi::CallbackInfo& info) {
  Release();
  return info.Env().Undefined();
}

}  // namespace gadgetry
