type RequestBody = Record<string, unknown>;

/**
 * A request rewrite that brings `temperature` into the range the provider accepts (it refuses the
 * request otherwise): a client asking for 0, the usual "as deterministic as possible", gets the
 * provider's lowest.
 */
export function clampTemperature(lowest: number, highest: number): (body: RequestBody) => void {
  return (body) => {
    const temperature = body.temperature;
    if (typeof temperature !== 'number') return;
    if (temperature < lowest) body.temperature = lowest;
    else if (temperature > highest) body.temperature = highest;
  };
}
