/**
 * Keep-alive: the server pings every WS_KEEPALIVE_MS; a peer that answers stays connected, one
 * that stops answering pongs (a dead network path) is dropped after the next interval.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { signUp } from '../helpers/accounts';
import { wsUrl } from '../helpers/subscriber';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ WS_KEEPALIVE_MS: '1000' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

async function connect(token: string, autoPong: boolean): Promise<{ socket: WebSocket; closed: Promise<number>; pings: () => number }> {
  const socket = new WebSocket(wsUrl(baseUrl), 'graphql-transport-ws', { autoPong });
  let pings = 0;
  socket.on('ping', () => (pings += 1));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const acked = new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await acked;
  return { socket, closed, pings: () => pings };
}

it('keeps a responsive peer and drops a silent one', async () => {
  const account = await signUp(app);
  const alive = await connect(account.accessToken, true);
  const silent = await connect(account.accessToken, false);

  const code = await Promise.race([silent.closed, new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 6000))]);
  expect(code).toBe(1006);
  expect(alive.socket.readyState).toBe(WebSocket.OPEN);
  expect(alive.pings()).toBeGreaterThanOrEqual(2);
  alive.socket.close();
});
