import { problemsOf, type KubernetesObject } from '../support/kubernetes-manifests.js';

// The check every rendered manifest goes through must itself catch what it claims to catch.
const deployment = (): KubernetesObject & { spec: Record<string, any> } => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'gateway', labels: { 'app.kubernetes.io/name': 'gateway', anything: 'goes' }, annotations: { 'checksum/config': 'abc' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'gateway' } },
      spec: {
        containers: [
          {
            name: 'gateway',
            image: 'llm-gateway:0.1.0',
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/health/ready', port: 'http' } },
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
            securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    },
  },
});

describe('the Kubernetes manifest check', () => {
  it('accepts a valid Deployment, with free-form labels, annotations and resource maps', () => {
    expect(problemsOf(deployment())).toEqual([]);
  });

  it('reports an unknown field at the top of the spec', () => {
    const object = deployment();
    object.spec.replicaz = 3;
    expect(problemsOf(object)).toEqual(['unknown field .spec.replicaz']);
  });

  it('reports an unknown field deep in the pod template', () => {
    const object = deployment();
    object.spec.template.spec.containers[0].securityContext.runAsNonRot = true;
    object.spec.template.spec.containers[0].readinessProbe.httpGet.pathh = '/x';
    expect(problemsOf(object)).toEqual([
      'unknown field .spec.template.spec.containers[0].readinessProbe.httpGet.pathh',
      'unknown field .spec.template.spec.containers[0].securityContext.runAsNonRot',
    ]);
  });

  it('reports wrong types and missing required fields', () => {
    const object = deployment();
    object.spec.replicas = 'two';
    expect(problemsOf(object).join()).toContain('/spec/replicas must be integer');
    const noSelector = deployment();
    delete noSelector.spec.selector;
    expect(problemsOf(noSelector).join()).toContain('spec must have required property selector');
  });

  it('checks custom resources too (ServiceMonitor) and refuses kinds it does not know', () => {
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'gateway' },
      spec: { selector: { matchLabels: { app: 'gateway' } }, endpoints: [{ port: 'metrics', intervall: '30s' }] },
    };
    expect(problemsOf(monitor)).toEqual(['unknown field .spec.endpoints[0].intervall']);
    expect(problemsOf({ apiVersion: 'v1', kind: 'Podd', metadata: { name: 'x' } })).toEqual(['v1 Podd is not a kind this check knows']);
  });

  it('accepts ConfigMap data and Secret stringData with any keys', () => {
    expect(problemsOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { LOG_LEVEL: 'info', ANY_NAME: 'x' } })).toEqual([]);
    expect(problemsOf({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', stringData: { OPENAI_API_KEY: '' } })).toEqual([]);
  });
});
