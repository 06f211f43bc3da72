'use strict';
// A tiny loopback HTTP endpoint that lets a test running in the extension host ask the
// launcher's Playwright page what the browser shows (webview iframes included).
//
//   GET  /health         -> {ok:true}
//   POST /frames-text    {urlIncludes?} -> {frames:[{url,name,text}]}  (every frame, nested too)
//   POST /screenshot     {path, fullPage?} -> {path}
//   POST /requests/watch -> starts recording every request the page and its frames make
//   POST /requests       -> {requests:[{url, frame, type, status, failure}]} recorded since the last watch
//   POST /webview-probe  {marker} -> in the frame whose text includes `marker` (a webview's content):
//                          its CSP meta, and what happens to an injected inline script, remote
//                          image and fetch ({csp, injectedRan, violations:[{directive, blocked}]})
//   POST /webview-post   {marker, messages} -> posts each message from the frame showing `marker`
//                          to the extension through VS Code's own webview bridge (the function the
//                          page's acquireVsCodeApi().postMessage calls): {posted}
//   POST /tree-rows      -> {rows:[{label, description, level, expanded}]} the side bar's tree rows
//   POST /notifications  -> {notifications:[{message, severity}]} toasts and the notification list
//   POST /context-menu   {label, level?} -> {items:[{label, enabled}]} the menu a right-click on
//                          that tree row opens (closed again with Escape)
//   POST /quick-input-rows -> {rows:[label]} every row of the open quick input (the palette)
//   POST /walkthrough    {click?} -> {steps:[{id, title, done}]} the open walkthrough's steps; `click`
//                          (a step id) first clicks that step's button
//
// A second workbench window (the two-windows test): a second tab of the same browser profile
// against the same code-server, so with its own extension host; its host runs
// test/integration/window-agent.ts, which takes calls relayed through this endpoint.
//   POST /window/open    -> {window: 1} opens it (once)
//   POST /window/close   -> closes it
//   POST /tree-rows      {window: 1} -> the second window's tree rows
//   POST /agent/call     {op, args} -> {result} the second window's agent ran `op` (or {error})
//   POST /agent/poll     (the agent) -> {call: {id, op, args}} or {} after 15 s with none
//   POST /agent/result   (the agent) {id, result?, error?}
//
// The probe runs its own code through the DevTools protocol, which a page's CSP does not govern;
// the script element it adds is ordinary page content, which the CSP does.
//
// Client: test/integration/helpers/browser.ts.

const http = require('node:http');
const path = require('node:path');
const fs = require('node:fs');
const { contextMenu, keyboardFocus, notifications, pressKey, quickInput, quickInputRows, treeRows, walkthroughSteps } = require('./workbench-tree');

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      data += c;
      if (data.length > 1e6) reject(new Error('body too large'));
    });
    req.on('end', () => {
      if (!data) return resolve({});
      try {
        resolve(JSON.parse(data));
      } catch (e) {
        reject(new Error(`bad JSON body: ${e.message}`));
      }
    });
    req.on('error', reject);
  });
}

async function framesText(page, urlIncludes) {
  const frames = [];
  for (const frame of page.frames()) {
    const url = frame.url();
    if (urlIncludes && !url.includes(urlIncludes)) continue;
    let text = '';
    try {
      text = await Promise.race([
        frame.evaluate(() => (document.body ? document.body.innerText : '')),
        new Promise((_, rej) => setTimeout(() => rej(new Error('frame evaluate timed out')), 5000)),
      ]);
    } catch (e) {
      text = '';
    }
    frames.push({ url, name: frame.name(), text: String(text ?? '') });
  }
  return frames;
}

async function webviewProbe(page, marker) {
  const frame = await frameShowing(page, marker);
  const result = await frame.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    window.__neonInjected = 0;
    const script = document.createElement('script');
    script.textContent = 'window.__neonInjected = 1;';
    document.body.appendChild(script);
    const img = document.createElement('img');
    img.src = 'https://example.com/tracker.png';
    document.body.appendChild(img);
    let fetched = 'blocked';
    try {
      await fetch('https://example.com/data.json');
      fetched = 'sent';
    } catch {
      /* refused by connect-src */
    }
    await new Promise((r) => setTimeout(r, 500));
    script.remove();
    img.remove();
    return { csp: meta ? meta.getAttribute('content') : null, injectedRan: window.__neonInjected === 1, fetched, violations };
  });
  return { frame: frame.url(), ...result };
}

