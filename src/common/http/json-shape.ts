import { InvalidRequestError } from '../errors/gateway-error.js';

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Watches the shape of a JSON body while its bytes arrive, before anything is parsed: how deep
 * objects and arrays nest, and how many there are (brackets inside strings do not count). Deep
 * documents make recursive code overflow the stack; documents of very many small objects cost
 * far more to parse, check and serialise than their size suggests (600,000 empty messages fit in
 * 10 MiB and take seconds). Both are refused with a 400 as soon as a limit is passed.
 */
export class JsonShapeScanner {
  private depth = 0;
  private containers = 0;
  private inString = false;
  private escaped = false;

  constructor(
    private readonly maxDepth: number,
    private readonly maxContainers: number,
  ) {}

  feed(bytes: Uint8Array): void {
    let { depth, containers, inString, escaped } = this;
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index];
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (++depth > this.maxDepth) throw tooDeep(this.maxDepth);
        if (++containers > this.maxContainers) throw tooMany(this.maxContainers);
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth--;
      }
    }
    Object.assign(this, { depth, containers, inString, escaped });
  }
}

function tooDeep(limit: number): InvalidRequestError {
  return new InvalidRequestError(`Request body nests objects and arrays deeper than ${limit} levels.`, { code: 'json_too_deep' });
}

function tooMany(limit: number): InvalidRequestError {
  return new InvalidRequestError(`Request body holds more than ${limit} JSON objects and arrays (SERVER_MAX_REQUEST_JSON_OBJECTS).`, {
    code: 'json_too_large',
  });
}
