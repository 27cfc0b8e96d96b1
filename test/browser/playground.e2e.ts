import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchChromium } from './chromium';
import { type Served, serveStatic } from './serve';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', '..', 'apps', 'playground', 'dist');
const shots = path.join(here, 'test-results');

let served: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  served = await serveStatic(dist);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(served.url);
  await page.waitForFunction(() => 'aecnnPlayground' in window, undefined, { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('playground in Chromium', () => {
  it('runs tfjs on webgl (SwiftShader)', async () => {
    const info = await page.evaluate(() => (window as any).aecnnPlayground.backend('webgl'));
    expect(info.name).toBe('webgl');
    expect(await page.evaluate(() => (window as any).aecnnPlayground.getBackend())).toBe('webgl');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'playground.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
