import type { LlmProvider } from '../../providers/llm-provider.js';
import { DEFAULT_RETRIES, type RoutingStrategy } from './routing-file/routing-file.js';
import { orderDeployments } from './deployment-order.js';
import { DeploymentStats } from './deployment-stats.js';
import type { DeploymentRoute, RouteGroup } from './route-deployment.js';

function group(strategy: RoutingStrategy, weights: number[] = [1, 1, 1]): RouteGroup {
  const deployments: DeploymentRoute[] = weights.map((weight, index) => ({
    provider: { id: 'openai' } as LlmProvider,
    modelId: `openai/m${index}`,
    upstreamModel: `m${index}`,
    credentials: { baseUrl: 'http://upstream.invalid' },
    deployment: { key: `k${index}`, group: 'g', index, weight, retries: DEFAULT_RETRIES, pooledKey: false },
  }));
  return { name: 'g', strategy, deployments, fallbacks: [], turn: 0 };
}

const names = (routes: DeploymentRoute[]) => routes.map((route) => route.upstreamModel);

describe('orderDeployments', () => {
  it('priority keeps the listed order; round_robin starts one further each time', () => {
    const stats = new DeploymentStats();
    expect(names(orderDeployments(group('priority'), stats, false))).toEqual(['m0', 'm1', 'm2']);
    const rotating = group('round_robin');
    expect([0, 1, 2, 3].map(() => names(orderDeployments(rotating, stats, false))[0])).toEqual(['m0', 'm1', 'm2', 'm0']);
    expect(names(orderDeployments(rotating, stats, false))).toEqual(['m1', 'm2', 'm0']);
  });

  it('weighted picks the first in proportion to the weights, and lists every deployment once', () => {
    const weighted = group('weighted', [6, 3, 1]);
    const stats = new DeploymentStats();
    // A random source that walks evenly through [0, 1): the shares are exact.
    let step = 0;
    const even = () => ((step++ % 100) + 0.5) / 100;
    const firsts = Array.from({ length: 100 }, () => {
      const order = names(orderDeployments(weighted, stats, false, even));
      expect([...order].sort()).toEqual(['m0', 'm1', 'm2']);
      return order[0];
    });
    expect(firsts.filter((name) => name === 'm0')).toHaveLength(60);
    expect(firsts.filter((name) => name === 'm1')).toHaveLength(30);
    expect(firsts.filter((name) => name === 'm2')).toHaveLength(10);
  });

  it('least_busy puts the fewest calls in flight first', () => {
    const stats = new DeploymentStats();
    stats.started('k0');
    stats.started('k0');
    stats.started('k2');
    expect(names(orderDeployments(group('least_busy'), stats, false))).toEqual(['m1', 'm2', 'm0']);
    stats.ended('k0');
    stats.ended('k0');
    expect(names(orderDeployments(group('least_busy'), stats, false))[0]).toBe('m0');
  });

  it('latency puts the fastest recent first, unmeasured ones before it, and forgets old measurements', () => {
    const stats = new DeploymentStats();
    const now = Date.now();
    stats.firstEvent('k0', 300, true, now);
    stats.firstEvent('k1', 50, true, now);
    expect(names(orderDeployments(group('latency'), stats, true))).toEqual(['m2', 'm1', 'm0']);
    stats.firstEvent('k2', 900, true, now);
    expect(names(orderDeployments(group('latency'), stats, true))).toEqual(['m1', 'm0', 'm2']);
    // Streams and whole answers are measured apart.
    expect(stats.latency('k1', false)).toBe(0);
    expect(stats.latency('k1', true, now + 61_000)).toBe(0);
  });
});
