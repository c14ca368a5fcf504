/** Where in Gadgetry an error comes from: docs/errors.md groups the codes by it. */
export const ERROR_AREAS = ['command line', 'discovery', 'loading', 'run', 'event path', 'kernel', 'native addon', 'generator', 'build', 'remote', 'kubernetes'] as const;
export type ErrorArea = (typeof ERROR_AREAS)[number];

/**
 * What an error means for the exit status: `usage` when the user asked for
 * something wrong (exit 2), `failure` when the run could not do its work (exit 1).
 */
export type ExitClass = 'usage' | 'failure';

export interface ErrorCodeInfo {
  area: ErrorArea;
  exit: ExitClass;
  /** What happened, in a sentence. */
  meaning: string;
  /** What the user does about it. */
  fix: string;
}

/**
 * Every error code Gadgetry's own packages use, with what it means and what
 * the user does about it. The C++ addon's codes are generated from this list
 * (native-bpf's build writes ErrorCodes.h), docs/errors.md is generated from
 * it (tools/error-codes), and a test scans the sources for codes missing here.
 */
export const ERROR_CODES = {
  // command line
  USAGE: { area: 'command line', exit: 'usage',
    meaning: 'The command line is malformed: an unknown command or option, an option without its value, an unknown output format or field, a bad --timeout.',
    fix: 'Correct what the message names; gadgetry --help and gadgetry <command> --help list the commands and options.' },
  PARAM_INVALID: { area: 'command line', exit: 'usage',
    meaning: 'A gadget or operator param has a value it does not accept: wrong type, out of range, not one of the allowed values, or a --filter or --sort expression it cannot read.',
    fix: 'gadgetry describe <gadget> lists every param with its type, range and default; give a value it allows.' },
  GADGET_NOT_FOUND: { area: 'command line', exit: 'usage',
    meaning: 'No installed gadget has this name.',
    fix: 'gadgetry list shows the installed gadgets; install the gadget package (npm i @gadgetry/gadget-<name>) or pass its folder with --gadget-path.' },

  // discovery
  PACKAGE_JSON_UNREADABLE: { area: 'discovery', exit: 'failure',
    meaning: 'A package.json in a folder gadgets are searched in cannot be read (not a regular file, too large, no permission) or is not valid JSON; the package is skipped.',
    fix: 'Repair or reinstall the package named in the warning, or remove it from the search folder.' },
  MANIFEST_INVALID: { area: 'discovery', exit: 'failure',
    meaning: 'The gadgetry field of a package.json does not follow the manifest schema (name, kind, entry, sdk, description, category, type, appliesTo).',
    fix: 'Correct the field the message names (docs/writing-a-gadget.md shows a complete manifest), or reinstall the package.' },
  SDK_INCOMPATIBLE: { area: 'discovery', exit: 'failure',
    meaning: 'The package was built for a range of @gadgetry/sdk that does not include the SDK this runtime provides.',
    fix: 'Upgrade the package or the runtime (gadgetry version shows the SDK it provides) so that the range includes it.' },
  GADGET_SHADOWED: { area: 'discovery', exit: 'failure',
    meaning: 'Two installed packages offer a gadget of the same name and nothing says which one to use; run and describe refuse it.',
    fix: 'Remove one of the two packages, or pass the folder of the one you want with --gadget-path.' },
  OPERATOR_SHADOWED: { area: 'discovery', exit: 'failure',
    meaning: 'Two installed packages offer an operator package of the same name and nothing says which one to use; runs it applies to are refused.',
    fix: 'Remove one of the two packages, or pass the folder of the one you want with --gadget-path.' },
  GADGET_OVERRIDDEN: { area: 'discovery', exit: 'failure',
    meaning: 'A warning: a gadget from a folder given with --gadget-path or GADGETRY_PATH is used instead of an installed gadget of the same name.',
    fix: 'Nothing, if that is the one you want; remove one of the two to silence the warning.' },
  GADGET_PATH_MISSING: { area: 'discovery', exit: 'failure',
    meaning: 'A warning: a folder given with --gadget-path or GADGETRY_PATH does not exist (or is not a folder), so nothing was found in it.',
    fix: 'Check the path for a typo; it names a node_modules-like folder of packages, or one package folder.' },
  OPERATOR_OVERRIDDEN: { area: 'discovery', exit: 'failure',
    meaning: 'A warning: an operator package from a folder given with --gadget-path or GADGETRY_PATH is used instead of an installed one of the same name.',
    fix: 'Nothing, if that is the one you want; remove one of the two to silence the warning.' },

  // loading
  UNTRUSTED_PATH: { area: 'loading', exit: 'failure',
    meaning: 'Code was not imported because its file, its package folder or a folder above them is owned by another user or writable by group or others.',
    fix: 'Fix the ownership or mode the message names (e.g. chmod go-w DIR); docs/security.md has the rules.' },
  GADGET_LOAD_FAILED: { area: 'loading', exit: 'failure',
    meaning: 'The entry module of a gadget or operator package is missing, fails to import, or does not export a descriptor made with defineGadget() or defineOperator().',
    fix: 'Rebuild or reinstall the package; gadgetry -v shows the import error in full.' },
  GADGET_NOT_BUILT: { area: 'loading', exit: 'failure',
    meaning: 'The package\'s build output is missing: its entry (dist/index.js) or a file it imports from its own folder does not exist, because the package was never built.',
    fix: 'Build it: run npm run build in the package folder the message names (gadgets also need clang for their BPF object).' },
  MANIFEST_MISMATCH: { area: 'loading', exit: 'failure',
    meaning: 'The gadgetry field of a package.json says something (name, description, category, type) its descriptor does not: list would show one gadget and run another.',
    fix: 'Make the manifest and the descriptor equal, then rebuild the package.' },
  OPERATOR_DEPENDENCY: { area: 'loading', exit: 'failure',
    meaning: 'An operator depends on an operator that is not installed, or operators depend on each other in a cycle.',
    fix: 'Install the operator package it names, or fix the dependencies of the operators involved.' },

  // run
  GADGET_STEP_FAILED: { area: 'run', exit: 'failure',
    meaning: 'A step of the gadget\'s lifecycle (init, start, stop, ...) threw an error that has no code of its own; the message names the gadget and the step.',
    fix: 'gadgetry -v shows the error\'s details; if they point at the gadget itself, report it to its authors.' },
  FILTER_UNSUPPORTED: { area: 'run', exit: 'failure',
    meaning: 'The run asked for a filter in the kernel (e.g. --containername) that the gadget or its BPF object cannot apply.',
    fix: 'Run without that filter (--filter filters in user space), or use a gadget that supports it; gadget authors include <gadgetry/mntns_filter.h>.' },

  // event path
  GADGET_EVENT_FAILED: { area: 'event path', exit: 'failure',
    meaning: 'The gadget\'s own event code (its reader, decoder or computed fields) failed while producing events; the run stopped and cleaned up.',
    fix: 'gadgetry -v shows the cause; report it to the gadget\'s authors with that output.' },
  OPERATOR_FAILED: { area: 'event path', exit: 'failure',
    meaning: 'An operator threw while enriching or processing events; the message names the operator.',
    fix: 'gadgetry -v shows the cause; report it to the operator\'s authors, or remove its package to run without it.' },
  ELF_UNREADABLE: { area: 'run', exit: 'failure',
    meaning: 'A file a profiled process maps is not an ELF file the symbolizer can read (not 64-bit little-endian, truncated, a table out of bounds or too large); its frames show as [unknown] with the file\'s name and the run goes on.',
    fix: 'Nothing to do for the run; the profile counts such frames. Report it when a normal binary or library gives it.' },
  EVENT_SCHEMA_MISMATCH: { area: 'event path', exit: 'failure',
    meaning: 'With --strict, an event did not match the gadget\'s event schema; the message names the field and the problem.',
    fix: 'Report it to the gadget\'s authors; without --strict such events are counted and passed on.' },
  FIELD_NOT_FILLED: { area: 'event path', exit: 'failure',
    meaning: 'A field the gadget computes, or one an operator declares, was not set on an event; with --strict or GADGETRY_STRICT=1 this fails the run, otherwise it is warned about once and shows as empty.',
    fix: 'Report it to the gadget\'s or operator\'s authors; authors set every declared field on every event ("" or 0 for none).' },
  OUTPUT_FAILED: { area: 'event path', exit: 'failure',
    meaning: 'Writing the events failed (a full disk, a closed file) or a caller\'s events listener threw.',
    fix: 'Free space or fix where the output goes; library users fix the listener the message names.' },
  EVENT_PIPELINE_FAILED: { area: 'event path', exit: 'failure',
    meaning: 'The runtime\'s event pipeline itself failed on an event.',
    fix: 'A bug in Gadgetry: report it with the output of gadgetry -v.' },

  // kernel
  BPF_ERROR: { area: 'kernel', exit: 'failure',
    meaning: 'The kernel side failed in a way that has no more specific code.',
    fix: 'gadgetry -v shows what libbpf said; gadgetry doctor checks the host.' },
  PRIVILEGES_MISSING: { area: 'kernel', exit: 'failure',
    meaning: 'Loading BPF programs needs root, or CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN.',
    fix: 'Run as root (sudo).' },
  BTF_MISSING: { area: 'kernel', exit: 'failure',
    meaning: 'The kernel exposes no BTF at /sys/kernel/btf/vmlinux, which CO-RE gadgets need.',
    fix: 'Use a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distribution kernels are).' },
  MOUNT_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'tracefs or bpffs is not mounted and mounting it failed.',
    fix: 'Mount it as the message says (mount -t tracefs none /sys/kernel/tracing), or run as root.' },
  BPF_OPEN_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'libbpf could not open the BPF object: the file is missing, corrupt, or not a BPF ELF object.',
    fix: 'Rebuild the gadget or reinstall its package.' },
  BPF_LOAD_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'The kernel refused to load the BPF object; for a program the verifier rejected, the message gives its reason.',
    fix: 'gadgetry -v prints libbpf\'s and the verifier\'s log; a gadget written for other kernels may need a newer one.' },
  BPF_ATTACH_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A loaded program could not be attached to its hook (tracepoint, kprobe, perf event, socket).',
    fix: 'Check that this kernel has the hook (gadgetry doctor; tracefs must be mounted for tracepoints).' },
  UPROBE_BINARY_NOT_FOUND: { area: 'kernel', exit: 'usage',
    meaning: 'A uprobe was to be attached to a binary (executable or shared library) that does not exist or is not a regular file.',
    fix: 'Give the path of an existing ELF file (--binary), or the pid of a process that maps the library (--pid).' },
  UPROBE_SYMBOL_NOT_FOUND: { area: 'kernel', exit: 'usage',
    meaning: 'A uprobe was to be attached to a function the binary does not have in its symbol tables.',
    fix: 'Check the binary (nm -D <binary> lists its dynamic symbols): a stripped or statically linked program may not have the function under that name.' },
  UPROBE_PID_NOT_FOUND: { area: 'kernel', exit: 'usage',
    meaning: 'A uprobe was to be attached for one process, and no process has that pid.',
    fix: 'Give the pid of a running process (ps shows them).' },
  BPF_PROGRAM_NOT_FOUND: { area: 'kernel', exit: 'failure',
    meaning: 'The BPF object has no program of the name the gadget asked for.',
    fix: 'The gadget and its BPF object do not match: rebuild the gadget.' },
  BPF_NOT_LOADED: { area: 'kernel', exit: 'failure',
    meaning: 'A program was attached before its object was loaded into the kernel.',
    fix: 'A bug in the gadget: load the object before attaching.' },
  BPF_ALREADY_LOADED: { area: 'kernel', exit: 'failure',
    meaning: 'The object was loaded already, or a global was set after load.',
    fix: 'A bug in the gadget: set globals before load(), and load once.' },
  BPF_OBJECT_BUSY: { area: 'kernel', exit: 'failure',
    meaning: 'The object was used while loadAsync() was still verifying it.',
    fix: 'A bug in the gadget: await loadAsync() before using the object.' },
  BPF_OBJECT_CLOSED: { area: 'kernel', exit: 'failure',
    meaning: 'A map, link or reader was used after its collection was closed.',
    fix: 'A bug in the gadget: stop using handles once the collection is closed.' },
  BPF_GLOBAL_NOT_FOUND: { area: 'kernel', exit: 'failure',
    meaning: 'The BPF object has no const volatile global of the name the gadget set.',
    fix: 'The gadget and its BPF object do not match: rebuild the gadget.' },
  BPF_GLOBAL_SIZE: { area: 'kernel', exit: 'failure',
    meaning: 'The value for a global has another size than the global in the BPF object.',
    fix: 'The gadget and its BPF object do not match: rebuild the gadget.' },
  BPF_GLOBAL_INVALID: { area: 'kernel', exit: 'failure',
    meaning: 'A value cannot be stored in a global of that type (out of range, not a number, wrong kind).',
    fix: 'Give a value of the param\'s type and range (gadgetry describe <gadget>); gadget authors check configure().' },
  BPF_GLOBAL_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'libbpf could not set a global variable of the object.',
    fix: 'gadgetry -v shows libbpf\'s reason; rebuild the gadget.' },
  BPF_MAP_NOT_FOUND: { area: 'kernel', exit: 'failure',
    meaning: 'The BPF object has no map of the name the gadget asked for.',
    fix: 'The gadget and its BPF object do not match: rebuild the gadget.' },
  BPF_MAP_TYPE: { area: 'kernel', exit: 'failure',
    meaning: 'A map is not of the type asked for (a ring buffer or a perf event array).',
    fix: 'The gadget and its BPF object do not match: rebuild the gadget.' },
  BPF_MAP_RESIZE_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'libbpf could not change a map\'s size (e.g. the ring buffer size from --buffer-kb).',
    fix: 'Choose another size (a power of two for ring buffers); gadgetry -v shows libbpf\'s reason.' },
  BPF_STATS_REFUSED: { area: 'kernel', exit: 'failure',
    meaning: 'The kernel refused to count BPF programs\' run time (BPF_ENABLE_STATS) for --stats; run counts and map memory are still reported, run time is shown as unavailable.',
    fix: 'Run as root (CAP_SYS_ADMIN), or turn counting on for the whole host (sysctl kernel.bpf_stats_enabled=1).' },
  BPF_INFO_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'The kernel did not describe a loaded program or map (BPF_OBJ_GET_INFO_BY_FD) when --stats read its cost.',
    fix: 'gadgetry -v shows the errno; report it to the runtime\'s authors with the kernel version.' },
  BPF_MAP_LOOKUP_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'Reading an entry of a BPF map failed.',
    fix: 'gadgetry -v shows the errno; report it to the gadget\'s authors.' },
  BPF_MAP_UPDATE_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'Writing an entry of a BPF map failed (e.g. the map is full).',
    fix: 'gadgetry -v shows the errno; a full map needs a larger size.' },
  BPF_MAP_DELETE_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'Deleting an entry of a BPF map failed.',
    fix: 'gadgetry -v shows the errno; report it to the gadget\'s authors.' },
  BPF_MAP_ITERATE_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'Walking the keys of a BPF map failed.',
    fix: 'gadgetry -v shows the errno; report it to the gadget\'s authors.' },
  BPF_MAP_BATCH_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A batch read of a BPF map failed.',
    fix: 'gadgetry -v shows the errno; report it to the gadget\'s authors.' },
  BPF_MAP_TAKE_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'Taking (reading and deleting) the entries of a BPF map failed.',
    fix: 'gadgetry -v shows the errno; report it to the gadget\'s authors.' },
  BPF_MAP_TAKE_UNSUPPORTED: { area: 'kernel', exit: 'failure',
    meaning: 'This kernel can neither batch nor one by one read-and-delete entries of this map type, so interval counts cannot be taken exactly.',
    fix: 'Use a hash map for interval counters, or a kernel of 5.6 or later (batch lookup-and-delete).' },
  BPF_HOOK_MISSING: { area: 'kernel', exit: 'failure',
    meaning: 'A program the gadget needs hooks a tracepoint, kernel function or iterator that does not exist on this kernel.',
    fix: 'The message names the hook and the kernel version that has it; run the gadget on such a kernel (gadgetry doctor lists what this one offers).' },
  KERNEL_TOO_OLD: { area: 'kernel', exit: 'failure',
    meaning: 'The gadget states a minimum kernel version, and this kernel is older.',
    fix: 'Run the gadget on a kernel at least as new as the message says.' },
  BPF_ITER_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A BPF iterator could not be created or read.',
    fix: 'gadgetry -v shows libbpf\'s reason; the kernel may lack this iterator type.' },
  BPF_ITER_NETNS_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A BPF iterator over sockets could not be created inside a network namespace: its namespace file could not be opened (every process in it exited) or entered.',
    fix: 'A namespace that vanished meanwhile needs nothing; otherwise check the path or fd names a network namespace (/proc/PID/ns/net) and that you run as root.' },
  PACKET_SOCKET_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A packet socket (AF_PACKET) could not be opened, bound, set up or read.',
    fix: 'Run as root (packet sockets need CAP_NET_RAW); the message names the step and the errno.' },
  PACKET_NETNS_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A packet socket could not be opened inside a network namespace: its namespace file could not be opened (every process in it exited) or entered.',
    fix: 'A namespace that vanished meanwhile needs nothing; otherwise check the path or fd names a network namespace (/proc/PID/ns/net) and that you run as root.' },
  PERF_EVENT_OPEN_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'perf_event_open failed for the event a program samples on.',
    fix: 'Check that the kernel has the event (virtual machines often have software events only) and that you run as root.' },
  PERFBUF_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A perf buffer could not be opened on its map.',
    fix: 'gadgetry -v shows libbpf\'s reason; raise the memlock limit or run as root.' },
  RINGBUF_FAILED: { area: 'kernel', exit: 'failure',
    meaning: 'A ring buffer reader could not be opened on its map.',
    fix: 'gadgetry -v shows libbpf\'s reason; raise the memlock limit or run as root.' },
  BTF_TYPE_NOT_FOUND: { area: 'kernel', exit: 'failure',
    meaning: 'The BPF object\'s BTF has no struct of the name the gadget decodes events with.',
    fix: 'The gadget and its BPF object do not match: rebuild the gadget.' },
  SCHEMA_BTF_MISMATCH: { area: 'kernel', exit: 'failure',
    meaning: 'The gadget\'s event schema and the event struct in its BPF object disagree; the message names the field.',
    fix: 'Rebuild the gadget so its schema is generated from the struct again.' },
  RECORD_TRUNCATED: { area: 'kernel', exit: 'failure',
    meaning: 'A record from the kernel is shorter than the event struct needs.',
    fix: 'The gadget and its BPF object do not match: rebuild the gadget.' },

  // native addon
  ADDON_MISSING: { area: 'native addon', exit: 'failure',
    meaning: 'The native-bpf package has no native addon for this platform: no prebuilt binary in its prebuilds/<platform> folder and no source build. The message names the platform and the platforms it has binaries for.',
    fix: 'Build it from source with the command the message gives (node <package>/scripts/build-addon.mjs; needs g++, pkg-config, libbpf-dev, libelf-dev, zlib1g-dev).' },
  ADDON_LOAD_FAILED: { area: 'native addon', exit: 'failure',
    meaning: 'The native addon is there but Node.js cannot load it, e.g. the prebuilt binary needs a newer glibc than the host has; the message says why.',
    fix: 'Build it from source with the command the message gives (node <package>/scripts/build-addon.mjs), which the loader then prefers.' },
  LIBBPF_MISSING: { area: 'native addon', exit: 'failure',
    meaning: 'An addon built from source on this host links the shared libbpf, which is not installed (the prebuilt binaries need no libbpf).',
    fix: 'Install it: apt-get install libbpf1.' },
  UV_LOOP: { area: 'native addon', exit: 'failure',
    meaning: 'The addon found no libuv event loop to watch a buffer on.',
    fix: 'A bug in Gadgetry or in the embedding: report it.' },
  UV_POLL_FAILED: { area: 'native addon', exit: 'failure',
    meaning: 'The event loop could not watch a ring or perf buffer\'s file descriptor.',
    fix: 'The process may be out of file descriptors: raise ulimit -n.' },

  // headless runs (kept by an agent)
  RUN_NAME_TAKEN: { area: 'remote', exit: 'usage',
    meaning: 'A headless run with this name is already kept by the agent.',
    fix: 'Pick another --name, or remove the old run first with gadgetry rm <name>; gadgetry ps lists the names in use.' },
  RUN_NOT_FOUND: { area: 'remote', exit: 'usage',
    meaning: 'The agent keeps no headless run with this name.',
    fix: 'gadgetry ps lists the headless runs the agent keeps.' },
  // agent and remote runs (gadgetry serve, --remote)

  // Kubernetes (chart, kubectl plugin, enricher)

  // generator
  GENERATOR_INVALID: { area: 'generator', exit: 'usage',
    meaning: 'npm create @gadgetry/gadget was given a name, template, category or folder it cannot use.',
    fix: 'Correct what the message names; create-gadgetry-gadget --help lists the options.' },
  // gadgetry-bpf-build
  TOOL_MISSING: { area: 'build', exit: 'failure',
    meaning: 'gadgetry-bpf-build needs clang, llvm-strip or bpftool, and one of them is not installed.',
    fix: 'Install what the message names (apt-get install clang llvm bpftool), or set GADGETRY_VMLINUX_H to a vmlinux.h made elsewhere.' },
  COMPILE_FAILED: { area: 'build', exit: 'failure',
    meaning: 'clang refused the gadget\'s BPF program.',
    fix: 'Fix the C source at the places clang\'s messages (printed above the error) point to.' },
  BTF_INVALID: { area: 'build', exit: 'failure',
    meaning: 'The compiled object\'s BTF cannot be read, so the event schema cannot be generated.',
    fix: 'Rebuild with the clang the guide names (it must emit BTF: -g); report it if a fresh build fails the same way.' },
  EVENT_UNSUPPORTED: { area: 'build', exit: 'failure',
    meaning: 'An event struct has a member no event field can hold (a union, a bitfield, a float, an array of structs, an anonymous member).',
    fix: 'Change the member the message names into integers, char arrays or nested structs; docs/writing-a-gadget.md lists what maps to what.' },
  SCHEMA_STALE: { area: 'build', exit: 'failure',
    meaning: 'The checked-in event schema file no longer matches the structs in the BPF object.',
    fix: 'Run npx gadgetry-bpf-build --update and commit the generated file.' },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A code from the list; any other string is a type error where an ErrorCode is expected. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is one of the listed codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The CLI's exit status for an error with this code: 2 for usage codes, 1 for everything else (foreign codes too). */
export function exitStatusOfCode(code: unknown): 1 | 2 {
  return isErrorCode(code) && ERROR_CODES[code].exit === 'usage' ? 2 : 1;
}
