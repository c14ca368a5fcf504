import { containerOperator } from './container.js';
import { filterOperator } from './filter.js';
import { limitOperator } from './limit.js';
import { processOperator } from './process.js';
import { sortOperator } from './sort.js';
import { userOperator } from './user.js';

export { filterOperator } from './filter.js';
export { sortOperator, parseSort, sortRows, type SortKey } from './sort.js';
export { limitOperator, INTERVAL_DEFAULT_ROWS } from './limit.js';
export { userOperator } from './user.js';
export { processOperator } from './process.js';
export { containerOperator } from './container.js';
export { FilterUnsupportedError } from './FilterUnsupportedError.js';
export { compareValues } from './compareValues.js';
export { parseFilter, type Predicate, type FilterFieldOptions } from './parseFilter.js';
export { OperatorParamError } from './OperatorParamError.js';
export { AccountNames } from './accounts/AccountNames.js';
export { ContainerWatcher } from './containers/ContainerWatcher.js';
export { listContainers } from './containers/listContainers.js';
export { containerOfCgroup } from './containers/containersFromCgroups.js';
export type { ContainerInfo } from './containers/ContainerInfo.js';

/** Every built-in operator; the runtime finds this package through its manifest. */
export default [userOperator, processOperator, containerOperator, filterOperator, sortOperator, limitOperator];
