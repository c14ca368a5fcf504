export const GLOBAL_HELP = `gadgetry: run eBPF gadgets from npm packages

Usage:
  gadgetry <command> [options]

Commands:
  run <gadget> [params]   Run a gadget and print its events
  list                    List installed gadgets and operators (reads manifests only)
  describe <gadget>       Show a gadget's params and event fields
  list-containers         List the containers events are matched against
  serve                   Run a node agent: serve this host's gadgets to gadgetry run --remote
  doctor                  Check this host can run gadgets (privileges, BTF, tracefs, libbpf)
  version                 Print the runtime and SDK versions
  help [command]          Show help for a command

Options for every command:
  --gadget-path <dir>     Also look for gadget packages in <dir> (repeatable; env GADGETRY_PATH)
  -v, --verbose           Print lifecycle steps and debug messages on stderr
  -h, --help              Show help

Examples:
  gadgetry list
  gadgetry describe trace_exec
  gadgetry run trace_exec --timeout 5
  gadgetry run trace_open --failed -o json
  gadgetry run trace_exec --containername web --filter 'user:!root'
  gadgetry run snapshot_process --sort -threads --max-rows 10
  gadgetry run trace_exec --remote node1:7411,node2:7411 --tls-ca ca.pem --tls-cert me.pem --tls-key me.key
`;

const REMOTE_OPTIONS = `  --remote <addr,...>     Run on agents (gadgetry serve) instead of this host: unix:///path or
                          host:port, comma-separated or repeated. The output gains a node
                          column (json: a "node" field); a node that fails or goes away is
                          reported on one line and the others go on
  --tls-ca <file>         For host:port agents: the CA that signed the agents' certificates
  --tls-cert <file>       and this client's certificate and key (PEM), signed by the CA the
  --tls-key <file>        agents were given as --tls-client-ca
`;

export const RUN_HELP = `Usage:
  gadgetry run <gadget> [params] [options]

Runs a gadget until --timeout passes or Ctrl-C (one-shot gadgets stop by themselves).
Each gadget has its own params: see 'gadgetry describe <gadget>' or 'gadgetry run <gadget> --help'.

Options:
  -o, --output <format>   columns (default), json (one object per line), jsonpretty, yaml;
                          gadgets whose result is a stack profile (profile_cpu) also take
                          folded (one line per stack, for flamegraph.pl and speedscope)
  --flamegraph <file>     Stack-profile gadgets: also write a flame graph, .svg or .html
  --fields <a,b,...>      Show only these fields, in this order (columns, json and yaml)
  --timestamp-format <f>  How columns show timestamps: time (default, 15:04:05.000000, local),
                          rfc3339 (UTC, with ns) or raw (ns since boot); json and yaml always
                          write RFC 3339 under the field's name and ns since boot under <field>Raw
  --timeout <seconds>     Stop after this many seconds (default: run until Ctrl-C)
  --trace-self            Also report gadgetry's own process (left out in the kernel by default)
  --strict                Fail the run on the first event that does not match the gadget's
                          event schema (default: count such events and warn once)
  --gadget-path <dir>     Also look for gadget packages in <dir>
  -v, --verbose           Print lifecycle steps and the details of an error (libbpf's log),
                          on stderr
${REMOTE_OPTIONS}
Fields whose kind has a readable form (timestamp, errno, signal, bytes, ip, ...) show it under
their name and their raw value under <field>Raw (hidden in columns; json and yaml write both).
--filter and --sort take either: --filter error:ENOENT, --filter 'duration:>1.5ms', --sort -timestamp.

When stdout is not read fast enough, the gadget stops reading from the kernel, which drops
and counts what its buffer cannot hold; every lost event is reported as a warning line
("warn: N events lost: ..."). At the end, output not taken within 2 s is discarded and counted.
Every run ends with one summary line on stderr ("trace_open: 12345 events in 5.0 s, 0 lost",
lost events by reason); with -o json it is one JSON object: {"summary":{...}}. The error
codes and loss reasons are explained in docs/errors.md.

Exit status: 0 when the run ends normally (timeout, Ctrl-C, SIGTERM, one-shot done), even with
lost events; 1 when the gadget, an operator or the output fails (e.g. ENOSPC); 2 for bad usage
(unknown gadget, bad param or option).
`;

