// Types of the standalone validators `npm run generate` writes next to this file.
import type { ValidateFunction } from 'ajv';

export declare const spec: ValidateFunction;
export declare const status: ValidateFunction;
