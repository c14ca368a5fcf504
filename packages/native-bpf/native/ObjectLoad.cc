#include "ObjectLoad.h"

#include <bpf/libbpf.h>

#include "BpfError.h"
#include "LibbpfLog.h"

namespace gadgetry {

Napi::Promise ObjectLoad::Start(Napi::Env env, std::shared_ptr<ObjectOwner> owner) {
  owner->Object(env);  // open, not loaded yet, not already loading
  if (owner->Loaded()) ThrowBpfError(env, Code::BPF_ALREADY_LOADED, "BPF object " + owner->Name() + " is already loaded", 0);
  auto* work = new ObjectLoad(env, std::move(owner));
  Napi::Promise promise = work->deferred_.Promise();
  work->owner_->BeginLoad();
  work->Queue();
  return promise;
}

ObjectLoad::ObjectLoad(Napi::Env env, std::shared_ptr<ObjectOwner> owner)
    : Napi::AsyncWorker(env, "gadgetry:load"), owner_(std::move(owner)), deferred_(Napi::Promise::Deferred::New(env)) {}

// On a thread-pool thread: only the object is touched, nothing of JavaScript.
void ObjectLoad::Execute() {
  LibbpfLogCapture capture;
  err_ = bpf_object__load(owner_->LoadingObject());
  if (err_) log_ = capture.Text();
}

void ObjectLoad::OnWorkComplete(Napi::Env env, napi_status status) {
  // Ends the busy state first: a close() that came meanwhile happens now,
  // even when the environment is shutting down and no JavaScript will run.
  owner_->EndLoad(status != napi_cancelled && err_ == 0);
  Napi::AsyncWorker::OnWorkComplete(env, status);
}

void ObjectLoad::OnOK() {
  Napi::Env env = Env();
  if (!err_ && !owner_->Closed()) {
    deferred_.Resolve(env.Undefined());
    return;
  }
  Napi::Error error = err_ ? BpfErrorValue(env, Code::BPF_LOAD_FAILED, "cannot load BPF object " + owner_->Name(), err_, log_)
                           : BpfErrorValue(env, Code::BPF_OBJECT_CLOSED, "BPF object " + owner_->Name() + " was closed while loading", 0, "");
  deferred_.Reject(error.Value());
}

}  // namespace gadgetry
