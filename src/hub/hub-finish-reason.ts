/**
 * Why generation stopped, in the gateway's words. Dialects map them to their own names; `other`
 * keeps the provider's own reason in `raw` for dialects that pass unknown reasons on.
 */
export type HubFinishReason = 'stop' | 'stop-sequence' | 'length' | 'tool-calls' | 'content-filter' | 'pause' | 'other';

export interface HubFinish {
  reason: HubFinishReason;
  /** The provider's own word for it. */
  raw?: string;
  /** The stop sequence that ended the text, when the provider says which. */
  stopSequence?: string;
}
