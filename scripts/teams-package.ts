import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';

// `npm run teams:package`: the Teams app package (manifest.json, color.png, outline.png
// in one zip) to upload in Teams. The bot id comes from MICROSOFT_APP_ID.
//   --rsc           also ask for resource-specific consent to read every channel and
//                   group-chat message (no @mention needed inside a design thread)
//   --out <file>    where to write (default build/rapport-teams.zip)
//   --website <url> the developer website shown in Teams (default the project page)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACCENT = '#2F6F5E';

export interface PackageOptions {
  appId: string;
  version: string;
  rsc: boolean;
  website: string;
}

/** The in-conversation commands Teams suggests (at most 10 per list). */
export const COMMANDS: { title: string; description: string }[] = [
  { title: 'help', description: 'What I can do and the commands I understand' },
  { title: 'summary', description: 'The design so far, as a card' },
  { title: 'back', description: 'Go back to the previous question' },
  { title: 'skip', description: 'Skip this question for now' },
  { title: 'edit', description: 'Change an earlier answer, e.g. "edit cost"' },
  { title: 'export md', description: 'The Customer Relationships block as Markdown' },
  { title: 'export json', description: 'The design as JSON' },
  { title: 'checkin now', description: 'Run a retention check-in now' },
  { title: 'restart', description: 'Start the design again (asks first)' },
  { title: 'forget', description: 'Delete everything stored for this conversation (asks first)' },
];

export function buildManifest(o: PackageOptions): Record<string, unknown> {
  const scopes = ['team', 'groupChat', 'personal'];
  return {
    $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json',
    manifestVersion: '1.17',
    version: o.version,
    id: o.appId,
    developer: {
      name: 'Rapport',
      websiteUrl: o.website,
      privacyUrl: o.website,
      termsOfUseUrl: o.website,
    },
    name: { short: 'Rapport', full: 'Rapport: Customer Relationships coach' },
    description: {
      short: 'Design the Customer Relationships block of your Business Model Canvas.',
      full:
        'Rapport coaches a startup team through the Customer Relationships block of the Business Model Canvas in a channel thread, ' +
        'a group chat or a personal chat, then keeps the team honest with scheduled retention check-ins. ' +
        'Mention @Rapport in a channel post to start; answer in the replies to that post.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: ACCENT,
    bots: [
      {
        botId: o.appId,
        scopes,
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes, commands: COMMANDS }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
    ...(o.rsc
      ? {
          // RSC: team owners consent at install; the bot then receives every message in
          // that team's channels and in that group chat, not only @mentions.
          webApplicationInfo: { id: o.appId, resource: `api://rapport/${o.appId}` },
          authorization: {
            permissions: {
              resourceSpecific: [
                { name: 'ChannelMessage.Read.Group', type: 'Application' },
                { name: 'ChatMessage.Read.Chat', type: 'Application' },
              ],
            },
          },
        }
      : {}),
  };
}

// Two overlapping speech bubbles: no text, so no font is needed to draw them.
const bubbles = (fill: string, back: string) => `
  <path d="M40 52h76a16 16 0 0 1 16 16v40a16 16 0 0 1-16 16H76l-22 18v-18H40a16 16 0 0 1-16-16V68a16 16 0 0 1 16-16z" fill="${fill}"/>
  <path d="M88 84h64a16 16 0 0 1 16 16v34a16 16 0 0 1-16 16h-4v16l-20-16H88a16 16 0 0 1-16-16v-34a16 16 0 0 1 16-16z" fill="${fill}" stroke="${back}" stroke-width="8"/>`;

export const COLOR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192">
  <rect width="192" height="192" rx="36" fill="${ACCENT}"/>${bubbles('#FFFFFF', ACCENT)}
</svg>`;

// Teams wants the outline icon white on a transparent background.
export const OUTLINE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 192 192">
  <g>${bubbles('#FFFFFF', 'none')}</g>
</svg>`;

export function png(svg: string, width: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().asPng());
}

// A minimal zip writer (deflate, no zip64): enough for three small files.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function zip(files: { name: string; data: Buffer }[], date = new Date()): Buffer {
  const dosTime = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  const dosDate = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const packed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // utf-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

export function buildPackage(o: PackageOptions): Buffer {
  return zip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(buildManifest(o), null, 2)) },
    { name: 'color.png', data: png(COLOR_SVG, 192) },
    { name: 'outline.png', data: png(OUTLINE_SVG, 32) },
  ]);
}

function main(argv: string[], env: NodeJS.ProcessEnv): number {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const appId = env.MICROSOFT_APP_ID?.trim();
  if (!appId || !GUID.test(appId)) {
    process.stderr.write(
      `MICROSOFT_APP_ID must be set to your bot's Microsoft app id (a GUID such as 00000000-0000-0000-0000-000000000000)${appId ? `; "${appId}" is not one` : ''}.\n`,
    );
    return 2;
  }
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const out = path.resolve(root, flag('--out') ?? 'build/rapport-teams.zip');
  const rsc = argv.includes('--rsc');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, buildPackage({ appId, version: pkg.version, rsc, website: flag('--website') ?? 'https://github.com/rapport-coach/rapport' }));
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), out) || out} for bot ${appId} (${rsc ? 'RSC: receives every channel and group-chat message' : 'mention-only: receives messages that @mention Rapport'}).\n` +
      'Upload it in Teams: Apps → Manage your apps → Upload an app.\n',
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2), process.env);
}
