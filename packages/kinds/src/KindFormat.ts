/** How columns show a `timestamp` field: wall-clock time of day, RFC 3339 (UTC, ns), or the raw ns since boot. */
export const TIMESTAMP_FORMATS = ['time', 'rfc3339', 'raw'] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

/**
 * What formatting needs to know about the host the events came from. The
 * runtime fills it from the machine it runs on; a web view gets it with the
 * run's description. Everything is optional: without a piece, the kinds that
 * need it show their raw value.
 */
export interface KindContext {
  /**
   * Nanoseconds to add to a boot-time timestamp (bpf_ktime_get_boot_ns) to get
   * nanoseconds since the Unix epoch: CLOCK_REALTIME - CLOCK_BOOTTIME.
   */
  bootToEpochNs?: () => bigint;
  /** How columns show timestamps (JSON and YAML always use RFC 3339); default `time`. */
  timestampFormat?: TimestampFormat;
  /** Show `time` in UTC rather than the local time zone. */
  utc?: boolean;
  /** The architecture the events come from: `x86_64` or `arm64` (Node's `x64` is taken too); syscall numbers and some open(2) flags depend on it. */
  arch?: string;
  /** Names of the running kernel's `enum skb_drop_reason` values, as its BTF gives them (`SKB_DROP_REASON_NO_SOCKET`). */
  dropReasons?: () => ReadonlyMap<number, string> | undefined;
}

/**
 * The readable form of one kind. `text` is what a column shows and what
 * `--filter` matches names and patterns against; `json` what JSON and YAML
 * write (the same unless said otherwise). `parse` reads what a user types
 * for a field of this kind into a raw value, so `--filter error:ENOENT`,
 * `signal:TERM` and `duration:>1.5ms` compare raw values.
 */
export interface KindFormat {
  text(raw: unknown, ctx: KindContext): string;
  json?(raw: unknown, ctx: KindContext): string;
  parse?(input: string, ctx: KindContext): number | bigint | undefined;
  /** Column width of the readable form: what its usual values need. */
  width(ctx: KindContext): number;
  /** Column width of the raw twin, when the type's default would cut it. */
  rawWidth?: number;
  align: 'left' | 'right';
  /** What a user may type, for messages. */
  example: string;
  /** The readable form is the value itself (port): no raw twin. */
  identity?: true;
}
