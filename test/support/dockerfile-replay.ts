import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { basename, delimiter, dirname, join, posix } from 'node:path';
import { DockerfileParser, type Copy, type Env, type Instruction, type JSONInstruction } from 'dockerfile-ast';

export interface Stage {
  name: string;
  /** The image or earlier stage it starts from. */
  base: string;
  instructions: Instruction[];
}

/** The stages of a Dockerfile, in order, each with the instructions after its FROM. */
export function readStages(content: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const [base, as, name] = instruction.getArguments().map((argument) => argument.getValue());
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : String(stages.length), base, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

export function argumentsOf(instruction: Instruction): string[] {
  return instruction.getArguments().map((argument) => argument.getValue());
}

export function jsonArgumentsOf(instruction: Instruction): string[] {
  return (instruction as JSONInstruction).getJSONStrings().map((argument) => argument.getJSONValue());
}

/** What a replayed stage left behind: its file system under `root`, and the image settings. */
export interface ReplayedStage {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  exposed: string[];
  entrypoint: string[];
  cmd: string[];
}

export interface ReplayOptions {
  /** The build context (the repository). */
  context: string;
  /** Where each stage's file system is laid out (one folder per stage). */
  workspace: string;
  /** Folder holding the `node` the base images provide (npm is found on PATH and runs on it). */
  nodeDirectory: string;
  /** Extra environment for RUN steps (e.g. `npm_config_offline`). */
  runEnv?: Record<string, string>;
}

/**
 * Replays a Dockerfile stage without Docker: every stage it depends on first, each in its own
 * folder standing for `/`. FROM, WORKDIR, COPY (from the context or `--from` a stage), RUN
 * (`sh -c`, BuildKit `--mount` flags dropped), ENV, USER, EXPOSE, ENTRYPOINT and CMD are
 * understood; anything else fails the replay, so the Dockerfile cannot outgrow it unnoticed.
 */
export function replayStage(stages: Stage[], target: string, options: ReplayOptions, done = new Map<string, ReplayedStage>()): ReplayedStage {
  const cached = done.get(target);
  if (cached) return cached;
  const stage = stages.find((candidate) => candidate.name === target);
  if (!stage) throw new Error(`No stage named ${target}`);
  const root = join(options.workspace, stage.name);
  mkdirSync(root, { recursive: true });
  const parent = stages.find((candidate) => candidate.name === stage.base);
  const inherited = parent ? replayStage(stages, parent.name, options, done) : undefined;
  const state: ReplayedStage = inherited
    ? { ...inherited, root, env: { ...inherited.env }, exposed: [...inherited.exposed] }
    : { root, workdir: '/', env: {}, user: undefined, exposed: [], entrypoint: [], cmd: [] };
  if (inherited) cpSync(inherited.root, root, { recursive: true });

  const inside = (path: string) => join(root, posix.resolve(state.workdir, path));
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    const args = argumentsOf(instruction);
    if (keyword === 'WORKDIR') {
      state.workdir = posix.resolve(state.workdir, args[0]);
      mkdirSync(inside('.'), { recursive: true });
    } else if (keyword === 'COPY') {
      const from = (instruction as Copy).getFromFlag()?.getValue();
      const paths = args.filter((argument) => !argument.startsWith('--'));
      const destination = paths.pop()!;
      const sourceRoot = from ? replayStage(stages, from, options, done).root : options.context;
      for (const source of paths) {
        const sourcePath = join(sourceRoot, source);
        if (!existsSync(sourcePath)) throw new Error(`COPY source ${source} does not exist (stage ${stage.name})`);
        const target = destination.endsWith('/') || paths.length > 1 ? join(inside(destination), basename(source)) : inside(destination);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(sourcePath, target, { recursive: true });
      }
    } else if (keyword === 'RUN') {
      const command = (instruction.getRawArgumentsContent() ?? '').replace(/^(\s*--\w+=\S+)+\s*/, '');
      // The machine's environment (proxy and CA settings for npm) without what the test runner set.
      const { NODE_OPTIONS, NODE_ENV, JEST_WORKER_ID, ...machine } = process.env;
      const systemPath = (machine.PATH ?? '').split(delimiter).filter((entry) => !entry.includes('node_modules'));
      execFileSync('sh', ['-c', command], {
        cwd: inside('.'),
        env: { ...machine, ...state.env, ...options.runEnv, PATH: [options.nodeDirectory, ...systemPath].join(delimiter) },
        stdio: 'pipe',
      });
    } else if (keyword === 'ENV') {
      for (const property of (instruction as Env).getProperties()) state.env[property.getName()] = property.getValue() ?? '';
    } else if (keyword === 'USER') {
      state.user = args[0];
    } else if (keyword === 'EXPOSE') {
      state.exposed.push(...args);
    } else if (keyword === 'ENTRYPOINT') {
      state.entrypoint = jsonArgumentsOf(instruction);
    } else if (keyword === 'CMD') {
      state.cmd = jsonArgumentsOf(instruction);
    } else if (keyword !== 'STOPSIGNAL' && keyword !== 'LABEL') {
      throw new Error(`The replay does not understand ${keyword} (stage ${stage.name})`);
    }
  }
  done.set(stage.name, state);
  return state;
}
