import { loadServerConfig } from '../../src/config/server.config.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import {
  containerPort,
  expectConsistent,
  expectHardened,
  expectResources,
  expectSecretsByReference,
  gatewayContainer,
  only,
  type DeploymentObject,
} from '../support/deployment-checks.js';
import { kubeTool, parseManifests, problemsOf, type KubernetesObject } from '../support/kubernetes-manifests.js';

const objects = parseManifests(kubeTool('kubectl', ['kustomize', 'k8s']));
const deployment = only<DeploymentObject>(objects, 'Deployment');
const container = gatewayContainer(deployment);

describe('kubectl kustomize k8s', () => {
  it('renders a Namespace, ServiceAccount, ConfigMap, Secret, Deployment, Service, HPA and PDB, all valid', () => {
    expect(objects.map((object) => object.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Namespace',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'ServiceAccount',
    ]);
    expect(objects.map((object) => [object.kind, problemsOf(object)])).toEqual(objects.map((object) => [object.kind, []]));
    expectConsistent(objects);
  });

  it('puts everything in the gateway namespace', () => {
    const namespace = only(objects, 'Namespace').metadata.name;
    expect(objects.filter((object) => object.kind !== 'Namespace').map((object) => object.metadata.namespace)).toEqual(objects.slice(1).map(() => namespace));
  });

  it('runs hardened pods with resources, and gives them longer to stop than the gateway needs to drain', () => {
    expectHardened(deployment);
    expectResources(deployment);
    const config = loadServerConfig((only(objects, 'ConfigMap') as KubernetesObject & { data: Record<string, string> }).data);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds! * 1000).toBeGreaterThanOrEqual(config.shutdownDelayMs + config.drainTimeoutMs + 10_000);
  });

  it('ships a Secret template without any key, read by reference', () => {
    const secret = only<KubernetesObject & { stringData: Record<string, string> }>(objects, 'Secret');
    expect(Object.keys(secret.stringData).length).toBeGreaterThan(0);
    expect(Object.values(secret.stringData).filter((value) => value !== '')).toEqual([]);
    expectSecretsByReference(deployment, secret.metadata.name);
  });

  it('scales on CPU and memory', () => {
    const hpa = only<KubernetesObject & { spec: { minReplicas: number; metrics: Array<{ resource: { name: string } }> } }>(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.metrics.map((metric) => metric.resource.name)).toEqual(['cpu', 'memory']);
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  describe('probes', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway({});
    });
    afterAll(async () => {
      await gateway?.close();
    });

    it('point at the port the gateway listens on and at endpoints that answer 200', async () => {
      const serverPort = Number(container.env?.find((entry) => entry.name === 'SERVER_PORT')?.value);
      const probes = [container.livenessProbe, container.readinessProbe, container.startupProbe].map((probe) => probe!.httpGet!);
      expect(probes.map((probe) => containerPort(container, probe.port))).toEqual([serverPort, serverPort, serverPort]);
      expect(probes.map((probe) => probe.path)).toEqual(['/health', '/health/ready', '/health']);
      const statuses = await Promise.all(probes.map((probe) => fetch(`${gateway.url}${probe.path}`).then((response) => response.status)));
      expect(statuses).toEqual([200, 200, 200]);
    });
  });
});
