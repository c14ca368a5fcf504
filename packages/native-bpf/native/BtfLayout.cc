#include "BtfLayout.h"

#include <bpf/btf.h>

namespace gadgetry {

Napi::Object BtfLayout::DescribeType(Napi::Env env, int typeId, int depth) const {
  Napi::Object out = Napi::Object::New(env);
  int id = btf__resolve_type(btf_, typeId);
  const struct btf_type* t = id >= 0 ? btf__type_by_id(btf_, id) : nullptr;
  if (!t || depth > 8) {
    out.Set("kind", "unknown");
    return out;
  }
  const char* typeName = btf__name_by_offset(btf_, t->name_off);
  out.Set("name", Napi::String::New(env, typeName ? typeName : ""));
  long long size = btf__resolve_size(btf_, id);
  out.Set("size", Napi::Number::New(env, size < 0 ? 0 : static_cast<double>(size)));
  if (btf_is_int(t)) {
    __u8 enc = btf_int_encoding(t);
    out.Set("kind", enc & BTF_INT_BOOL ? "bool" : "int");
    out.Set("signed", Napi::Boolean::New(env, (enc & BTF_INT_SIGNED) != 0));
    out.Set("char", Napi::Boolean::New(env, (enc & BTF_INT_CHAR) != 0 || (typeName && std::string(typeName).find("char") != std::string::npos)));
  } else if (btf_is_enum(t) || btf_is_ptr(t)) {
    out.Set("kind", "int");
    out.Set("signed", Napi::Boolean::New(env, false));
  } else if (btf_is_array(t)) {
    const struct btf_array* a = btf_array(t);
    out.Set("kind", "array");
    out.Set("count", Napi::Number::New(env, a->nelems));
    out.Set("element", DescribeType(env, a->type, depth + 1));
  } else if (btf_is_composite(t)) {
    out.Set("kind", btf_is_struct(t) ? "struct" : "union");
    Napi::Array members = Napi::Array::New(env);
    const struct btf_member* m = btf_members(t);
    for (unsigned i = 0; i < btf_vlen(t); i++, m++) {
      Napi::Object member = Napi::Object::New(env);
      const char* name = btf__name_by_offset(btf_, m->name_off);
      member.Set("name", Napi::String::New(env, name ? name : ""));
      member.Set("offset", Napi::Number::New(env, btf_member_bit_offset(t, i) / 8));
      member.Set("bitfield", Napi::Number::New(env, btf_member_bitfield_size(t, i)));
      member.Set("type", DescribeType(env, m->type, depth + 1));
      members.Set(i, member);
    }
    out.Set("members", members);
  } else {
    out.Set("kind", "other");
  }
  return out;
}

Napi::Value BtfLayout::Struct(Napi::Env env, const std::string& name) const {
  if (!btf_) return env.Undefined();
  int id = btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_STRUCT);
  if (id < 0) return env.Undefined();
  Napi::Object t = DescribeType(env, id, 0);
  t.Set("name", Napi::String::New(env, name));
  return t;
}

bool BtfLayout::FindGlobal(const std::string& name, std::string* section, unsigned* offset, unsigned* size) const {
  if (!btf_) return false;
  unsigned n = btf__type_cnt(btf_);
  for (unsigned id = 1; id < n; id++) {
    const struct btf_type* t = btf__type_by_id(btf_, id);
    if (!btf_is_datasec(t)) continue;
    const struct btf_var_secinfo* v = btf_var_secinfos(t);
    for (unsigned i = 0; i < btf_vlen(t); i++, v++) {
      const struct btf_type* var = btf__type_by_id(btf_, v->type);
      if (!btf_is_var(var) || name != btf__name_by_offset(btf_, var->name_off)) continue;
      *section = btf__name_by_offset(btf_, t->name_off);
      *offset = v->offset;
      *size = v->size;
      return true;
    }
  }
  return false;
}

Napi::Value BtfLayout::Globals(Napi::Env env) const {
  Napi::Array out = Napi::Array::New(env);
  if (!btf_) return out;
  unsigned n = btf__type_cnt(btf_);
  uint32_t k = 0;
  for (unsigned id = 1; id < n; id++) {
    const struct btf_type* t = btf__type_by_id(btf_, id);
    if (!btf_is_datasec(t)) continue;
    const char* section = btf__name_by_offset(btf_, t->name_off);
    const struct btf_var_secinfo* v = btf_var_secinfos(t);
    for (unsigned i = 0; i < btf_vlen(t); i++, v++) {
      const struct btf_type* var = btf__type_by_id(btf_, v->type);
      if (!btf_is_var(var)) continue;
      Napi::Object g = Napi::Object::New(env);
      g.Set("name", Napi::String::New(env, btf__name_by_offset(btf_, var->name_off)));
      g.Set("section", Napi::String::New(env, section ? section : ""));
      g.Set("offset", Napi::Number::New(env, v->offset));
      g.Set("size", Napi::Number::New(env, v->size));
      g.Set("type", DescribeType(env, var->type, 0));
      out.Set(k++, g);
    }
  }
  return out;
}

}  // namespace gadgetry
