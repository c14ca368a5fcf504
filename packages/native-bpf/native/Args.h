// Checks a native method's arguments before anything else runs: a wrong count
// or type is a TypeError (a number out of range a RangeError) that names the
// argument, never a crash, an abort, or a silent reinterpretation.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>

namespace gadgetry {

class Args {
 public:
  // `signature` is how the method is called, e.g. "setGlobal(name, value)";
  // it starts every message. Throws when `this` is not an object of the
  // class tagged `self` (a method borrowed by another object), or when the
  // count is outside [min, max].
  Args(const Napi::CallbackInfo& info, const char* signature, size_t min, size_t max, const napi_type_tag& self);
  // For functions that are not methods.
  Args(const Napi::CallbackInfo& info, const char* signature, size_t min, size_t max);

  // True when argument `i` was passed and is not undefined (optional arguments).
  bool Has(size_t i) const { return i < info_.Length() && !info_[i].IsUndefined(); }
  std::string String(size_t i, const char* name) const;
  Napi::Buffer<uint8_t> Buffer(size_t i, const char* name) const;
  bool Boolean(size_t i, const char* name) const;
  Napi::Function Function(size_t i, const char* name) const;
  Napi::Object Object(size_t i, const char* name) const;
  // An integer number in [lo, hi].
  int64_t Integer(size_t i, const char* name, int64_t lo, int64_t hi) const;
  // An object created by `constructor` (a map handle, ...).
  Napi::Object Instance(size_t i, const char* name, const Napi::FunctionReference& constructor, const char* what) const;
  // A number property of an options object, or `fallback` when absent.
  int64_t IntegerField(Napi::Object options, const char* field, int64_t lo, int64_t hi, int64_t fallback) const;

  [[noreturn]] void TypeFail(const std::string& what, const char* expected, Napi::Value got) const;

 private:
  void CheckCount(size_t min, size_t max) const;
  [[noreturn]] void Fail(size_t i, const char* name, const char* expected) const;
  int64_t CheckInteger(Napi::Value v, const std::string& what, int64_t lo, int64_t hi) const;

  const Napi::CallbackInfo& info_;
  const char* signature_;
};

// Marks `object` as made by the class tagged `tag`; Args checks it on every call.
void TagObject(Napi::Env env, Napi::Object object, const napi_type_tag& tag);

// One tag per class whose methods touch native state.
namespace tags {
inline constexpr napi_type_tag kBpfObject = {0x6761646765747279ULL, 0x4f424a4543540001ULL};
inline constexpr napi_type_tag kBpfLink = {0x6761646765747279ULL, 0x4c494e4b00000002ULL};
inline constexpr napi_type_tag kMapHandle = {0x6761646765747279ULL, 0x4d41500000000003ULL};
inline constexpr napi_type_tag kRingBufferReader = {0x6761646765747279ULL, 0x52494e4700000004ULL};
inline constexpr napi_type_tag kPerfBufferReader = {0x6761646765747279ULL, 0x5045524600000005ULL};
inline constexpr napi_type_tag kPacketSocket = {0x6761646765747279ULL, 0x5041434b00000006ULL};
}  // namespace tags

// "undefined", "null", "a number", "a Buffer", "an array", "a function", ...
std::string DescribeValue(Napi::Value v);

}  // namespace gadgetry
