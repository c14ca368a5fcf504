#include "RingBufferReader.h"

#include <bpf/libbpf.h>

#include "AddonData.h"
#include "LibbpfLog.h"

namespace gadgetry {

namespace {
// Upper bound on delivery latency when the kernel does not signal readiness.
constexpr unsigned kDrainPeriodMs = 100;
}  // namespace

Napi::Function RingBufferReader::Init(Napi::Env env) { return DefineClass(env, "RingBufferReader", ReaderMethods()); }

RingBufferReader::RingBufferReader(const Napi::CallbackInfo& info) : BufferReader(info) {
  Napi::Env env = info.Env();
  Args args(info, "new RingBufferReader(map, onBatch, maxBatch?)", 2, 3);
  Napi::Object mapObj = args.Instance(0, "map", AddonData::Of(env).mapConstructor, "a map handle");
  Napi::Function onBatch = args.Function(1, "onBatch");
  // Bounds memory per call and the pause a backlog causes (default 8192 records).
  maxBatch_ = args.Has(2) ? static_cast<uint32_t>(args.Integer(2, "maxBatch", 1, UINT32_MAX)) : 8192;
  MapHandle* map = MapHandle::Unwrap(mapObj);
  int fd = map->Fd(env);
  if (map->Type() != BPF_MAP_TYPE_RINGBUF) ThrowBpfError(env, Code::BPF_MAP_TYPE, "map " + map->Name() + " is not a ring buffer", 0);
  LibbpfLogCapture capture;
  struct ring_buffer* rb = ring_buffer__new(fd, &RingBufferReader::OnRecord, this, nullptr);
  if (!rb) ThrowBpfError(env, Code::RINGBUF_FAILED, "cannot open ring buffer " + map->Name(), errno, capture.Text());
  Start(env, map, rb, onBatch, "ring buffer reader", "gadgetry:ringbuf", kDrainPeriodMs);
}

void RingBufferReader::Free(struct ring_buffer* rb) { ring_buffer__free(rb); }

void RingBufferReader::ConsumeReady(struct ring_buffer* rb) { ring_buffer__consume(rb); }

int RingBufferReader::EpollFd(struct ring_buffer* rb) { return ring_buffer__epoll_fd(rb); }

int RingBufferReader::OnRecord(void* ctx, void* data, size_t size) {
  auto* self = static_cast<RingBufferReader*>(ctx);
  self->batch_.Add(data, static_cast<uint32_t>(size), 0);
  // A negative return makes libbpf stop after this record (already consumed).
  return self->batch_.Count() >= self->maxBatch_ ? -1 : 0;
}

}  // namespace gadgetry
