'use strict';
// A tiny loopback HTTP endpoint that lets a test running in the extension host ask the
// launcher's Playwright page what the browser shows (webview iframes included).
//
//   GET  /health         -> {ok:true}
//   POST /frames-text    {urlIncludes?} -> {frames:[{url,name,text}]}  (every frame, nested too)
//   POST /screenshot     {path, fullPage?} -> {path}
//
// Client: test/integration/helpers/browser.ts.

const http = require('node:http');
const path = require('node:path');
const fs = require('node:fs');

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

/** Starts the endpoint on a free loopback port; resolves {port, close()}. */
function startBrowserEndpoint(getPage) {
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
      if (req.method === 'POST' && req.url === '/screenshot') {
        const body = await readBody(req);
        if (!body.path || !path.isAbsolute(body.path)) return send(400, { error: 'path must be absolute' });
        fs.mkdirSync(path.dirname(body.path), { recursive: true });
        await page.screenshot({ path: body.path, fullPage: !!body.fullPage, timeout: 20000 });
        return send(200, { path: body.path });
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
