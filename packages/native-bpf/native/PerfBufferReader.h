// Reads a BPF perf event array map; records reach JavaScript in batches.
#pragma once
#include <napi.h>

#include <memory>

#include "FdWatch.h"
#include "RecordBatch.h"

struct perf_buffer;

namespace gadgetry {

class PerfBufferReader : public Napi::ObjectWrap<PerfBufferReader> {
 public:
  static Napi::Function Init(Napi::Env env);
  // new PerfBufferReader(mapFd, pagesPerCpu, onBatch(buffer, count))
  explicit PerfBufferReader(const Napi::CallbackInfo& info);
  ~PerfBufferReader() override;

 private:
  static void OnSample(void* ctx, int cpu, void* data, __u32 size);
  static void OnLost(void* ctx, int cpu, __u64 count);
  void Drain(Napi::Env env, bool sync);
  Napi::Value Consume(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value Resume(const Napi::CallbackInfo& info);
  Napi::Value Paused(const Napi::CallbackInfo& info);
  Napi::Value Lost(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void Release();

  struct perf_buffer* pb_ = nullptr;
  std::unique_ptr<FdWatch> watch_;
  RecordBatch batch_;
  double lost_ = 0;
  Napi::FunctionReference onBatch_;
  std::unique_ptr<Napi::AsyncContext> async_;
};

}  // namespace gadgetry
