// Loads a BPF object on Node's thread pool, so a long verifier pass does not
// block the event loop. The object is busy meanwhile (other calls are
// BPF_OBJECT_BUSY, close() waits for the load to end); libbpf's messages are
// captured on the loading thread, apart from any other load's.
#pragma once
#include <napi.h>

#include <memory>
#include <string>

#include "ObjectOwner.h"

namespace gadgetry {

class ObjectLoad : public Napi::AsyncWorker {
 public:
  // Queues the load; the promise settles when it ends.
  static Napi::Promise Start(Napi::Env env, std::shared_ptr<ObjectOwner> owner);

 private:
  ObjectLoad(Napi::Env env, std::shared_ptr<ObjectOwner> owner);
  void Execute() override;
  void OnWorkComplete(Napi::Env env, napi_status status) override;
  void OnOK() override;

  std::shared_ptr<ObjectOwner> owner_;
  Napi::Promise::Deferred deferred_;
  int err_ = 0;
  std::string log_;
};

}  // namespace gadgetry
