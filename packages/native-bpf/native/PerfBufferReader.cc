#include "PerfBufferReader.h"

#include <bpf/libbpf.h>

#include "AddonData.h"
#include "LibbpfLog.h"

namespace gadgetry {

namespace {
// Upper bound on delivery latency when the kernel does not signal readiness.
constexpr unsigned kDrainPeriodMs = 50;
// libbpf wants a power of two; 64 Ki pages (256 MiB per CPU) is far past any sane buffer.
constexpr int64_t kMaxPagesPerCpu = 65536;
}  // namespace

Napi::Function PerfBufferReader::Init(Napi::Env env) {
  auto methods = ReaderMethods();
  methods.push_back(InstanceAccessor("lost", &PerfBufferReader::Lost, nullptr));
  return DefineClass(env, "PerfBufferReader", methods);
}

PerfBufferReader::PerfBufferReader(const Napi::CallbackInfo& info) : BufferReader(info) {
  Napi::Env env = info.Env();
  Args args(info, "new PerfBufferReader(map, pagesPerCpu, onBatch)", 3, 3);
  Napi::Object mapObj = args.Instance(0, "map", AddonData::Of(env).mapConstructor, "a map handle");
  int64_t pages = args.Integer(1, "pagesPerCpu", 1, kMaxPagesPerCpu);
  Napi::Function onBatch = args.Function(2, "onBatch");
  MapHandle* map = MapHandle::Unwrap(mapObj);
  int fd = map->Fd(env);
  if (map->Type() != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
    ThrowBpfError(env, Code::BPF_MAP_TYPE, "map " + map->Name() + " is not a perf event array", 0);
  LibbpfLogCapture capture;
  struct perf_buffer* pb =
      perf_buffer__new(fd, static_cast<size_t>(pages), &PerfBufferReader::OnSample, &PerfBufferReader::OnLost, this, nullptr);
  if (!pb) ThrowBpfError(env, Code::PERFBUF_FAILED, "cannot open perf buffer " + map->Name(), errno, capture.Text());
  Start(env, map, pb, onBatch, "perf buffer reader", "gadgetry:perfbuf", kDrainPeriodMs);
}

void PerfBufferReader::Free(struct perf_buffer* pb) { perf_buffer__free(pb); }

void PerfBufferReader::ConsumeReady(struct perf_buffer* pb) { perf_buffer__consume(pb); }

int PerfBufferReader::EpollFd(struct perf_buffer* pb) { return perf_buffer__epoll_fd(pb); }

void PerfBufferReader::OnSample(void* ctx, int cpu, void* data, __u32 size) {
  static_cast<PerfBufferReader*>(ctx)->batch_.Add(data, size, static_cast<uint32_t>(cpu));
}

void PerfBufferReader::OnLost(void* ctx, int, __u64 count) {
  static_cast<PerfBufferReader*>(ctx)->lost_ += static_cast<double>(count);
}

Napi::Value PerfBufferReader::Lost(const Napi::CallbackInfo& info) {
  Args(info, "lost", 0, 0, kTag);
  return Napi::Number::New(info.Env(), lost_);
}

}  // namespace gadgetry
