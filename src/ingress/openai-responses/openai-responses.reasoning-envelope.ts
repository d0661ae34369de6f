/**
 * A provider's proof of its reasoning (Anthropic's thinking signature, or its redacted thinking),
 * carried in a reasoning item's `encrypted_content`, where Responses clients keep it and send it
 * back. The gateway's envelope is recognisable, so reasoning that another provider encrypted (a
 * real OpenAI `encrypted_content`) is never mistaken for it.
 */
const PREFIX = 'gateway.reasoning.v1.';

export interface ReasoningProof {
  signature?: string;
  redactedData?: string;
}

/** The envelope for a signature or redacted reasoning; none when there is neither. */
export function sealReasoning(proof: ReasoningProof): string | undefined {
  if (proof.redactedData !== undefined) return PREFIX + Buffer.from(JSON.stringify({ redactedData: proof.redactedData })).toString('base64url');
  if (proof.signature) return PREFIX + Buffer.from(JSON.stringify({ signature: proof.signature })).toString('base64url');
  return undefined;
}

/** What an envelope carries; undefined for anything the gateway did not seal. */
export function openReasoning(encrypted: unknown): ReasoningProof | undefined {
  if (typeof encrypted !== 'string' || !encrypted.startsWith(PREFIX)) return undefined;
  try {
    const proof = JSON.parse(Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof proof.redactedData === 'string') return { redactedData: proof.redactedData };
    if (typeof proof.signature === 'string') return { signature: proof.signature };
  } catch {
    // not an envelope after all
  }
  return undefined;
}
