#include "MapHandle.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <vector>

#include "AddonData.h"
#include "Args.h"
#include "BpfError.h"
#include "InnerMapSwap.h"

namespace gadgetry {

namespace {
// The kernel's own "not supported" (ENOTSUPP), which user space headers do not define.
constexpr int kKernelNotSupported = 524;

bool PerCpu(unsigned type) {
  return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
         type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}
}  // namespace

Napi::Function MapHandle::Init(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "BpfMapHandle",
                                  {InstanceMethod("lookup", &MapHandle::Lookup),
                                   InstanceMethod("update", &MapHandle::Update),
                                   InstanceMethod("delete", &MapHandle::Delete),
                                   InstanceMethod("nextKey", &MapHandle::NextKey),
                                   InstanceMethod("lookupBatch", &MapHandle::LookupBatch),
                                   InstanceMethod("lookupAndDeleteBatch", &MapHandle::LookupAndDeleteBatch),
                                   InstanceMethod("lookupAndDelete", &MapHandle::LookupAndDelete),
                                   InstanceMethod("setInnerMapAsync", &MapHandle::SetInnerMapAsync),
                                   InstanceAccessor("fd", &MapHandle::FdValue, nullptr),
                                   InstanceAccessor("closed", &MapHandle::Closed, nullptr),
                                   InstanceAccessor("lookupSize", &MapHandle::LookupSize, nullptr)});
  AddonData::Of(env).mapConstructor = Napi::Persistent(fn);
  return fn;
}

Napi::Object MapHandle::Wrap(Napi::Env env, std::shared_ptr<ObjectOwner> owner, struct bpf_map* map) {
  Napi::Object obj = AddonData::Of(env).mapConstructor.New({});
  MapHandle* self = Napi::ObjectWrap<MapHandle>::Unwrap(obj);
  self->owner_ = std::move(owner);
  self->map_ = map;
  self->name_ = bpf_map__name(map);
  self->type_ = bpf_map__type(map);
  self->keySize_ = bpf_map__key_size(map);
  size_t value = bpf_map__value_size(map);
  self->lookupSize_ = PerCpu(self->type_) ? ((value + 7) & ~size_t{7}) * libbpf_num_possible_cpus() : value;
  self->maxEntries_ = bpf_map__max_entries(map);
  return obj;
}

// Made from JavaScript (`new`), a handle is born closed: only maps() makes live ones.
MapHandle::MapHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<MapHandle>(info) {
  TagObject(info.Env(), info.This().As<Napi::Object>(), tags::kMapHandle);
}

int MapHandle::Fd(Napi::Env env) const {
  if (!owner_ || owner_->Closed()) ThrowClosed(env, "map " + (name_.empty() ? std::string("(none)") : name_));
  owner_->Object(env);  // not while loading
  return bpf_map__fd(map_);
}

void MapHandle::CheckSize(const Napi::CallbackInfo& info, const char* signature, Napi::Buffer<uint8_t> buf, size_t size,
                          const char* what) const {
  if (buf.Length() == size) return;
  throw Napi::TypeError::New(info.Env(), std::string(signature) + ": " + what + " must be a Buffer of " + std::to_string(size) +
                                             " bytes for map " + name_ + ", got " + std::to_string(buf.Length()) + " bytes");
}

// lookup(key) -> Buffer | null
Napi::Value MapHandle::Lookup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "lookup(key)", 1, 1, tags::kMapHandle);
  auto key = args.Buffer(0, "key");
  int fd = Fd(env);
  CheckSize(info, "lookup(key)", key, keySize_, "argument 1 (key)");
  std::vector<uint8_t> value(lookupSize_);
  if (bpf_map_lookup_elem(fd, key.Data(), value.data()) != 0) {
    if (errno == ENOENT) return env.Null();
    ThrowBpfError(env, Code::BPF_MAP_LOOKUP_FAILED, "lookup in map " + name_ + " failed", errno);
  }
  return Napi::Buffer<uint8_t>::Copy(env, value.data(), value.size());
}

