// Carries errno and libbpf's own messages into JavaScript errors.
#pragma once
#include <napi.h>
#include <string>

namespace gadgetry {

// Installs a libbpf print callback that keeps the most recent messages, so a
// failure can quote what libbpf (and the verifier) said about it.
void InstallLibbpfLog();
// Forgets collected messages; called before an operation whose failure we report.
void ClearLibbpfLog();
std::string LibbpfLogTail(size_t maxBytes);

// errno or libbpf's own error code (LIBBPF_ERRNO__*) in words, with the number:
// "BPF object format invalid (libbpf error 4001)", "Permission denied (errno 1)".
std::string DescribeErrno(int err);

// Throws a JavaScript Error with `code`, `errno` and libbpf's messages attached.
[[noreturn]] void ThrowBpfError(Napi::Env env, const char* code, const std::string& what, int err);

}  // namespace gadgetry
