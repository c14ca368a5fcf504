// The --filter syntax and the order values sort in, with nothing of Node:
// what a web page bundles to filter and sort rows as the CLI does.
export { parseFilter, type Predicate, type FilterFieldOptions } from './parseFilter.js';
export { compareValues } from './compareValues.js';
