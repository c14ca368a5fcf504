#include "Args.h"

#include <cmath>

namespace gadgetry {

std::string DescribeValue(Napi::Value v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsBoolean()) return "a boolean";
  if (v.IsNumber()) return "a number";
  if (v.IsString()) return "a string";
  if (v.IsSymbol()) return "a symbol";
  if (v.IsBigInt()) return "a bigint";
  if (v.IsFunction()) return "a function";
  if (v.IsBuffer()) return "a Buffer";
  if (v.IsTypedArray()) return "a typed array";
  if (v.IsArray()) return "an array";
  return "an object";
}

void TagObject(Napi::Env env, Napi::Object object, const napi_type_tag& tag) {
  napi_status status = napi_type_tag_object(env, object, &tag);
  if (status != napi_ok) throw Napi::Error::New(env, "cannot tag a native object");
}

Args::Args(const Napi::CallbackInfo& info, const char* signature, size_t min, size_t max, const napi_type_tag& self)
    : info_(info), signature_(signature) {
  bool tagged = false;
  Napi::Value thisValue = info.This();
  if (!thisValue.IsObject() || napi_check_object_type_tag(info.Env(), thisValue, &self, &tagged) != napi_ok || !tagged)
    throw Napi::TypeError::New(info.Env(), std::string(signature) + ": called on an object of the wrong class");
  CheckCount(min, max);
}

Args::Args(const Napi::CallbackInfo& info, const char* signature, size_t min, size_t max) : info_(info), signature_(signature) {
  CheckCount(min, max);
}

void Args::CheckCount(size_t min, size_t max) const {
  size_t n = info_.Length();
  if (n >= min && n <= max) return;
  std::string expected = min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
  throw Napi::TypeError::New(info_.Env(), std::string(signature_) + ": expected " + expected + " argument" +
                                              (max == 1 ? "" : "s") + ", got " + std::to_string(n));
}

void Args::TypeFail(const std::string& what, const char* expected, Napi::Value got) const {
  throw Napi::TypeError::New(info_.Env(), std::string(signature_) + ": " + what + " must be " + expected + ", got " + DescribeValue(got));
}

void Args::Fail(size_t i, const char* name, const char* expected) const {
  Napi::Value got = i < info_.Length() ? info_[i] : info_.Env().Undefined();
  TypeFail("argument " + std::to_string(i + 1) + " (" + name + ")", expected, got);
}

std::string Args::String(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsString()) Fail(i, name, "a string");
  return info_[i].As<Napi::String>().Utf8Value();
}

Napi::Buffer<uint8_t> Args::Buffer(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsBuffer()) Fail(i, name, "a Buffer");
  return info_[i].As<Napi::Buffer<uint8_t>>();
}

bool Args::Boolean(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsBoolean()) Fail(i, name, "a boolean");
  return info_[i].As<Napi::Boolean>().Value();
}

Napi::Function Args::Function(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsFunction()) Fail(i, name, "a function");
  return info_[i].As<Napi::Function>();
}

Napi::Object Args::Object(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsObject() || info_[i].IsFunction() || info_[i].IsArray()) Fail(i, name, "an object");
  return info_[i].As<Napi::Object>();
}

int64_t Args::CheckInteger(Napi::Value v, const std::string& what, int64_t lo, int64_t hi) const {
  if (!v.IsNumber()) TypeFail(what, "a number", v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
    throw Napi::RangeError::New(info_.Env(), std::string(signature_) + ": " + what + " must be an integer from " +
                                                 std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                                                 Napi::Value(v).ToString().Utf8Value().substr(0, 40));
  }
  return static_cast<int64_t>(d);
}

int64_t Args::Integer(size_t i, const char* name, int64_t lo, int64_t hi) const {
  Napi::Value v = i < info_.Length() ? info_[i] : info_.Env().Undefined();
  return CheckInteger(v, "argument " + std::to_string(i + 1) + " (" + name + ")", lo, hi);
}

int64_t Args::IntegerField(Napi::Object options, const char* field, int64_t lo, int64_t hi, int64_t fallback) const {
  Napi::Value v = options.Get(field);
  if (v.IsUndefined()) return fallback;
  return CheckInteger(v, std::string("options.") + field, lo, hi);
}

Napi::Object Args::Instance(size_t i, const char* name, const Napi::FunctionReference& constructor, const char* what) const {
  if (i >= info_.Length() || !info_[i].IsObject() || !info_[i].As<Napi::Object>().InstanceOf(constructor.Value())) Fail(i, name, what);
  return info_[i].As<Napi::Object>();
}

}  // namespace gadgetry
