/** Library entry: the CLI as a function, the plain-data transformation and the kpt SDK adapter. */
export type { RunOutput } from './run';
export { EXIT_BAD_CONFIG, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_POLICY_ERRORS, EXIT_USAGE, run } from './run';
export type { Expansion, InputItem } from './expand';
export { expand, isPolicyItem } from './expand';
export { egressPolicy } from './kpt-func';
export { USAGE } from './usage';
