import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ NODE_ENV: 'development' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

/** The configuration Apollo's landing page embeds in the page, decoded from its JSON string. */
async function sandboxPage(): Promise<string> {
  const response = await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  return (await response.text())
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\n/g, '\n')
    .replace(/\\"/g, '"');
}

describe('Apollo Sandbox (development)', () => {
  it('opens with example operations, from public ones to one that needs the token', async () => {
    const html = await sandboxPage();

    expect(html).toContain('embeddable-sandbox');
    expect(html).toContain('query Schools {');
    expect(html).toContain('mutation Login($input: LoginInput!) {');
    expect(html).toContain('query Me {');
    expect(html).toContain('mutation Refresh($refreshToken: String) {');
  });

  it('shows how to send the access token, and fills in the variables of the demo login', async () => {
    const html = await sandboxPage();

    expect(html).toContain('Authorization: Bearer <accessToken>');
    expect(html).toContain('"login":"minji"');
  });
});