async function frameShowing(page, marker) {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue; // the workbench itself (its tab titles would match)
    try {
      if (await frame.evaluate((m) => !!document.body && document.body.innerText.includes(m), marker)) return frame;
    } catch {
      /* detached or cross-process frame that went away */
    }
  }
  throw new Error(`no frame shows "${marker}"`);
}

async function webviewPost(page, marker, messages) {
  // The bridge (the function the page's acquireVsCodeApi().postMessage calls) lives in VS Code's
  // webview host frame, around the content frame; the content itself cannot reach its parent.
  for (let frame = await frameShowing(page, marker); frame; frame = frame.parentFrame()) {
    const has = await frame.evaluate(() => typeof window.__vscode_post_message__ === 'function').catch(() => false);
    if (!has) continue;
    return frame.evaluate((list) => {
      for (const message of list) window.__vscode_post_message__('onmessage', { message });
      return { posted: list.length };
    }, messages);
  }
  throw new Error(`no VS Code webview bridge around the frame showing "${marker}"`);
}

/**
 * Calls from a test (in the first window's host) to the agent in the second window's host: queued
 * here until the agent polls, answered when it posts the result.
 */
function agentRelay() {
  let nextId = 1;
  const queue = [];
  const waiting = new Map(); // call id -> {resolve}
  let poller; // the agent's pending poll: (call) => void
  return {
    call(op, args, ms = 60000) {
      const call = { id: nextId++, op, args };
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(call.id);
          resolve({ error: `the second window's agent did not answer "${op}" within ${ms} ms` });
        }, ms);
        waiting.set(call.id, { resolve: (r) => (clearTimeout(timer), resolve(r)) });
        if (poller) {
          const p = poller;
          poller = undefined;
          p(call);
        } else queue.push(call);
      });
    },
    poll(ms = 15000) {
      if (queue.length) return Promise.resolve({ call: queue.shift() });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (poller === take) poller = undefined;
          resolve({});
        }, ms);
        const take = (call) => (clearTimeout(timer), resolve({ call }));
        poller = take;
      });
    },
    result(body) {
      const w = waiting.get(body.id);
      if (!w) return false;
      waiting.delete(body.id);
      w.resolve(body.error !== undefined ? { error: String(body.error) } : { result: body.result });
      return true;
    },
  };
}

/**
 * Starts the endpoint on a free loopback port; resolves {port, close()}. `windows` (optional):
 * {open(): Promise<page>, close(): Promise<void>} for a second workbench window.
 */
