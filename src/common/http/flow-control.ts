/** Signals when the client can take more data; a stream awaits it before reading further upstream. */
export interface FlowControl {
  ready(): Promise<void> | undefined;
}
