export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

export function formatUsd(amount: number): string {
  return `$${amount < 0.01 ? amount.toFixed(5) : amount.toFixed(4)}`;
}
