import { filterOperator } from './filter.js';
import { limitOperator } from './limit.js';
import { sortOperator } from './sort.js';

export { filterOperator } from './filter.js';
export { sortOperator, parseSort, sortRows, type SortKey } from './sort.js';
export { limitOperator, INTERVAL_DEFAULT_ROWS } from './limit.js';
export { parseFilter, type Predicate } from './parseFilter.js';
export { OperatorParamError } from './OperatorParamError.js';

/** Every built-in operator; the runtime finds this package through its manifest. */
export default [filterOperator, sortOperator, limitOperator];
