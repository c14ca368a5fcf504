// Hands the records a reader gathered to its JavaScript callback, a batch per
// call: what the ring buffer, perf buffer and packet socket readers share.
#pragma once
#include <napi.h>

#include <cstdint>
#include <memory>

#include "RecordBatch.h"

namespace gadgetry {

class BatchDelivery {
 public:
  // `onBatch(buffer, count)` gets every batch; `resource` names the calls from
  // the loop in async hooks.
  void Bind(Napi::Env env, Napi::Function onBatch, const char* resource) {
    onBatch_ = Napi::Persistent(onBatch);
    async_ = std::make_unique<Napi::AsyncContext>(env, resource);
  }

  // Reads and delivers until nothing is ready. `readable()` says whether to
  // read on (a batch handler may pause or close the reader: it stops at once),
  // `fill()` reads what is ready into `batch`; a batch of `maxBatch` records
  // means more may be waiting. From the loop (sync=false) the callback runs in
  // its own async context, and it stops after a few batches: the fd stays
  // readable, so libuv calls back at once, but timers and deferred finalizers
  // (which free delivered batches) get to run in between instead of waiting
  // for a producer that never pauses. From consume() (sync=true) it is a plain
  // call inside the caller's JavaScript, and goes on until all is read.
  template <class Readable, class Fill>
  void Drain(Napi::Env env, bool sync, RecordBatch& batch, uint32_t maxBatch, Readable readable, Fill fill) {
    constexpr int kBatchesPerWake = 8;
    for (int round = 0; sync || round < kBatchesPerWake; round++) {
      if (!readable()) return;
      Napi::HandleScope scope(env);
      fill();
      if (batch.Empty()) return;
      uint32_t count = batch.Count();
      Napi::Buffer<uint8_t> buf = batch.Take(env);
      if (sync) {
        onBatch_.Call({buf, Napi::Number::New(env, count)});
      } else {
        try {
          onBatch_.MakeCallback(env.Global(), {buf, Napi::Number::New(env, count)}, *async_);
        } catch (const Napi::Error& e) {
          // No JavaScript caller to throw to: report it as Node reports an uncaught exception.
          napi_fatal_exception(env, e.Value());
          return;
        }
      }
      if (count < maxBatch) return;
    }
  }

 private:
  Napi::FunctionReference onBatch_;
  std::unique_ptr<Napi::AsyncContext> async_;
};

}  // namespace gadgetry
