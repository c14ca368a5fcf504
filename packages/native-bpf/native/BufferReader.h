// What the ring buffer and perf buffer readers share: a libbpf buffer watched
// on Node's event loop, records gathered into batches and handed to one
// JavaScript callback, pause/resume for backpressure, and ownership by the
// object the map came from (closing it closes the reader).
//
// `Derived` supplies its type tag (kTag) and the buffer type's calls: static
// Free(buffer), ConsumeReady(buffer) (fills batch_ through libbpf's callbacks)
// and EpollFd(buffer).
#pragma once
#include <napi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "Args.h"
#include "BatchDelivery.h"
#include "BpfError.h"
#include "FdWatch.h"
#include "MapHandle.h"
#include "ObjectOwner.h"
#include "RecordBatch.h"

namespace gadgetry {

template <class Derived, class Buffer>
class BufferReader : public Napi::ObjectWrap<Derived>, public Dependent {
 public:
  using Wrap = Napi::ObjectWrap<Derived>;

  void Release() override {
    if (watch_) watch_->Stop();  // kept allocated: Release may run inside its callback
    if (buffer_) Derived::Free(buffer_);
    buffer_ = nullptr;
  }

 protected:
  explicit BufferReader(const Napi::CallbackInfo& info) : Wrap(info) {
    TagObject(info.Env(), info.This().template As<Napi::Object>(), Derived::kTag);
  }
  ~BufferReader() override {
    Release();
    if (owner_) owner_->Forget(this);
  }

  static std::vector<typename Wrap::PropertyDescriptor> ReaderMethods() {
    return {Wrap::InstanceMethod("consume", &BufferReader::Consume), Wrap::InstanceMethod("pause", &BufferReader::Pause),
            Wrap::InstanceMethod("resume", &BufferReader::Resume), Wrap::InstanceMethod("close", &BufferReader::Close),
            Wrap::InstanceAccessor("paused", &BufferReader::Paused, nullptr),
            Wrap::InstanceAccessor("closed", &BufferReader::Closed, nullptr)};
  }

  // Starts reading `buffer` (already created from `map`): from now on the
  // reader owns it and the map's object owns the reader. `noun` names the
  // reader in errors, `resource` in async hooks.
  void Start(Napi::Env env, MapHandle* map, Buffer* buffer, Napi::Function onBatch, const char* noun, const char* resource,
             unsigned periodMs) {
    buffer_ = buffer;
    what_ = std::string(noun) + " of map " + map->Name();
    delivery_.Bind(env, onBatch, resource);
    watch_ = std::make_unique<FdWatch>(env, Derived::EpollFd(buffer), periodMs, [this, env]() { Drain(env, false); });
    owner_ = map->Owner();
    owner_->Adopt(this);
  }

  Buffer* buffer_ = nullptr;
  RecordBatch batch_;
  // Records per JavaScript call; a full batch means more may be waiting.
  uint32_t maxBatch_ = UINT32_MAX;

 private:
  void Drain(Napi::Env env, bool sync) {
    delivery_.Drain(
        env, sync, batch_, maxBatch_, [this, sync]() { return buffer_ && (sync || !watch_->Paused()); },
        [this]() { Derived::ConsumeReady(buffer_); });
  }

  void RequireOpen(Napi::Env env) const {
    if (!buffer_) ThrowClosed(env, "the " + (what_.empty() ? std::string("reader") : what_));
  }

  // consume(): delivers whatever is in the buffer now (used to drain on stop).
  Napi::Value Consume(const Napi::CallbackInfo& info) {
    Args(info, "consume()", 0, 0, Derived::kTag);
    RequireOpen(info.Env());
    Drain(info.Env(), true);
    return info.Env().Undefined();
  }

  // pause(): stop reading (no polling, no drain timer) until resume(); the
  // kernel buffer fills and what does not fit is dropped and counted there.
  // consume() still drains on demand (at stop).
  Napi::Value Pause(const Napi::CallbackInfo& info) {
    Args(info, "pause()", 0, 0, Derived::kTag);
    RequireOpen(info.Env());
    watch_->Pause();
    return info.Env().Undefined();
  }

  Napi::Value Resume(const Napi::CallbackInfo& info) {
    Args(info, "resume()", 0, 0, Derived::kTag);
    RequireOpen(info.Env());
    int err = watch_->Resume();
    if (err != 0) ThrowBpfError(info.Env(), Code::UV_POLL_FAILED, std::string("cannot resume watching the buffer fd: ") + uv_strerror(err), 0);
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Args(info, "close()", 0, 0, Derived::kTag);
    Release();
    if (owner_) owner_->Forget(this);
    return info.Env().Undefined();
  }

  Napi::Value Paused(const Napi::CallbackInfo& info) {
    Args(info, "paused", 0, 0, Derived::kTag);
    return Napi::Boolean::New(info.Env(), buffer_ && watch_->Paused());
  }
  Napi::Value Closed(const Napi::CallbackInfo& info) {
    Args(info, "closed", 0, 0, Derived::kTag);
    return Napi::Boolean::New(info.Env(), buffer_ == nullptr);
  }

  std::shared_ptr<ObjectOwner> owner_;
  std::unique_ptr<FdWatch> watch_;
  std::string what_;
  BatchDelivery delivery_;
};

}  // namespace gadgetry
