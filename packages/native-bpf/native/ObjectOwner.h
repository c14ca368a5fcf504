// The one owner of a bpf_object and of every kernel object made from it.
//
// Handles derived from the object (maps, links, readers) share the owner and
// ask it before every use: once it is closed they answer BPF_OBJECT_CLOSED
// instead of acting on an fd number the kernel may have handed to someone
// else. Closing releases the links and readers made from the object first,
// then the object (its programs and maps), each exactly once.
#pragma once
#include <napi.h>

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

struct bpf_object;

namespace gadgetry {

// A link or reader made from an object; the owner releases it on close.
class Dependent {
 public:
  virtual void Release() = 0;

 protected:
  ~Dependent() = default;
};

class OwnerRegistry;

class ObjectOwner {
 public:
  ObjectOwner(struct bpf_object* obj, std::shared_ptr<OwnerRegistry> registry);
  ~ObjectOwner();
  ObjectOwner(const ObjectOwner&) = delete;
  ObjectOwner& operator=(const ObjectOwner&) = delete;

  // The object, or a BPF_OBJECT_CLOSED / BPF_OBJECT_BUSY error.
  struct bpf_object* Object(Napi::Env env) const;
  // The object for a thread-pool load; only between BeginLoad and EndLoad.
  struct bpf_object* LoadingObject() const { return obj_; }
  bool Closed() const { return obj_ == nullptr; }
  bool Loaded() const { return loaded_; }
  const std::string& Name() const { return name_; }

  void MarkLoaded() { loaded_ = true; }
  // While a load runs on another thread, nothing else touches the object and
  // close() waits for it to end.
  void BeginLoad() { loading_ = true; }
  void EndLoad(bool loaded);

  // Keeps BPF run-time counting on (a BPF_ENABLE_STATS fd) until Close().
  void HoldStatsFd(int fd) { statsFd_ = fd; }
  bool HoldsStats() const { return statsFd_ >= 0; }

  void Adopt(Dependent* d) { dependents_.push_back(d); }
  void Forget(Dependent* d);
  void Close();

 private:
  struct bpf_object* obj_;
  std::string name_;
  bool loaded_ = false;
  bool loading_ = false;
  bool closeAfterLoad_ = false;
  int statsFd_ = -1;
  std::vector<Dependent*> dependents_;
  std::shared_ptr<OwnerRegistry> registry_;
};

// Every open object of one JavaScript environment (the main thread or a
// worker), so the environment's cleanup hook can close what it opened.
class OwnerRegistry {
 public:
  void Add(ObjectOwner* o) { owners_.insert(o); }
  void Remove(ObjectOwner* o) { owners_.erase(o); }
  void CloseAll();

 private:
  std::unordered_set<ObjectOwner*> owners_;
};

}  // namespace gadgetry