export const LIST_HELP = `Usage:
  gadgetry list [-o columns|json] [--gadget-path <dir>] [--remote <addr> [--tls-* <file>]]

Lists the gadgets, then the operator packages, found in --gadget-path/GADGETRY_PATH and
in the node_modules the runtime is installed in. Packages that cannot be used are reported
on stderr, one line each. Only package.json files are read: no code is imported.
With -o json, one object per line, "kind": "gadget" or "operator".
With --remote, what the first agent that answers has installed, with its node first.
${REMOTE_OPTIONS}`;

export const DESCRIBE_HELP = `Usage:
  gadgetry describe <gadget> [--gadget-path <dir>] [--remote <addr> [--tls-* <file>]]

Shows what a gadget does, its params (type, default, allowed values), the
params of operators that apply to it, and the fields of its events.
With --remote, as the first agent that answers has it (its events then carry a node field).
${REMOTE_OPTIONS}`;

export const SERVE_HELP = `Usage:
  gadgetry serve [--listen unix:///path | host:port] [options]

Runs a node agent: other gadgetry commands run this host's gadgets through it
(gadgetry run --remote <addr> <gadget>, list --remote, describe --remote). It
runs until SIGINT or SIGTERM, then stops every run and removes its socket.

Options:
  --listen <addr>         Where to listen (default unix:///run/gadgetry/gadgetry.sock): a unix
                          socket (mode 0660, its folder created 0750), or host:port for TCP,
                          which needs mutual TLS or --insecure
  --group <name|gid>      The group that owns the socket and its folder: its members may run
                          gadgets as root through the agent (default: root's group only)
  --tls-cert <file>       TCP: the agent's certificate (PEM; its subjectAltName must name the
  --tls-key <file>        address clients dial) and key
  --tls-client-ca <file>  TCP: the CA client certificates must be signed by; clients without
                          one are refused during the TLS handshake
  --insecure              TCP without TLS: anyone who reaches the port runs gadgets as root.
                          Only on a private, trusted network; a warning says so
  --node-name <name>      The name events from this agent are tagged with (default: hostname)
  --gadget-path <dir>     Also serve gadget packages from <dir>

Each client gets a bounded queue: when it does not read fast enough, the agent stops
reading that run from the kernel (which drops and counts) and drops what does not fit;
the client is told how many events were lost and why (client_behind, paused). A client
that disconnects or cancels stops its run and frees its kernel objects.

Examples:
  gadgetry serve --group gadgetry
  gadgetry serve --listen 0.0.0.0:7411 --tls-cert agent.pem --tls-key agent.key \\
    --tls-client-ca clients-ca.pem --node-name web-1
`;

export const VERSION_HELP = `Usage:
  gadgetry version

Prints the versions of the runtime, the SDK and Node.js.
`;

export const DOCTOR_HELP = `Usage:
  gadgetry doctor

Checks what running gadgets needs: root or CAP_BPF/CAP_PERFMON, kernel BTF, tracefs and bpffs
(mounted by gadgetry when absent), the native addon and libbpf, kprobe support, and that gadgets
are installed. Prints how to fix each failing check; exits 1 when one fails.
`;

export const LIST_CONTAINERS_HELP = `Usage:
  gadgetry list-containers [-o columns|json]

Lists running containers as the container operator sees them: from runc, crun, containerd and
Docker state files, and from cgroup paths (Docker, containerd, CRI-O, Podman, systemd scopes).
Their NAME is what --containername matches.
`;
