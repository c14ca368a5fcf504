#include "MapAccess.h"

#include <bpf/bpf.h>

#include <vector>

#include "BpfError.h"

namespace gadgetry {

void MapAccess::Register(Napi::Env env, Napi::Object exports) {
  exports.Set("mapLookup", Napi::Function::New(env, &MapAccess::Lookup));
  exports.Set("mapUpdate", Napi::Function::New(env, &MapAccess::Update));
  exports.Set("mapDelete", Napi::Function::New(env, &MapAccess::Delete));
  exports.Set("mapNextKey", Napi::Function::New(env, &MapAccess::NextKey));
  exports.Set("mapLookupBatch", Napi::Function::New(env, &MapAccess::LookupBatch));
}

// mapLookup(fd, key, valueSize) -> Buffer | null
Napi::Value MapAccess::Lookup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  auto key = info[1].As<Napi::Buffer<uint8_t>>();
  size_t size = info[2].As<Napi::Number>().Uint32Value();
  std::vector<uint8_t> value(size);
  if (bpf_map_lookup_elem(fd, key.Data(), value.data()) != 0) {
    if (errno == ENOENT) return env.Null();
    ThrowBpfError(env, "BPF_MAP_LOOKUP_FAILED", "map lookup failed", errno);
  }
  return Napi::Buffer<uint8_t>::Copy(env, value.data(), value.size());
}

// mapUpdate(fd, key, value, flags)
Napi::Value MapAccess::Update(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  auto key = info[1].As<Napi::Buffer<uint8_t>>();
  auto value = info[2].As<Napi::Buffer<uint8_t>>();
  __u64 flags = info.Length() > 3 ? info[3].As<Napi::Number>().Int64Value() : static_cast<__u64>(BPF_ANY);
  if (bpf_map_update_elem(fd, key.Data(), value.Data(), flags) != 0)
    ThrowBpfError(env, "BPF_MAP_UPDATE_FAILED", "map update failed", errno);
  return env.Undefined();
}

// mapDelete(fd, key) -> whether a key was deleted
Napi::Value MapAccess::Delete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  auto key = info[1].As<Napi::Buffer<uint8_t>>();
  if (bpf_map_delete_elem(fd, key.Data()) != 0) {
    if (errno == ENOENT) return Napi::Boolean::New(env, false);
    ThrowBpfError(env, "BPF_MAP_DELETE_FAILED", "map delete failed", errno);
  }
  return Napi::Boolean::New(env, true);
}

// mapNextKey(fd, key | null, keySize) -> Buffer | null at the end
Napi::Value MapAccess::NextKey(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  size_t keySize = info[2].As<Napi::Number>().Uint32Value();
  std::vector<uint8_t> next(keySize);
  const void* cur = info[1].IsBuffer() ? info[1].As<Napi::Buffer<uint8_t>>().Data() : nullptr;
  if (bpf_map_get_next_key(fd, cur, next.data()) != 0) {
    if (errno == ENOENT) return env.Null();
    ThrowBpfError(env, "BPF_MAP_ITERATE_FAILED", "map key iteration failed", errno);
  }
  return Napi::Buffer<uint8_t>::Copy(env, next.data(), next.size());
}

// mapLookupBatch(fd, keySize, valueSize, maxEntries) -> { keys, values, count } | null when unsupported
Napi::Value MapAccess::LookupBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  size_t keySize = info[1].As<Napi::Number>().Uint32Value();
  size_t valueSize = info[2].As<Napi::Number>().Uint32Value();
  size_t max = info[3].As<Napi::Number>().Uint32Value();
  std::vector<uint8_t> keys(keySize * max), values(valueSize * max);
  std::vector<uint8_t> token(keySize > 8 ? keySize : 8);
  size_t total = 0;
  bool first = true;
  while (total < max) {
    __u32 count = static_cast<__u32>(max - total);
    LIBBPF_OPTS(bpf_map_batch_opts, opts);
    int err = bpf_map_lookup_batch(fd, first ? nullptr : token.data(), token.data(), keys.data() + total * keySize,
                                   values.data() + total * valueSize, &count, &opts);
    first = false;
    int e = err ? errno : 0;
    total += count;
    if (e == ENOENT) break;  // reached the end
    if (e == EINVAL || e == ENOTSUP || e == EOPNOTSUPP) {
      if (total == 0) return env.Null();
      break;
    }
    if (e) ThrowBpfError(env, "BPF_MAP_BATCH_FAILED", "batch lookup failed", e);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("keys", Napi::Buffer<uint8_t>::Copy(env, keys.data(), total * keySize));
  out.Set("values", Napi::Buffer<uint8_t>::Copy(env, values.data(), total * valueSize));
  out.Set("count", Napi::Number::New(env, static_cast<double>(total)));
  return out;
}

}  // namespace gadgetry
