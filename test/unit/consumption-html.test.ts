// The consumption page's HTML (src/webviews/consumption/html.ts) carries its script and style
// inside, under the nonce, and refuses text that could break out of their elements.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inertElementText, pageHtml } from '../../src/webviews/consumption/html';

describe('consumption page: its script and style inside the HTML', () => {
  it('the shipped bundle and style hold nothing that would end their element early', async function () {
    this.timeout(60_000);
    const esbuild = await import('esbuild');
    const ROOT = path.join(__dirname, '..', '..');
    const built = await esbuild.build({ entryPoints: [path.join(ROOT, 'src', 'webviews', 'consumption', 'page', 'main.ts')], bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
    const script = built.outputFiles[0]!.text;
    assert.ok(script.length > 50_000, 'the real bundle');
    assert.equal(inertElementText(script, 'script'), script);
    const style = fs.readFileSync(path.join(ROOT, 'media', 'consumption.css'), 'utf8');
    assert.equal(inertElementText(style, 'style'), style);
  });

  it('refuses text that would close its element or open an HTML comment', () => {
    assert.throws(() => inertElementText('const a = "</script>";', 'script'), /contains "<\/script"/);
    assert.throws(() => inertElementText('x = 1 <!-- 2', 'script'), /contains "<!--"/);
    assert.throws(() => inertElementText('a { b: "</STYLE>" }', 'style'), /contains "<\/STYLE"/);
    assert.equal(inertElementText('a { b: "</script>" }', 'style'), 'a { b: "</script>" }');
  });

  it('pageHtml puts both under the nonce and declares a CSP that loads nothing', () => {
    const html = pageHtml({ nonce: 'n0nce', title: 'T <b>', script: 'window.x = 1;', style: 'body{}' });
    assert.ok(html.includes('<script nonce="n0nce">window.x = 1;</script>'));
    assert.ok(html.includes('<style nonce="n0nce">body{}</style>'));
    assert.ok(html.includes(`content="default-src 'none'; script-src 'nonce-n0nce'; style-src 'nonce-n0nce'; img-src data:; base-uri 'none'; form-action 'none'"`));
    assert.ok(html.includes('<title>T &lt;b&gt;</title>'));
  });
});
