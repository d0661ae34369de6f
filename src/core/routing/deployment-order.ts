import type { DeploymentStats } from './deployment-stats.js';
import type { DeploymentRoute, RouteGroup } from './route-deployment.js';

/**
 * The order in which one request tries a group's deployments, by the group's strategy:
 * `priority` as listed; `round_robin` as listed, starting one further each request; `weighted` a
 * random order where each deployment comes first in proportion to its weight; `least_busy` by
 * fewest calls in flight; `latency` by lowest recent time to the first event (a deployment not
 * measured recently comes first, to be measured). Ties keep the round-robin order.
 */
export function orderDeployments(group: RouteGroup, stats: DeploymentStats, stream: boolean, random: () => number = Math.random): DeploymentRoute[] {
  const deployments = group.deployments;
  if (deployments.length <= 1 || group.strategy === 'priority') return deployments;
  if (group.strategy === 'weighted') return weightedOrder(deployments, random);
  const start = group.turn++ % deployments.length;
  const rotated = start === 0 ? [...deployments] : [...deployments.slice(start), ...deployments.slice(0, start)];
  if (group.strategy === 'round_robin') return rotated;
  const score =
    group.strategy === 'least_busy'
      ? (route: DeploymentRoute) => stats.inFlight(route.deployment.key)
      : (route: DeploymentRoute) => stats.latency(route.deployment.key, stream);
  const scores = new Map(rotated.map((route) => [route, score(route)]));
  return rotated.sort((a, b) => (scores.get(a) ?? 0) - (scores.get(b) ?? 0));
}

/** Weighted random order without replacement: each pick in proportion to the weights left. */
function weightedOrder(deployments: readonly DeploymentRoute[], random: () => number): DeploymentRoute[] {
  const left = [...deployments];
  const order: DeploymentRoute[] = [];
  let total = left.reduce((sum, route) => sum + route.deployment.weight, 0);
  while (left.length > 0) {
    let point = random() * total;
    let index = 0;
    while (index < left.length - 1 && point >= left[index].deployment.weight) {
      point -= left[index].deployment.weight;
      index++;
    }
    const [picked] = left.splice(index, 1);
    total -= picked.deployment.weight;
    order.push(picked);
  }
  return order;
}
