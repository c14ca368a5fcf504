// Reads a BPF perf event array map; records reach JavaScript in batches.
#pragma once
#include <napi.h>

#include "BufferReader.h"

struct perf_buffer;

namespace gadgetry {

class PerfBufferReader : public BufferReader<PerfBufferReader, struct perf_buffer> {
 public:
  static Napi::Function Init(Napi::Env env);
  static constexpr const napi_type_tag& kTag = tags::kPerfBufferReader;
  // new PerfBufferReader(map, pagesPerCpu, onBatch(buffer, count))
  explicit PerfBufferReader(const Napi::CallbackInfo& info);

  static void Free(struct perf_buffer* pb);
  static void ConsumeReady(struct perf_buffer* pb);
  static int EpollFd(struct perf_buffer* pb);

 private:
  static void OnSample(void* ctx, int cpu, void* data, __u32 size);
  static void OnLost(void* ctx, int cpu, __u64 count);
  Napi::Value Lost(const Napi::CallbackInfo& info);

  double lost_ = 0;  // kept after close
};

}  // namespace gadgetry
