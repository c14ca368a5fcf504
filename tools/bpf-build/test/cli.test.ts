// The command as a gadget's build runs it: usage, bad options, and the
// checked-in event schema file created, kept, refused when stale, updated.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './buildFixtures.js';

// inside the workspace, so the gadget folder resolves @gadgetry/native-bpf's headers
const gadget = join(import.meta.dirname, '.generated', `gadget-${process.pid}`);
afterAll(() => rmSync(gadget, { recursive: true, force: true }));

function build(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: gadget, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const program = (members: string) => `#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/common.h>

struct event {
${members}
};

GADGET_EVENT_TYPE(event);
char LICENSE[] SEC("license") = "GPL";
`;

mkdirSync(join(gadget, 'src'), { recursive: true });
writeFileSync(join(gadget, 'package.json'), '{ "name": "gadget-cli-test", "private": true }\n');

describe('gadgetry-bpf-build usage', () => {
  it('prints its usage for --help and -h, and compiles nothing', () => {
    for (const flag of ['--help', '-h']) {
      const r = build(flag);
      expect(r.code, flag).toBe(0);
      expect(r.out).toMatch(/^Usage: gadgetry-bpf-build \[options\] \[source\.bpf\.c \[output\.bpf\.o\]\]\n/);
      expect(r.out).toContain('--update');
      expect(r.err).toBe('');
    }
    expect(existsSync(join(gadget, 'dist'))).toBe(false);
  });

  it('refuses an unknown option or too many arguments with one line and exit status 2', () => {
    expect(build('--bogus')).toEqual({ code: 2, out: '', err: 'gadgetry-bpf-build: unknown option "--bogus"; see gadgetry-bpf-build --help\n' });
    expect(build('a.c', 'b.o', 'c')).toMatchObject({ code: 2, err: 'gadgetry-bpf-build: too many arguments; expected [source.bpf.c [output.bpf.o]], see gadgetry-bpf-build --help\n' });
    expect(build('--schema')).toMatchObject({ code: 2, err: 'gadgetry-bpf-build: --schema needs a file name\n' });
    expect(build('missing.bpf.c')).toMatchObject({ code: 2, err: "gadgetry-bpf-build: missing.bpf.c does not exist (run in the gadget's folder, or pass the source path)\n" });
  });
});

describe('the checked-in event schema file', () => {
  const schema = join(gadget, 'src/event.generated.ts');

  it('is created by the first build, left alone while it matches, and refused once the struct changes', () => {
    writeFileSync(join(gadget, 'src/program.bpf.c'), program('\t__u32 pid;\n\tchar comm[16];'));
    const first = build();
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('gadgetry-bpf-build: created src/event.generated.ts');
    const text = readFileSync(schema, 'utf8');
    expect(text).toContain('  pid: Type.Integer(), // __u32 pid\n  comm: Type.String(), // char[16] comm\n');

    const again = build();
    expect(again.code).toBe(0);
    expect(again.out).not.toMatch(/created|updated/);

    writeFileSync(join(gadget, 'src/program.bpf.c'), program('\t__u32 pid;\n\t__u32 uid;\n\tchar comm[16];'));
    const stale = build();
    expect(stale.code).toBe(1);
    expect(stale.err).toBe(
      'gadgetry-bpf-build: src/event.generated.ts is out of date with the structs of dist/program.bpf.o (from line 6); run `npx gadgetry-bpf-build --update` and commit the new file\n',
    );
    expect(readFileSync(schema, 'utf8')).toBe(text); // the build did not change it

    const updated = build('--update');
    expect(updated.code).toBe(0);
    expect(updated.out).toContain('gadgetry-bpf-build: updated src/event.generated.ts');
    expect(readFileSync(schema, 'utf8')).toContain('  uid: Type.Integer(), // __u32 uid\n');
    expect(build().code).toBe(0);
  });

  it('is refused when edited by hand', () => {
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('Type.Integer(), // __u32 uid', 'Type.String(), // __u32 uid'));
    const r = build();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^gadgetry-bpf-build: src\/event\.generated\.ts is out of date/);
  });

  it('refuses a struct no event can be generated from, naming the member', () => {
    writeFileSync(join(gadget, 'src/program.bpf.c'), program('\t__u32 pid;\n\tfloat load;'));
    const r = build('--update');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'gadgetry-bpf-build: struct event: member load is a floating-point number, which the decoder does not read; send an integer (e.g. scaled); or start its name with _ to leave it out of the event\n',
    );
  });

  it('is not written with --no-schema, nor for a source given on the command line', () => {
    rmSync(schema);
    writeFileSync(join(gadget, 'src/program.bpf.c'), program('\t__u32 pid;'));
    expect(build('--no-schema').code).toBe(0);
    expect(build('src/program.bpf.c', 'dist/other.bpf.o').code).toBe(0);
    expect(existsSync(schema)).toBe(false);
    expect(build('--schema', 'src/x.generated.ts', 'src/program.bpf.c').code).toBe(0);
    expect(readFileSync(join(gadget, 'src/x.generated.ts'), 'utf8')).toContain('export const eventStruct');
  });
});
