// Records gathered during one drain, delivered to JavaScript in one call.
#pragma once
#include <napi.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace gadgetry {

// Layout per record: u32 size, u32 cpu, the bytes, padding to 8.
class RecordBatch {
 public:
  void Add(const void* data, uint32_t size, uint32_t cpu) {
    size_t at = bytes_.size();
    size_t padded = (size + 7u) & ~size_t{7};
    bytes_.resize(at + 8 + padded);
    memcpy(bytes_.data() + at, &size, 4);
    memcpy(bytes_.data() + at + 4, &cpu, 4);
    memcpy(bytes_.data() + at + 8, data, size);
    count_++;
  }
  bool Empty() const { return count_ == 0; }
  uint32_t Count() const { return count_; }
  // Hands the bytes to a JavaScript Buffer without copying them, and starts over.
  Napi::Buffer<uint8_t> Take(Napi::Env env) {
    auto* owned = new std::vector<uint8_t>(std::move(bytes_));
    bytes_ = std::vector<uint8_t>();
    bytes_.reserve(owned->size());
    count_ = 0;
    return Napi::Buffer<uint8_t>::New(env, owned->data(), owned->size(),
                                      [](Napi::Env, uint8_t*, std::vector<uint8_t>* v) { delete v; }, owned);
  }

 private:
  std::vector<uint8_t> bytes_;
  uint32_t count_ = 0;
};

}  // namespace gadgetry