// update(key, value, flags?)
Napi::Value MapHandle::Update(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "update(key, value, flags?)", 2, 3, tags::kMapHandle);
  auto key = args.Buffer(0, "key");
  auto value = args.Buffer(1, "value");
  int64_t flags = args.Has(2) ? args.Integer(2, "flags", 0, 0xffffffff) : static_cast<int64_t>(BPF_ANY);
  int fd = Fd(env);
  CheckSize(info, "update(key, value, flags?)", key, keySize_, "argument 1 (key)");
  CheckSize(info, "update(key, value, flags?)", value, lookupSize_, "argument 2 (value)");
  if (bpf_map_update_elem(fd, key.Data(), value.Data(), static_cast<__u64>(flags)) != 0)
    ThrowBpfError(env, Code::BPF_MAP_UPDATE_FAILED, "update of map " + name_ + " failed", errno);
  return env.Undefined();
}

// delete(key) -> whether a key was deleted
Napi::Value MapHandle::Delete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "delete(key)", 1, 1, tags::kMapHandle);
  auto key = args.Buffer(0, "key");
  int fd = Fd(env);
  CheckSize(info, "delete(key)", key, keySize_, "argument 1 (key)");
  if (bpf_map_delete_elem(fd, key.Data()) != 0) {
    if (errno == ENOENT) return Napi::Boolean::New(env, false);
    ThrowBpfError(env, Code::BPF_MAP_DELETE_FAILED, "delete from map " + name_ + " failed", errno);
  }
  return Napi::Boolean::New(env, true);
}

// nextKey(key | null) -> Buffer | null at the end
Napi::Value MapHandle::NextKey(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "nextKey(key | null)", 1, 1, tags::kMapHandle);
  const void* cur = nullptr;
  if (!info[0].IsNull()) {
    auto key = args.Buffer(0, "key");
    CheckSize(info, "nextKey(key | null)", key, keySize_, "argument 1 (key)");
    cur = key.Data();
  }
  int fd = Fd(env);
  std::vector<uint8_t> next(keySize_);
  if (bpf_map_get_next_key(fd, cur, next.data()) != 0) {
    if (errno == ENOENT) return env.Null();
    ThrowBpfError(env, Code::BPF_MAP_ITERATE_FAILED, "key iteration of map " + name_ + " failed", errno);
  }
  return Napi::Buffer<uint8_t>::Copy(env, next.data(), next.size());
}

// lookupBatch() -> { keys, values, count } | null when the kernel cannot batch this map
Napi::Value MapHandle::LookupBatch(const Napi::CallbackInfo& info) {
  Args(info, "lookupBatch()", 0, 0, tags::kMapHandle);
  return ReadBatch(info.Env(), false);
}

// lookupAndDeleteBatch() -> { keys, values, count } | null when the kernel
// cannot: every entry, each removed in the same step it is read.
Napi::Value MapHandle::LookupAndDeleteBatch(const Napi::CallbackInfo& info) {
  Args(info, "lookupAndDeleteBatch()", 0, 0, tags::kMapHandle);
  return ReadBatch(info.Env(), true);
}

