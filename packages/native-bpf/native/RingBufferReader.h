// Reads a BPF ring buffer map; records reach JavaScript in batches.
#pragma once
#include <napi.h>

#include <memory>

#include "FdWatch.h"
#include "RecordBatch.h"

struct ring_buffer;

namespace gadgetry {

class RingBufferReader : public Napi::ObjectWrap<RingBufferReader> {
 public:
  static Napi::Function Init(Napi::Env env);
  // new RingBufferReader(mapFd, onBatch(buffer, count), maxBatch?)
  explicit RingBufferReader(const Napi::CallbackInfo& info);
  ~RingBufferReader() override;

 private:
  static int OnRecord(void* ctx, void* data, size_t size);
  void Drain(Napi::Env env, bool sync);
  Napi::Value Consume(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value Resume(const Napi::CallbackInfo& info);
  Napi::Value Paused(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void Release();

  struct ring_buffer* rb_ = nullptr;
  std::unique_ptr<FdWatch> watch_;
  RecordBatch batch_;
  uint32_t maxBatch_ = 8192;  // records per JavaScript call: bounds memory and pause length
  Napi::FunctionReference onBatch_;
  std::unique_ptr<Napi::AsyncContext> async_;
};

}  // namespace gadgetry
