import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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
import { kubeTool, kubeToolError, parseManifests, problemsOf, ROOT, type KubernetesObject } from '../support/kubernetes-manifests.js';

const CHART = 'helm/llm-gateway';
const ALL_FEATURES = `${CHART}/ci/all-features-values.yaml`;
const EXISTING_SECRET = `${CHART}/ci/existing-secret-values.yaml`;
const SECRET_VALUE = 'sk-chart-test-value-3c9e1f';

const render = (...args: string[]) => parseManifests(kubeTool('helm', ['template', 'gw', CHART, '--namespace', 'llm-gateway', ...args]));
const kinds = (objects: KubernetesObject[]) => objects.map((object) => object.kind).sort();
const configOf = (objects: KubernetesObject[]) => (only(objects, 'ConfigMap') as KubernetesObject & { data: Record<string, string> }).data;

describe('Helm chart', () => {
  it.each([[[]], [['-f', ALL_FEATURES]], [['-f', EXISTING_SECRET]]])('passes helm lint --strict with %j', (args) => {
    expect(kubeTool('helm', ['lint', '--strict', CHART, ...args])).toContain('0 chart(s) failed');
  });

  it('renders by default a ServiceAccount, ConfigMap, Service, Deployment, PodDisruptionBudget and a test pod, all valid', () => {
    const objects = render();
    expect(kinds(objects)).toEqual(['ConfigMap', 'Deployment', 'Pod', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    expect(objects.map((object) => [object.kind, problemsOf(object)])).toEqual(objects.map((object) => [object.kind, []]));
    expectConsistent(objects);
  });

  it('renders every feature (HPA, Ingress, ServiceMonitor, Secret), all valid', () => {
    const objects = render('-f', ALL_FEATURES);
    expect(kinds(objects)).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Pod',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
    ]);
    expect(objects.map((object) => [object.kind, problemsOf(object)])).toEqual(objects.map((object) => [object.kind, []]));
    expectConsistent(objects);
    const hpa = only<KubernetesObject & { spec: { metrics: Array<{ resource: { name: string } }> } }>(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.metrics.map((metric) => metric.resource.name)).toEqual(['cpu', 'memory']);
    const deployment = only<DeploymentObject>(objects, 'Deployment');
    expect(gatewayContainer(deployment).env).toEqual(
      expect.arrayContaining([
        { name: 'TELEMETRY_ENABLED', value: 'true' },
        { name: 'TELEMETRY_METRICS_PORT', value: '9464' },
      ]),
    );
    expect(containerPort(gatewayContainer(deployment), 'metrics')).toBe(9464);
  });

  it.each([
    [['--set', 'replicaCount=two'], "at '/replicaCount': got string, want integer"],
    [['--set', 'replicaz=3'], "additional properties 'replicaz' not allowed"],
    [['--set', 'autoscaling.enabled=yes'], "at '/autoscaling/enabled': got string, want boolean"],
    [['--set', 'image.tagg=1'], "additional properties 'tagg' not allowed"],
    [['--set-json', 'resources=[]'], "at '/resources': got array, want object"],
    [['--set', 'config.SERVER_DRAIN_TIMEOUT=soon'], "at '/config/SERVER_DRAIN_TIMEOUT'"],
    [['--set', 'providerKeys.openai-key=x'], "invalid propertyName 'openai-key'"],
    [['--set', 'serviceMonitor.enabled=true'], 'serviceMonitor.enabled needs metrics.enabled'],
  ])('refuses %j', (args, message) => {
    expect(kubeToolError('helm', ['template', 'gw', CHART, ...args])).toContain(message);
  });

  describe.each([
    ['default values', [] as string[]],
    ['all features', ['-f', ALL_FEATURES]],
  ])('the Deployment with %s', (_name, args) => {
    const objects = render(...args);
    const deployment = only<DeploymentObject>(objects, 'Deployment');
    const container = gatewayContainer(deployment);

    it('is hardened: non-root, read-only root file system, no privilege escalation, no capabilities, no API token', () => {
      expectHardened(deployment);
      expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
    });

    it('requests CPU and memory and limits memory', () => {
      expectResources(deployment);
    });

    it('gives pods longer to stop than the gateway needs to drain', () => {
      const config = loadServerConfig(configOf(objects));
      const graceMs = deployment.spec.template.spec.terminationGracePeriodSeconds! * 1000;
      expect(graceMs).toBeGreaterThanOrEqual(config.shutdownDelayMs + config.drainTimeoutMs + 10_000);
    });

    it('probes ports the gateway listens on', () => {
      const serverPort = Number(container.env?.find((entry) => entry.name === 'SERVER_PORT')?.value);
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        expect(containerPort(container, probe!.httpGet!.port)).toBe(serverPort);
      }
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    });
  });

  describe('probe endpoints on a running gateway', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway({});
    });
    afterAll(async () => {
      await gateway?.close();
    });

    it('answer the liveness, readiness and startup probes of the rendered Deployment with 200', async () => {
      const container = gatewayContainer(only<DeploymentObject>(render(), 'Deployment'));
      const paths = [container.livenessProbe, container.readinessProbe, container.startupProbe].map((probe) => probe!.httpGet!.path);
      const statuses = await Promise.all(paths.map((path) => fetch(`${gateway.url}${path}`).then((response) => response.status)));
      expect(statuses).toEqual([200, 200, 200]);
    });
  });

  describe('provider keys', () => {
    it('go into the chart Secret only and reach the pods by reference', () => {
      const objects = render('--set', `providerKeys.OPENAI_API_KEY=${SECRET_VALUE}`);
      const secret = only<KubernetesObject & { data: Record<string, string> }>(objects, 'Secret');
      expect(Buffer.from(secret.data.OPENAI_API_KEY, 'base64').toString()).toBe(SECRET_VALUE);
      const encoded = Buffer.from(SECRET_VALUE).toString('base64');
      for (const object of objects.filter((candidate) => candidate !== secret)) {
        const text = JSON.stringify(object);
        expect(text).not.toContain(SECRET_VALUE);
        expect(text).not.toContain(encoded);
      }
      const deployment = only<DeploymentObject>(objects, 'Deployment');
      expectSecretsByReference(deployment, secret.metadata.name);
      expect(deployment.spec.template.metadata.annotations?.['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
    });

    it('come from an existing Secret without the chart creating one', () => {
      const objects = render('-f', EXISTING_SECRET, '--set', `providerKeys.OPENAI_API_KEY=${SECRET_VALUE}`);
      expect(kinds(objects)).not.toContain('Secret');
      expect(JSON.stringify(objects)).not.toContain(SECRET_VALUE);
      expectSecretsByReference(only<DeploymentObject>(objects, 'Deployment'), 'llm-gateway-provider-keys');
    });

    it('are never inlined with the all-features values', () => {
      const objects = render('-f', ALL_FEATURES);
      const deployment = only<DeploymentObject>(objects, 'Deployment');
      expectSecretsByReference(deployment, only(objects, 'Secret').metadata.name);
      expect(JSON.stringify(deployment)).not.toContain('placeholder-not-a-real-key');
    });
  });

  describe('access control', () => {
    it('mounts the access file from its Secret and reads REDIS_URL from another, never inlined', () => {
      const objects = render('--set', 'access.existingSecret=gw-access', '--set', 'redis.existingSecret=gw-redis', '--set', 'redis.passwordKey=password');
      expect(objects.map((object) => [object.kind, problemsOf(object)])).toEqual(objects.map((object) => [object.kind, []]));
      expectConsistent(objects);
      const deployment = only<DeploymentObject>(objects, 'Deployment');
      const container = gatewayContainer(deployment);
      expect(container.env).toEqual(
        expect.arrayContaining([
          { name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'gw-redis', key: 'REDIS_URL' } } },
          { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'gw-redis', key: 'password' } } },
          { name: 'ACCESS_CONFIG_PATH', value: '/etc/llm-gateway/access/access.yaml' },
          { name: 'ACCESS_FAIL_MODE', value: 'closed' },
        ]),
      );
      expect(container.volumeMounts).toContainEqual({ name: 'access', mountPath: '/etc/llm-gateway/access', readOnly: true });
      expect(deployment.spec.template.spec.volumes).toContainEqual({
        name: 'access',
        secret: { secretName: 'gw-access', items: [{ key: 'access.yaml', path: 'access.yaml' }] },
      });
    });

    it('sets none of it by default', () => {
      const text = JSON.stringify(only<DeploymentObject>(render(), 'Deployment'));
      for (const name of ['REDIS_URL', 'ACCESS_CONFIG_PATH', 'ACCESS_FAIL_MODE']) expect(text).not.toContain(name);
    });

    it('refuses an unknown fail mode', () => {
      expect(kubeToolError('helm', ['template', 'gw', CHART, '--set', 'access.failMode=sometimes'])).toContain("at '/access/failMode'");
    });
  });

  it('documents every value in the chart README', () => {
    const values = parse(readFileSync(join(ROOT, CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const readme = readFileSync(join(ROOT, CHART, 'README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]));
    const keys = (object: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(object).flatMap(([key, value]) => {
        const path = `${prefix}${key}`;
        const nested = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0;
        return documented.has(path) || !nested ? [path] : keys(value as Record<string, unknown>, `${path}.`);
      });
    expect(keys(values).filter((key) => !documented.has(key))).toEqual([]);
  });
});