Napi::Value MapHandle::ReadBatch(Napi::Env env, bool remove) {
  int fd = Fd(env);
  size_t max = maxEntries_;
  std::vector<uint8_t> keys(keySize_ * max), values(lookupSize_ * max);
  std::vector<uint8_t> token(keySize_ > 8 ? keySize_ : 8);
  size_t total = 0;
  bool first = true;
  while (total < max) {
    __u32 count = static_cast<__u32>(max - total);
    LIBBPF_OPTS(bpf_map_batch_opts, opts);
    uint8_t* k = keys.data() + total * keySize_;
    uint8_t* v = values.data() + total * lookupSize_;
    void* in = first ? nullptr : token.data();
    int err = remove ? bpf_map_lookup_and_delete_batch(fd, in, token.data(), k, v, &count, &opts)
                     : bpf_map_lookup_batch(fd, in, token.data(), k, v, &count, &opts);
    int e = err ? errno : 0;
    bool unsupported = e == EINVAL || e == kKernelNotSupported || e == EOPNOTSUPP;
    // A map type without batch support fails the first call before the kernel writes `count` back.
    if (unsupported && first) return env.Null();
    first = false;
    total += count;
    if (e == ENOENT || unsupported) break;  // ENOENT: reached the end
    // Entries already taken are gone from the map: hand them over rather than lose them to an error.
    if (e && remove && total > 0) break;
    if (e) ThrowBpfError(env, Code::BPF_MAP_BATCH_FAILED, std::string(remove ? "batch lookup and delete" : "batch lookup") + " of map " + name_ + " failed", e);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("keys", Napi::Buffer<uint8_t>::Copy(env, keys.data(), total * keySize_));
  out.Set("values", Napi::Buffer<uint8_t>::Copy(env, values.data(), total * lookupSize_));
  out.Set("count", Napi::Number::New(env, static_cast<double>(total)));
  return out;
}

// lookupAndDelete(key) -> the value it removed, or null when there was none
Napi::Value MapHandle::LookupAndDelete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "lookupAndDelete(key)", 1, 1, tags::kMapHandle);
  auto key = args.Buffer(0, "key");
  int fd = Fd(env);
  CheckSize(info, "lookupAndDelete(key)", key, keySize_, "argument 1 (key)");
  std::vector<uint8_t> value(lookupSize_);
  if (bpf_map_lookup_and_delete_elem(fd, key.Data(), value.data()) != 0) {
    if (errno == ENOENT) return env.Null();
    ThrowBpfError(env, Code::BPF_MAP_TAKE_FAILED, "lookup and delete in map " + name_ + " failed", errno);
  }
  return Napi::Buffer<uint8_t>::Copy(env, value.data(), value.size());
}

// setInnerMapAsync(slot, inner) -> Promise: puts `inner` in slot `slot` of
// this map of maps. The kernel returns only once no program still uses the
// map that was there, which can take milliseconds: it runs on the thread pool.
Napi::Value MapHandle::SetInnerMapAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "setInnerMapAsync(slot, inner)", 2, 2, tags::kMapHandle);
  auto slot = static_cast<uint32_t>(args.Integer(0, "slot", 0, UINT32_MAX));
  MapHandle* inner = Napi::ObjectWrap<MapHandle>::Unwrap(args.Instance(1, "inner", AddonData::Of(env).mapConstructor, "a map handle"));
  if (type_ != BPF_MAP_TYPE_ARRAY_OF_MAPS && type_ != BPF_MAP_TYPE_HASH_OF_MAPS)
    throw Napi::TypeError::New(env, "setInnerMapAsync(slot, inner): map " + name_ + " is not a map of maps");
  if (keySize_ != sizeof slot)
    throw Napi::TypeError::New(env, "setInnerMapAsync(slot, inner): map " + name_ + " has " + std::to_string(keySize_) + "-byte keys, not 4");
  return InnerMapSwap::Start(env, name_, Fd(env), inner->Fd(env), slot);
}

Napi::Value MapHandle::FdValue(const Napi::CallbackInfo& info) {
  Args(info, "fd", 0, 0, tags::kMapHandle);
  bool open = owner_ && !owner_->Closed();
  return Napi::Number::New(info.Env(), open ? bpf_map__fd(map_) : -1);
}

Napi::Value MapHandle::Closed(const Napi::CallbackInfo& info) {
  Args(info, "closed", 0, 0, tags::kMapHandle);
  return Napi::Boolean::New(info.Env(), !owner_ || owner_->Closed());
}

Napi::Value MapHandle::LookupSize(const Napi::CallbackInfo& info) {
  Args(info, "lookupSize", 0, 0, tags::kMapHandle);
  return Napi::Number::New(info.Env(), static_cast<double>(lookupSize_));
}

}  // namespace gadgetry
