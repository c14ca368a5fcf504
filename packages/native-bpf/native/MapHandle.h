// A map of a loaded object, for JavaScript: lookups, updates, deletes,
// iteration, batch reads (and batch takes: read and delete in one step) with
// Buffer keys and values of the map's sizes, and swapping the inner maps of
// a map of maps.
// It never keeps a bare fd number: each use asks the owner, so a map of a
// closed object is BPF_OBJECT_CLOSED even after its fd number was reused.
#pragma once
#include <napi.h>

#include <memory>
#include <string>

#include "ObjectOwner.h"

struct bpf_map;

namespace gadgetry {

class MapHandle : public Napi::ObjectWrap<MapHandle> {
 public:
  static Napi::Function Init(Napi::Env env);
  static Napi::Object Wrap(Napi::Env env, std::shared_ptr<ObjectOwner> owner, struct bpf_map* map);
  explicit MapHandle(const Napi::CallbackInfo& info);

  // The map's fd for an operation now, or BPF_OBJECT_CLOSED.
  int Fd(Napi::Env env) const;
  const std::shared_ptr<ObjectOwner>& Owner() const { return owner_; }
  const std::string& Name() const { return name_; }
  unsigned Type() const { return type_; }

 private:
  Napi::Value Lookup(const Napi::CallbackInfo& info);
  Napi::Value Update(const Napi::CallbackInfo& info);
  Napi::Value Delete(const Napi::CallbackInfo& info);
  Napi::Value NextKey(const Napi::CallbackInfo& info);
  Napi::Value LookupBatch(const Napi::CallbackInfo& info);
  Napi::Value LookupAndDeleteBatch(const Napi::CallbackInfo& info);
  Napi::Value LookupAndDelete(const Napi::CallbackInfo& info);
  Napi::Value SetInnerMapAsync(const Napi::CallbackInfo& info);
  Napi::Value ReadBatch(Napi::Env env, bool remove);
  Napi::Value FdValue(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);
  Napi::Value LookupSize(const Napi::CallbackInfo& info);
  void CheckSize(const Napi::CallbackInfo& info, const char* signature, Napi::Buffer<uint8_t> buf, size_t size,
                 const char* what) const;

  std::shared_ptr<ObjectOwner> owner_;
  struct bpf_map* map_ = nullptr;
  std::string name_;
  unsigned type_ = 0;
  size_t keySize_ = 0;
  size_t lookupSize_ = 0;  // per-CPU maps: one 8-byte aligned slot per possible CPU
  size_t maxEntries_ = 0;
};

}  // namespace gadgetry
