#include "PerfBufferReader.h"

#include <bpf/libbpf.h>

#include "BpfError.h"

namespace gadgetry {

namespace {
// Upper bound on delivery latency when the kernel does not signal readiness.
constexpr unsigned kDrainPeriodMs = 50;
}  // namespace

Napi::Function PerfBufferReader::Init(Napi::Env env) {
  return DefineClass(env, "PerfBufferReader",
                     {InstanceMethod("consume", &PerfBufferReader::Consume),
                      InstanceMethod("pause", &PerfBufferReader::Pause),
                      InstanceMethod("resume", &PerfBufferReader::Resume),
                      InstanceAccessor("paused", &PerfBufferReader::Paused, nullptr),
                      InstanceAccessor("lost", &PerfBufferReader::Lost, nullptr),
                      InstanceMethod("close", &PerfBufferReader::Close)});
}

PerfBufferReader::PerfBufferReader(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PerfBufferReader>(info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  size_t pages = info[1].As<Napi::Number>().Uint32Value();
  onBatch_ = Napi::Persistent(info[2].As<Napi::Function>());
  async_ = std::make_unique<Napi::AsyncContext>(env, "gadgetry:perfbuf");
  ClearLibbpfLog();
  pb_ = perf_buffer__new(fd, pages, &PerfBufferReader::OnSample, &PerfBufferReader::OnLost, this, nullptr);
  if (!pb_) ThrowBpfError(env, "PERFBUF_FAILED", "cannot open the perf buffer", errno);
  watch_ = std::make_unique<FdWatch>(env, perf_buffer__epoll_fd(pb_), kDrainPeriodMs, [this, env]() { Drain(env, false); });
}

PerfBufferReader::~PerfBufferReader() { Release(); }

void PerfBufferReader::Release() {
  watch_.reset();
  if (pb_) perf_buffer__free(pb_);
  pb_ = nullptr;
}

void PerfBufferReader::OnSample(void* ctx, int cpu, void* data, __u32 size) {
  static_cast<PerfBufferReader*>(ctx)->batch_.Add(data, size, static_cast<uint32_t>(cpu));
}

void PerfBufferReader::OnLost(void* ctx, int, __u64 count) {
  static_cast<PerfBufferReader*>(ctx)->lost_ += static_cast<double>(count);
}

void PerfBufferReader::Drain(Napi::Env env, bool sync) {
  if (!pb_ || (!sync && watch_->Paused())) return;
  Napi::HandleScope scope(env);
  perf_buffer__consume(pb_);
  if (batch_.Empty()) return;
  uint32_t count = batch_.Count();
  Napi::Buffer<uint8_t> buf = batch_.Take(env);
  if (sync) onBatch_.Call({buf, Napi::Number::New(env, count)});
  else onBatch_.MakeCallback(env.Global(), {buf, Napi::Number::New(env, count)}, *async_);
}

Napi::Value PerfBufferReader::Consume(const Napi::CallbackInfo& info) {
  Drain(info.Env(), true);
  return info.Env().Undefined();
}

Napi::Value PerfBufferReader::Lost(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), lost_); }

// pause(): stop reading (no polling, no drain timer) until resume(); the
// kernel buffer fills and what does not fit is dropped and counted there.
// consume() still drains on demand (at stop).
Napi::Value PerfBufferReader::Pause(const Napi::CallbackInfo& info) {
  if (watch_) watch_->Pause();
  return info.Env().Undefined();
}

Napi::Value PerfBufferReader::Resume(const Napi::CallbackInfo& info) {
  if (watch_) {
    int err = watch_->Resume();
    if (err != 0) ThrowBpfError(info.Env(), "UV_POLL_FAILED", std::string("cannot resume watching the buffer fd: ") + uv_strerror(err), 0);
  }
  return info.Env().Undefined();
}

Napi::Value PerfBufferReader::Paused(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), watch_ && watch_->Paused());
}

Napi::Value PerfBufferReader::Close(const Napi::CallbackInfo& info) {
  Release();
  return info.Env().Undefined();
}

}  // namespace gadgetry
