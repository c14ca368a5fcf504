// Reads a BPF ring buffer map; records reach JavaScript in batches.
#pragma once
#include <napi.h>

#include "BufferReader.h"

struct ring_buffer;

namespace gadgetry {

class RingBufferReader : public BufferReader<RingBufferReader, struct ring_buffer> {
 public:
  static Napi::Function Init(Napi::Env env);
  static constexpr const napi_type_tag& kTag = tags::kRingBufferReader;
  // new RingBufferReader(map, onBatch(buffer, count), maxBatch?)
  explicit RingBufferReader(const Napi::CallbackInfo& info);

  static void Free(struct ring_buffer* rb);
  static void ConsumeReady(struct ring_buffer* rb);
  static int EpollFd(struct ring_buffer* rb);

 private:
  static int OnRecord(void* ctx, void* data, size_t size);
};

}  // namespace gadgetry
