#include "BpfError.h"

#include <bpf/libbpf.h>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace gadgetry {
namespace {

std::mutex logMutex;
std::string logText;
constexpr size_t kLogLimit = 64 * 1024;

int CollectLibbpfPrint(enum libbpf_print_level level, const char* fmt, va_list args) {
  if (level == LIBBPF_DEBUG) return 0;
  char line[4096];
  int n = vsnprintf(line, sizeof line, fmt, args);
  if (n <= 0) return 0;
  std::lock_guard<std::mutex> lock(logMutex);
  logText.append(line, std::min<size_t>(n, sizeof line - 1));
  if (logText.size() > kLogLimit) logText.erase(0, logText.size() - kLogLimit);
  return 0;
}

}  // namespace

void InstallLibbpfLog() { libbpf_set_print(CollectLibbpfPrint); }

void ClearLibbpfLog() {
  std::lock_guard<std::mutex> lock(logMutex);
  logText.clear();
}

std::string LibbpfLogTail(size_t maxBytes) {
  std::lock_guard<std::mutex> lock(logMutex);
  if (logText.size() <= maxBytes) return logText;
  return "..." + logText.substr(logText.size() - maxBytes);
}

std::string DescribeErrno(int err) {
  int e = err < 0 ? -err : err;
  // libbpf_strerror knows libbpf's own codes (LIBBPF_ERRNO__*, from 4000) as well as errno values.
  char text[256];
  if (libbpf_strerror(e, text, sizeof text) != 0) snprintf(text, sizeof text, "unknown error");
  bool own = e >= __LIBBPF_ERRNO__START && e < __LIBBPF_ERRNO__END;
  return std::string(text) + (own ? " (libbpf error " : " (errno ") + std::to_string(e) + ")";
}

void ThrowBpfError(Napi::Env env, const char* code, const std::string& what, int err) {
  int e = err < 0 ? -err : err;
  std::string message = what;
  if (e) message += ": " + DescribeErrno(e);
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  error.Set("errno", Napi::Number::New(env, e));
  error.Set("libbpfLog", Napi::String::New(env, LibbpfLogTail(16 * 1024)));
  throw error;
}

}  // namespace gadgetry
