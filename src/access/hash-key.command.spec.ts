import { PassThrough, Readable } from 'node:stream';
import { hashApiKey } from './api-key.js';
import { hashKeyCommand } from './hash-key.command.js';

async function run(argv: string[], input = ''): Promise<string> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await hashKeyCommand(argv, Readable.from([input]), output);
  return text;
}

describe('--hash-key', () => {
  it('prints a new random key and the SHA-256 the access file lists for it', async () => {
    const first = await run(['node', 'main.js', '--hash-key']);
    const key = /^key: +(sk-gw-[\w-]{43})$/m.exec(first)?.[1] ?? '';
    expect(key).not.toBe('');
    expect(first).toContain(`sha256: ${hashApiKey(key)}`);
    expect(await run(['node', 'main.js', '--hash-key'])).not.toContain(key);
  });

  it('hashes a key read from standard input with `-`', async () => {
    expect(await run(['node', 'main.js', '--hash-key', '-'], 'test\n')).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n');
  });
});
