import { formatTime } from '../common/format';
import type { DeploymentStatus, RouteGroupStatus } from './status-types';

const STRATEGY_TEXT: Record<RouteGroupStatus['strategy'], string> = {
  priority: 'priority',
  weighted: 'weighted',
  round_robin: 'round robin',
  least_busy: 'least busy',
  latency: 'lowest latency',
};

/**
 * One alias (or routed id): its deployments in the file's order with their priority or weight
 * (the one its strategy uses) and each one's circuit breaker.
 */
export function RouteGroupTable({ group }: { group: RouteGroupStatus }) {
  const order = group.strategy === 'priority' ? 'Priority' : group.strategy === 'weighted' ? 'Weight' : undefined;
  const fallbacks = group.fallbacks.length > 0 ? `; then ${group.fallbacks.join(', ')}` : '';
  return (
    <div class="table-scroll" tabIndex={0}>
      <table data-testid={`route-group-${group.name}`}>
        <caption>
          {group.name}{' '}
          <span class="reason">
            ({STRATEGY_TEXT[group.strategy]}
            {fallbacks})
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Deployment</th>
            {order && <th scope="col">{order}</th>}
            <th scope="col">Breaker</th>
          </tr>
        </thead>
        <tbody>
          {group.deployments.map((deployment) => (
            <tr key={deployment.priority}>
              <th scope="row">
                {deployment.provider}/{deployment.model}
                {deployment.api_key_env && <span class="reason"> key {deployment.api_key_env}</span>}
              </th>
              {order && <td>{order === 'Priority' ? deployment.priority : deployment.weight}</td>}
              <td>
                <BreakerCell breaker={deployment.breaker} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BreakerCell({ breaker }: { breaker: DeploymentStatus['breaker'] }) {
  switch (breaker.state) {
    case 'closed':
      return <span class="badge ok">closed</span>;
    case 'open':
      return (
        <>
          <span class="badge down">open</span>
          {breaker.until && <span class="reason"> until {formatTime(breaker.until)}</span>}
        </>
      );
    case 'probing':
      return <span class="badge">probing</span>;
    default:
      return <span class="reason">no breaker</span>;
  }
}
