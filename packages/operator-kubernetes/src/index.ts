import { kubernetesOperator } from './kubernetesOperator.js';

export { kubernetesOperator } from './kubernetesOperator.js';
export { PodIndex, podMatches, type PodFilter, type PodContainer } from './PodIndex.js';
export { PodWatcher } from './PodWatcher.js';
export { podRecordOf, containerIdOf, labelsText, type PodRecord, type PodObject } from './podRecord.js';
export { parseLabelSelector, selectorMatches, type LabelSelector, type LabelRequirement } from './labelSelector.js';
export { kubernetesConfigured, loadKubeConfig } from './kubeAccess.js';
export { K8sSelectorError, KubeconfigMissingError, AgentsNotFoundError, K8sForbiddenError, K8sApiError, apiRequestError } from './kubernetesErrors.js';

/** The operators of this package; the runtime finds it through its manifest. */
export default [kubernetesOperator];
