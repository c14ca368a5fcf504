// Describes BTF types (struct layouts, global variables) as plain JavaScript objects.
#pragma once
#include <napi.h>

struct btf;

namespace gadgetry {

class BtfLayout {
 public:
  explicit BtfLayout(const struct btf* btf) : btf_(btf) {}
  // { name, size, members: [{ name, offset, size, type }] } or undefined when absent.
  Napi::Value Struct(Napi::Env env, const std::string& name) const;
  // Where a global variable lives: the datasec name, offset and size. False when absent.
  bool FindGlobal(const std::string& name, std::string* section, unsigned* offset, unsigned* size) const;
  // Every global in every data section: [{ name, section, offset, size, type }].
  Napi::Value Globals(Napi::Env env) const;

 private:
  Napi::Object DescribeType(Napi::Env env, int typeId, int depth) const;
  const struct btf* btf_;
};

}  // namespace gadgetry
