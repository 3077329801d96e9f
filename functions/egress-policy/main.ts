/**
 * Entry point, the I/O shell: argv picks the mode (cli/arguments.ts), this file reads stdin, files
 * and the environment, and cli/finish.ts writes what the mode returns (a thrown error is a bug:
 * exit 70, one line on stderr).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverApp, holdsPolicy } from './argocd/discover';
import { generateManifests } from './argocd/generate';
import { kustomizeBuild } from './argocd/kustomize-build';
import { OVERRIDES_VARIABLE, decodeOverrides } from './argocd/overrides-variable';
import { KUSTOMIZATION_FILES, readAppFiles } from './argocd/read-app-files';
import { invalidSettings, overridesFromArgoEnvironment } from './argocd/settings';
import type { Mode } from './cli/arguments';
import { parseArguments } from './cli/arguments';
import type { Streams } from './cli/finish';
import { finish } from './cli/finish';
import type { RunOutput } from './run';
import { EXIT_BAD_CONFIG, EXIT_OK, EXIT_USAGE, failure, run } from './run';
import { runLegacyPlugin } from './stream/legacy-plugin';
import { USAGE } from './usage';

declare const EGRESS_POLICY_VERSION: string | undefined;

const PREFIX = 'egress-policy';

function main(): void {
  const mode = parseArguments(process.argv.slice(2));
  if (mode.kind === 'krm-function' || mode.kind === 'legacy-plugin') {
    readStdin((input) => finish(() => fromStdin(mode, input), streams));
  } else {
    finish(() => withoutStdin(mode), streams);
  }
}

function fromStdin(mode: Extract<Mode, { kind: 'krm-function' | 'legacy-plugin' }>, input: string): RunOutput {
  const overrides = decodeOverrides(process.env[OVERRIDES_VARIABLE]);
  if (!overrides.ok) return failure(overrides.error, EXIT_BAD_CONFIG);
  if (mode.kind === 'legacy-plugin') {
    let configText: string;
    try {
      configText = readFileSync(mode.configPath, 'utf8');
    } catch (error) {
      return failure(`cannot read the plugin config '${mode.configPath}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`, EXIT_BAD_CONFIG);
    }
    return runLegacyPlugin(input, configText, mode.configPath, { overrides: overrides.overrides, ...reader() });
  }
  return run(input, { overrides: overrides.overrides, ...reader() });
}

/** EGRESS_POLICY_READER=full takes the full reader (a debug option; docs/performance.md). */
function reader(): { reader?: 'full' } {
  return process.env.EGRESS_POLICY_READER === 'full' ? { reader: 'full' } : {};
}

function withoutStdin(mode: Exclude<Mode, { kind: 'krm-function' | 'legacy-plugin' }>): RunOutput {
  switch (mode.kind) {
    case 'help':
      return { stdout: USAGE, stderr: '', exitCode: EXIT_OK };
    case 'version':
      return { stdout: `${typeof EGRESS_POLICY_VERSION === 'string' ? EGRESS_POLICY_VERSION : 'dev'}\n`, stderr: '', exitCode: EXIT_OK };
    case 'usage-error':
      return { stdout: '', stderr: `${PREFIX}: ${mode.message}\n${USAGE}`, exitCode: EXIT_USAGE };
    case 'argocd-discover': {
      const found = discoverApp(readAppFiles(discoverRoot(process.cwd(), process.env.ARGOCD_APP_SOURCE_PATH)));
      return { stdout: found === undefined ? '' : `${found}\n`, stderr: '', exitCode: EXIT_OK };
    }
    case 'argocd-generate':
      return argocdGenerate(process.cwd());
  }
}

function argocdGenerate(dir: string): RunOutput {
  const files = readAppFiles(dir);
  if (!files.some((file) => KUSTOMIZATION_FILES.includes(file.path))) return generateManifests(files, process.env);
  const settings = overridesFromArgoEnvironment(process.env);
  if (!settings.ok) return invalidSettings(settings.errors);
  return kustomizeBuild(dir, process.env, settings.overrides, holdsPolicy(files));
}

/**
 * Argo CD documents `discover` as running in the repository root, while newer versions run it in
 * the app's directory: look at the app's directory either way.
 */
function discoverRoot(cwd: string, sourcePath: string | undefined): string {
  if (sourcePath === undefined || sourcePath === '' || sourcePath === '.') return cwd;
  const appDir = resolve(cwd, sourcePath);
  return resolve(cwd).endsWith(`/${sourcePath.replace(/^\.?\/+|\/+$/g, '')}`) || !existsSync(appDir) ? cwd : appDir;
}

function readStdin(then: (input: string) => void): void {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
  process.stdin.on('end', () => then(Buffer.concat(chunks).toString('utf8')));
}

const streams: Streams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => {
    process.exitCode = code;
  },
  env: process.env,
};

main();
