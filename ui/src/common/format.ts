export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString();
}

export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  return `$${amount < 0.01 ? amount.toFixed(5) : amount.toFixed(4)}`;
}

export function formatCount(count: number): string {
  return count.toLocaleString();
}
