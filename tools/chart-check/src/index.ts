export { helmBinary, kubectlBinary, helmTemplate, HELM_VERSION, HELM_SHA256, KUBECTL_SHA256 } from './k8sTools.js';
export { validateObject, type K8sObject } from './validateObjects.js';
export { unknownFields, modelNameOf } from './strictFields.js';
