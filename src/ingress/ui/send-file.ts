import type { Response } from 'express';

type SendFileOptions = Parameters<Response['sendFile']>[1];

/**
 * `response.sendFile` as a promise, so a missing file reaches the exception filter like any error
 * thrown by a handler. A failure after the headers went out (the client went away mid-file) has no
 * one to tell: the response is just ended.
 */
export function sendFile(response: Response, path: string, options: SendFileOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    response.sendFile(path, options, (error?: Error) => {
      if (!error) {
        resolve();
        return;
      }
      if (response.headersSent) {
        response.destroy();
        resolve();
        return;
      }
      reject(error);
    });
  });
}
