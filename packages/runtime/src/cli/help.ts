export const GLOBAL_HELP = `gadgetry: run eBPF gadgets from npm packages

Usage:
  gadgetry <command> [options]

Commands:
  run <gadget> [params]   Run a gadget and print its events
                          (--detach --name X: hand it to the agent, which keeps it running)
  attach <name>           Print the events of a headless run (Ctrl-C detaches; the run goes on)
  ps                      List the headless runs the agent keeps
  rm <name>...            Stop headless runs and forget them
  list                    List installed gadgets and operators (reads manifests only)
  describe <gadget>       Show a gadget's params and event fields
  list-containers         List the containers events are matched against
  ui                      A web page to pick a gadget, set its params and start and stop runs,
                          each shown live (this host's gadgets, or an agent's with --remote)
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
  gadgetry run --detach --name execs trace_exec   (needs an agent: gadgetry serve)
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
  --detach                Hand the run to the agent (gadgetry serve) and return: a headless
                          run that outlives this command and an agent restart; see
                          gadgetry attach, ps and rm
  --name <name>           With --detach: the run's name (1-63 letters, digits, '-', '_', '.');
                          --run-name for gadgets that have a --name param of their own
  --stats                 Report what the run costs at its end: each BPF program's runs and run
                          time (the kernel counts them for the run), each map's kernel memory,
                          the runtime's CPU and memory; a table on stderr, or with -o json a
                          last record {"stats":{...}} on stdout
  --stats-interval <s>    Also report it every <s> seconds while the run runs (implies --stats)
  --metrics [host:]port   Serve Prometheus metrics at http://host:port/metrics while the run runs:
                          events, lost events, CPU and memory (BPF run time and map memory with
                          --stats) and the gadget's metric fields; host 127.0.0.1 unless given
  --otlp <url>            Push the same metrics over OTLP/HTTP, and events as logs, e.g. http://127.0.0.1:4318
  --ui [host:port]        Also show the run live in a web browser: a table of events (sort,
                          filter, pause), top tables, histograms and flame graphs, and the run's
                          cost; default 127.0.0.1 and a free port, the URL printed on stderr
  --ui-token <token>      Require this token in every request to the web view; beyond loopback
                          one is always required, and generated (and printed) when not given
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

export const UI_HELP = `Usage:
  gadgetry ui [--listen [host:]port] [--ui-token <token>] [--remote <addr>]

Serves a web page, until Ctrl-C: pick a gadget, set its params in a form made from its
schema, start runs and stop them; each run is shown live as gadgetry run --ui shows it.
The gadgets are this host's, or those of the agents --remote names.

Options:
  --listen [host:]port    Where to serve (default 127.0.0.1 and a free port); the URL is printed
                          on stderr
  --ui-token <token>      Require this token in every request; beyond loopback one is always
                          required, and generated (and printed in the URL) when not given
  --gadget-path <dir>     Also look for gadget packages in <dir>
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
  --state-dir <dir>       Where headless runs (run --detach) are saved, so that they start again
                          when the agent restarts (default /var/lib/gadgetry/runs, created 0700;
                          refused if anyone but root can write it)
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

export const ATTACH_HELP = `Usage:
  gadgetry attach <name> [-o format] [--fields a,b] [--timestamp-format f]

Prints the events of a headless run (one started with gadgetry run --detach) as
gadgetry run would: first the run's most recent messages the agent kept (up to 1,000),
then live ones. Ctrl-C detaches: this command ends and the run goes on in the agent.
When the run ends (its --timeout, a one-shot gadget), attach prints its summary and ends.
Several attaches to one run may be open at once; one that cannot keep up loses events
(reported as "N events lost: this attached reader fell behind...") and never slows the run.

Options:
  -o, --output <format>   columns (default), json, jsonpretty, yaml
  --fields <a,b,...>      Show only these fields, in this order
  --timestamp-format <f>  time (default), rfc3339 or raw
  --remote <addr>         The agent that keeps the runs (default unix:///run/gadgetry/gadgetry.sock,
                          this host's gadgetry serve); --tls-ca, --tls-cert, --tls-key for TCP

Examples:
  gadgetry run --detach --name execs trace_exec
  gadgetry attach execs
  gadgetry attach execs -o json --fields pid,comm,args
`;

export const PS_HELP = `Usage:
  gadgetry ps [-o columns|json]

Lists the headless runs the agent keeps, sorted by name:
  NAME     the name given with run --detach --name
  GADGET   the gadget it runs, NODE the host it runs on
  STATE    running; done (it ended by itself: --timeout, a one-shot gadget); failed (the
           reason is printed below the table)
  EVENTS   events since the agent (re)started it; LOST events lost on the way
  AGE      since it was first detached; RESUMED how often an agent restart started it again
A run that ended stays listed until gadgetry rm removes it.
With -o json, one object per line.

Options:
  -o, --output <format>   columns (default) or json
  --remote <addr>         The agent that keeps the runs (default unix:///run/gadgetry/gadgetry.sock,
                          this host's gadgetry serve); --tls-ca, --tls-cert, --tls-key for TCP

Example:
  gadgetry ps
`;

export const RM_HELP = `Usage:
  gadgetry rm <name> [<name>...]

Stops each headless run, waits until its BPF programs and maps are released, and forgets
its saved spec so an agent restart does not start it again. Prints each name removed;
an unknown name is reported (exit 2) and the others are still removed.

Options:
  --remote <addr>         The agent that keeps the runs (default unix:///run/gadgetry/gadgetry.sock,
                          this host's gadgetry serve); --tls-ca, --tls-cert, --tls-key for TCP

Example:
  gadgetry rm execs
`;
