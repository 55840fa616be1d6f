import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildManifest, crc32 } from '../scripts/teams-package.ts';

// Reads a zip's entries from its central directory (what Teams' uploader does).
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLen + extra + comment;
  }
  return files;
}

const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const APP_ID = '11111111-2222-3333-4444-555555555555';

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/teams-package.ts'), ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
}

describe('npm run teams:package', () => {
  it('writes a zip with the manifest (bot id, three scopes, commands) and both icons', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'rapport-teams-')), 'rapport-teams.zip');
    const r = run(['--out', out], { MICROSOFT_APP_ID: APP_ID });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = unzip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as ReturnType<typeof buildManifest> & { bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[] };
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.bots[0]!.scopes).toEqual(['team', 'groupChat', 'personal']);
    const commands = manifest.bots[0]!.commandLists[0]!.commands.map((c) => c.title);
    expect(commands).toContain('export json');
    expect(commands.length).toBeLessThanOrEqual(10);
    expect(manifest).not.toHaveProperty('authorization');
    expect(pngSize(files.get('color.png')!)).toEqual([192, 192]);
    expect(pngSize(files.get('outline.png')!)).toEqual([32, 32]);
  }, 60_000);

  it('--rsc asks for ChannelMessage.Read.Group and ChatMessage.Read.Chat', () => {
    const m = buildManifest({ appId: APP_ID, version: '0.1.0', rsc: true, website: 'https://example.com' }) as { authorization: { permissions: { resourceSpecific: { name: string }[] } } };
    expect(m.authorization.permissions.resourceSpecific.map((p) => p.name)).toEqual(['ChannelMessage.Read.Group', 'ChatMessage.Read.Chat']);
  });

  it('without a valid MICROSOFT_APP_ID it says so and exits 2', () => {
    const r = run([], { MICROSOFT_APP_ID: 'not-a-guid' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/MICROSOFT_APP_ID/);
  }, 60_000);
});