function startBrowserEndpoint(getPage, windows) {
  let recorded;
  let recordingOn;
  let second;
  const agent = agentRelay();
  const server = http.createServer(async (req, res) => {
    const send = (status, obj) => {
      const body = JSON.stringify(obj);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    try {
      const page = getPage();
      if (req.method === 'GET' && req.url === '/health') return send(200, { ok: true, page: !!page });
      if (!page) return send(503, { error: 'browser page not ready' });
      if (req.method === 'POST' && req.url === '/frames-text') {
        const body = await readBody(req);
        return send(200, { frames: await framesText(page, body.urlIncludes) });
      }
      if (req.method === 'POST' && req.url === '/toasts') {
        // The notification toasts on screen now (not the screen reader's copy of their text).
        const toasts = await page.$$eval('.notifications-toasts.visible .notification-toast-container', (els) => els.map((e) => e.innerText));
        return send(200, { toasts });
      }
      if (req.method === 'POST' && req.url === '/screenshot') {
        const body = await readBody(req);
        if (!body.path || !path.isAbsolute(body.path)) return send(400, { error: 'path must be absolute' });
        fs.mkdirSync(path.dirname(body.path), { recursive: true });
        await page.screenshot({ path: body.path, fullPage: !!body.fullPage, timeout: 20000 });
        return send(200, { path: body.path });
      }
      if (req.method === 'POST' && req.url === '/requests/watch') {
        recorded = [];
        if (recordingOn !== page) {
          recordingOn = page;
          const entries = new WeakMap();
          page.on('request', (r) => {
            if (!recorded) return;
            let frame = '';
            try {
              frame = r.frame().url();
            } catch {
              /* a service worker's request has no frame */
            }
            const entry = { url: r.url(), frame, type: r.resourceType(), status: 0, failure: '' };
            entries.set(r, entry);
            recorded.push(entry);
          });
          page.on('response', (res) => {
            const e = entries.get(res.request());
            if (e) e.status = res.status();
          });
          page.on('requestfailed', (r) => {
            const e = entries.get(r);
            if (e) e.failure = (r.failure() && r.failure().errorText) || 'failed';
          });
        }
        return send(200, { ok: true });
      }
      if (req.method === 'POST' && req.url === '/requests') return send(200, { requests: recorded || [] });
      if (req.method === 'POST' && req.url === '/webview-post') {
        const body = await readBody(req);
        if (typeof body.marker !== 'string' || !body.marker || !Array.isArray(body.messages)) return send(400, { error: 'marker (string) and messages (array) are required' });
        return send(200, await webviewPost(page, body.marker, body.messages));
      }
      if (req.method === 'POST' && req.url === '/webview-probe') {
        const body = await readBody(req);
        if (typeof body.marker !== 'string' || !body.marker) return send(400, { error: 'marker must be a non-empty string' });
        return send(200, await webviewProbe(page, body.marker));
      }
      if (req.method === 'POST' && req.url === '/window/open') {
        if (!windows) return send(501, { error: 'this launcher opens no second window' });
        if (!second) second = await windows.open();
        return send(200, { window: 1 });
      }
      if (req.method === 'POST' && req.url === '/window/close') {
        if (second) await windows.close();
        second = undefined;
        return send(200, { ok: true });
      }
      if (req.method === 'POST' && req.url === '/agent/call') {
        const body = await readBody(req);
        if (!second) return send(409, { error: 'no second window is open (POST /window/open first)' });
        return send(200, await agent.call(body.op, body.args, body.timeoutMs));
      }
      if (req.method === 'POST' && req.url === '/agent/poll') return send(200, await agent.poll());
      if (req.method === 'POST' && req.url === '/agent/result') return send(200, { ok: agent.result(await readBody(req)) });
      if (req.method === 'POST' && req.url === '/tree-rows') {
        const body = await readBody(req);
        if (body.window === 1 && !second) return send(409, { error: 'no second window is open' });
        return send(200, { rows: await treeRows(body.window === 1 ? second : page) });
      }
      if (req.method === 'POST' && req.url === '/notifications') return send(200, { notifications: await notifications(page) });
      if (req.method === 'POST' && req.url === '/context-menu') {
        const body = await readBody(req);
        if (typeof body.label !== 'string' || !body.label) return send(400, { error: 'label must be a non-empty string' });
        return send(200, { items: await contextMenu(page, body.label, body.level) });
      }
      if (req.method === 'POST' && req.url === '/walkthrough') {
        const body = await readBody(req);
        return send(200, { steps: await walkthroughSteps(page, typeof body.click === 'string' ? body.click : undefined, typeof body.press === 'string' ? body.press : undefined) });
      }
      if (req.method === 'POST' && req.url === '/focus') {
        return send(200, await keyboardFocus(page));
      }
      if (req.method === 'POST' && req.url === '/type') {
        const body = await readBody(req);
        if (typeof body.text !== 'string') return send(400, { error: 'text must be a string' });
        await page.keyboard.type(body.text, { delay: 20 });
        return send(200, await keyboardFocus(page));
      }
      if (req.method === 'POST' && req.url === '/quick-input') {
        return send(200, await quickInput(page, await readBody(req)));
      }
      if (req.method === 'POST' && req.url === '/key') {
        const body = await readBody(req);
        if (typeof body.key !== 'string' || !body.key) return send(400, { error: 'key must be a non-empty string' });
        return send(200, await pressKey(page, body.key));
      }
      if (req.method === 'POST' && req.url === '/quick-input-rows') {
        return send(200, { rows: await quickInputRows(page) });
      }
      return send(404, { error: `no route ${req.method} ${req.url}` });
    } catch (e) {
      return send(500, { error: e && e.message ? e.message : String(e) });
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

module.exports = { startBrowserEndpoint };
