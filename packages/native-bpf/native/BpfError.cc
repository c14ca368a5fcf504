#include "BpfError.h"

#include <bpf/libbpf.h>

#include <cstdio>

namespace gadgetry {

std::string DescribeErrno(int err) {
  int e = err < 0 ? -err : err;
  // libbpf_strerror knows libbpf's own codes (LIBBPF_ERRNO__*, from 4000) as well as errno values.
  char text[256];
  if (libbpf_strerror(e, text, sizeof text) != 0) snprintf(text, sizeof text, "unknown error");
  bool own = e >= __LIBBPF_ERRNO__START && e < __LIBBPF_ERRNO__END;
  return std::string(text) + (own ? " (libbpf error " : " (errno ") + std::to_string(e) + ")";
}

Napi::Error BpfErrorValue(Napi::Env env, ErrorCode code, const std::string& what, int err, const std::string& libbpfLog) {
  int e = err < 0 ? -err : err;
  std::string message = what;
  if (e) message += ": " + DescribeErrno(e);
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("what", Napi::String::New(env, what));
  error.Set("code", Napi::String::New(env, code.Name()));
  error.Set("errno", Napi::Number::New(env, e));
  error.Set("libbpfLog", Napi::String::New(env, libbpfLog));
  return error;
}

void ThrowBpfError(Napi::Env env, ErrorCode code, const std::string& what, int err, const std::string& libbpfLog) {
  throw BpfErrorValue(env, code, what, err, libbpfLog);
}

void ThrowClosed(Napi::Env env, const std::string& what) {
  ThrowBpfError(env, Code::BPF_OBJECT_CLOSED, what + " is closed (it, or the collection it came from, was closed) and cannot be used any more", 0);
}

}  // namespace gadgetry
