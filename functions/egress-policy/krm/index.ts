/** ResourceList I/O: reading with exact item text, writing, ids, results. */
export type { InputError, ResourceItem, ResourceListModel } from './resource-list';
export { readResourceListFully } from './resource-list';
export type { ReadOptions, ReadResult, ReaderPath } from './read-resource-list';
export { readResourceList } from './read-resource-list';
export type { DataNeeded } from './resource-list-fast';
export { writeResourceList } from './write-resource-list';
export { newItemText } from './item-text';
export { policyItemText } from './policy-item';
export type { ItemIdentity } from './item-identity';
export { fileOfItem, identifyItem, isOwnedItem, pathAnnotationsFor, resourceKey } from './item-identity';
export type { KrmResult } from './results';
export { resultLine, toResults } from './results';
export { LOCAL_CONFIG_ANNOTATION } from './keys';
export type { ServicePortToAdd } from './service-item';
export { addedPortsOf, isServiceEditable, serviceItemText, servicePortEntry } from './service-item';
export { withAnnotations } from './with-annotations';
