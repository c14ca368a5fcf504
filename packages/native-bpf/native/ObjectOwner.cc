#include "ObjectOwner.h"

#include <bpf/libbpf.h>

#include <unistd.h>

#include <algorithm>

#include "BpfError.h"
#include "LibbpfLog.h"

namespace gadgetry {

ObjectOwner::ObjectOwner(struct bpf_object* obj, std::shared_ptr<OwnerRegistry> registry)
    : obj_(obj), name_(bpf_object__name(obj)), registry_(std::move(registry)) {
  registry_->Add(this);
}

ObjectOwner::~ObjectOwner() {
  Close();
  registry_->Remove(this);
}

struct bpf_object* ObjectOwner::Object(Napi::Env env) const {
  if (!obj_) ThrowClosed(env, "BPF object " + name_);
  if (loading_) ThrowBpfError(env, Code::BPF_OBJECT_BUSY, "BPF object " + name_ + " is still loading; await loadAsync() first", 0);
  return obj_;
}

void ObjectOwner::EndLoad(bool loaded) {
  loading_ = false;
  loaded_ = loaded;
  if (closeAfterLoad_) Close();
}

void ObjectOwner::Forget(Dependent* d) {
  dependents_.erase(std::remove(dependents_.begin(), dependents_.end(), d), dependents_.end());
}

void ObjectOwner::Close() {
  if (!obj_) return;
  if (loading_) {
    closeAfterLoad_ = true;
    return;
  }
  // What was made from the object (links, readers) goes first, then the object.
  std::vector<Dependent*> dependents;
  dependents.swap(dependents_);
  for (Dependent* d : dependents) d->Release();
  LibbpfLogCapture quiet;  // nothing to report from a close
  bpf_object__close(obj_);
  obj_ = nullptr;
  // counting stops with the last holder's close (the kernel counts holders)
  if (statsFd_ >= 0) close(statsFd_);
  statsFd_ = -1;
  loaded_ = false;
}

void OwnerRegistry::CloseAll() {
  std::vector<ObjectOwner*> owners(owners_.begin(), owners_.end());
  for (ObjectOwner* o : owners) o->Close();
}

}  // namespace gadgetry
