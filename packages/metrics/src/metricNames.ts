/** A name as Prometheus allows it: letters, digits and _; camelCase becomes snake_case. */
export function metricName(name: string): string {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(snake) ? snake : `_${snake}`;
}

/** The OTLP unit (UCUM) of a Prometheus unit suffix. */
export function otlpUnit(unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  return ({ bytes: 'By', seconds: 's' } as Record<string, string>)[unit] ?? unit;
}
