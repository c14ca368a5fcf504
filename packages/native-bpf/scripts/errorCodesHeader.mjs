// Writes ErrorCodes.h, the C++ side of @gadgetry/errors' code list: the addon
// throws with Code::<NAME>, so a code the list does not have cannot compile.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The header's text for these codes (the names of ERROR_CODES). */
export function errorCodesHeader(codes) {
  const constants = codes.map((code) => {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code ${JSON.stringify(code)} is not a C++ identifier`);
    return `  static constexpr ErrorCode ${code}{"${code}"};`;
  });
  return `// Generated from @gadgetry/errors by scripts/build-addon.mjs; do not edit.
#pragma once

namespace gadgetry {

// One of the error codes of @gadgetry/errors (docs/errors.md). Only the
// constants of Code make one: a plain string, or a name not in the list,
// does not compile.
class ErrorCode {
 public:
  constexpr const char* Name() const { return name_; }

 private:
  constexpr explicit ErrorCode(const char* name) : name_(name) {}
  const char* name_;
  friend struct Code;
};

struct Code {
${constants.join('\n')}
};

}  // namespace gadgetry
`;
}

/** Writes the header to `path` when its text changed (so an unchanged list does not rebuild the addon); true when it wrote. */
export function writeErrorCodesHeader(path, codes) {
  const text = errorCodesHeader(codes);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}
