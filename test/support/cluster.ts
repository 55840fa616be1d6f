import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { freePort } from './ports.ts';

// A throwaway 3-master Redis Cluster on free loopback ports, for tests and the bench.

const run = promisify(execFile);

export const hasRedisServer = () => spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;


/** Cluster ports need port+10000 free too (the bus); pick ports whose bus port is free. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10000 > 65535) continue;
    const bus = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port + 10000, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (bus) return port;
  }
}

export interface TestCluster {
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

export async function startCluster(masters = 3): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(async (c) => {
        if (c.exitCode !== null) return;
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (c.exitCode === null) c.kill('SIGKILL');
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await clusterPort();
      ports.push(port);
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      children.push(child);
    }
    for (const port of ports) {
      const deadline = Date.now() + 10_000;
      while ((await run('redis-cli', ['-p', String(port), 'ping']).catch(() => ({ stdout: '' }))).stdout.trim() !== 'PONG') {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    // Wait until every node agrees the cluster is up.
    const deadline = Date.now() + 15_000;
    for (const port of ports) {
      while (!(await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout.includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error('the test cluster did not reach cluster_state:ok');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return { url: `redis+cluster://127.0.0.1:${ports[0]}`, ports, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Every key in the cluster, over all masters. */
export async function clusterKeys(ports: number[]): Promise<string[]> {
  const c = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  try {
    const out: string[] = [];
    await new Promise<void>((resolve, reject) => {
      c.once('ready', resolve);
      c.once('error', reject);
    });
    for (const node of c.nodes('master')) out.push(...(await node.keys('*')));
    return out;
  } finally {
    c.disconnect();
  }
}
