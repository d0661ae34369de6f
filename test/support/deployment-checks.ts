import type { KubernetesObject } from './kubernetes-manifests.js';

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
export interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  volumes?: Array<{ name: string; emptyDir?: unknown; secret?: unknown }>;
}
export interface DeploymentObject extends KubernetesObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
  };
}

export function only<T extends KubernetesObject>(objects: KubernetesObject[], kind: string): T {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as T;
}

export function gatewayContainer(deployment: DeploymentObject): Container {
  const [container, ...others] = deployment.spec.template.spec.containers;
  expect(others).toEqual([]);
  return container;
}

/** The port a probe or Service targets, resolved through the container's named ports. */
export function containerPort(container: Container, port: string | number): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

/** Hardened as the restricted Pod Security Standard asks, and then some. */
export function expectHardened(deployment: DeploymentObject): void {
  const pod = deployment.spec.template.spec;
  const container = gatewayContainer(deployment);
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.securityContext?.runAsUser).not.toBe(0);
  expect(container.securityContext).toMatchObject({
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
  expect((container.securityContext?.capabilities as { add?: unknown }).add).toBeUndefined();
  expect(container.securityContext?.privileged).not.toBe(true);
  expect(pod.automountServiceAccountToken).toBe(false);
}

export function expectResources(deployment: DeploymentObject): void {
  const { resources } = gatewayContainer(deployment);
  expect(resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
  expect(resources?.limits?.memory).toEqual(expect.any(String));
}

const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD)/i;

/** No secret variable carries its value in the Deployment: secrets come from a Secret by reference. */
export function expectSecretsByReference(deployment: DeploymentObject, secretName: string): void {
  const container = gatewayContainer(deployment);
  expect((container.env ?? []).filter((entry) => SECRET_NAME.test(entry.name) && entry.value !== undefined)).toEqual([]);
  expect(container.envFrom).toContainEqual({ secretRef: { name: secretName } });
}

/** Every object that points at another (Service, PDB, HPA, ServiceMonitor, Ingress) finds it. */
export function expectConsistent(objects: KubernetesObject[]): void {
  const deployment = only<DeploymentObject>(objects, 'Deployment');
  const podLabels = deployment.spec.template.metadata.labels;
  const container = gatewayContainer(deployment);
  const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([key, value]) => labels[key] === value);
  expect(selects(deployment.spec.selector.matchLabels, podLabels)).toBe(true);

  const service = only<KubernetesObject & { spec: { selector: Record<string, string>; ports: Array<{ name: string; port: number; targetPort: string }> } }>(
    objects,
    'Service',
  );
  expect(selects(service.spec.selector, podLabels)).toBe(true);
  for (const port of service.spec.ports) expect(containerPort(container, port.targetPort)).toEqual(expect.any(Number));

  for (const pdb of objects.filter((object) => object.kind === 'PodDisruptionBudget') as Array<
    KubernetesObject & { spec: { selector: { matchLabels: Record<string, string> } } }
  >) {
    expect(selects(pdb.spec.selector.matchLabels, podLabels)).toBe(true);
  }
  for (const hpa of objects.filter((object) => object.kind === 'HorizontalPodAutoscaler') as Array<
    KubernetesObject & { spec: { scaleTargetRef: { kind: string; name: string } } }
  >) {
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect(deployment.spec.replicas).toBeUndefined(); // the HPA owns the replica count
  }
  for (const monitor of objects.filter((object) => object.kind === 'ServiceMonitor') as Array<
    KubernetesObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string }> } }
  >) {
    expect(selects(monitor.spec.selector.matchLabels, service.metadata.labels ?? {})).toBe(true);
    for (const endpoint of monitor.spec.endpoints) expect(service.spec.ports.map((port) => port.name)).toContain(endpoint.port);
  }
  type Backend = { service: { name: string; port: { number: number } } };
  for (const ingress of objects.filter((object) => object.kind === 'Ingress') as Array<
    KubernetesObject & { spec: { rules: Array<{ http: { paths: Array<{ backend: Backend }> } }> } }
  >) {
    for (const path of ingress.spec.rules.flatMap((rule) => rule.http.paths)) {
      expect(path.backend.service.name).toBe(service.metadata.name);
      expect(service.spec.ports.map((port) => port.port)).toContain(path.backend.service.port.number);
    }
  }
  const configMaps = new Set(objects.filter((object) => object.kind === 'ConfigMap').map((object) => object.metadata.name));
  // The gateway's own configuration is rendered alongside (further sources may live outside).
  expect((container.envFrom ?? []).filter((source) => source.configMapRef && configMaps.has(source.configMapRef.name))).toHaveLength(1);
}
