/** Keys that kpt and kustomize use on items (kpt site/reference/annotations; kyaml kioutil). */

/** Marks an object that configures the pipeline and is never applied to a cluster. */
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

/** Which file (relative to the package) and which document in it an item lives in. */
export const PATH_ANNOTATION = 'internal.config.kubernetes.io/path';
export const INDEX_ANNOTATION = 'internal.config.kubernetes.io/index';
/** kpt 1.0 still sends and honours the legacy forms; when both are present they must agree. */
export const LEGACY_PATH_ANNOTATION = 'config.kubernetes.io/path';
export const LEGACY_INDEX_ANNOTATION = 'config.kubernetes.io/index';

export const RESOURCE_LIST_KIND = 'ResourceList';
export const RESOURCE_LIST_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1alpha1'];
