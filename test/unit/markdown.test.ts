import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from '../../mock-server/src/http/console/markdown.ts';

describe("DingTalk's markdown subset", () => {
  it('renders headings, bold, italic, links, images, lists and quotes', () => {
    const html = renderMarkdown(
      '### 标题\n**粗** *斜* [链接](https://a.example)\n![图](https://a.example/p.png)\n\n- 一\n1. 二\n\n> 引用',
    );
    for (const f of [
      '<h3>标题</h3>',
      '<strong>粗</strong>',
      '<em>斜</em>',
      '<a href="https://a.example">链接</a>',
      '<img src="https://a.example/p.png" alt="图" />',
      '<li>一</li>',
      '<blockquote>',
    ]) {
      expect(html).toContain(f);
    }
  });

  it('M1: a dingtalk:// page link opens its target in a new tab, as the client would; javascript: is dropped', () => {
    const target = 'https://bi.example.test/dash?id=1&from=dt';
    const html = renderMarkdown(
      `[开](dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(target)}&pc_slide=false)`,
    );
    expect(html).toContain(`href="${target.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('target="_blank"');
    expect(html).not.toContain('href="dingtalk:');
    const bad = renderMarkdown('[x](javascript:alert(1)) <a href="javascript:alert(2)">y</a>');
    expect(bad).not.toMatch(/javascript:alert\(2\)"|href="javascript/);
  });

  it('keeps <font color> with hex colours only, drops scripts and other tags but keeps their text', () => {
    expect(renderMarkdown('<font color=#FF0000>红</font>')).toContain('<font color="#FF0000">红</font>');
    expect(renderMarkdown('<font color=red>红</font>')).toContain('<font>红</font>');
    const html = renderMarkdown(
      '<script>alert(1)</script><table><tr><td>格</td></tr></table><div onclick="x">块</div>',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<table');
    expect(html).not.toContain('onclick');
    expect(html).toContain('格');
    expect(html).toContain('块');
  });

  it('M1: openapp links open their redirect_url; unknown dingtalk:// forms stay text with a note, never a link', () => {
    const target = 'https://bi.example.test/m?x=1';
    const openapp = `dingtalk://dingtalkclient/action/openapp?corpid=ding1&container_type=work_platform&app_id=0_123&redirect_type=jump&redirect_url=${encodeURIComponent(target)}`;
    expect(renderMarkdown(`[应用](${openapp})`)).toContain(`href="${target}"`);
    for (const unknown of [
      'dingtalk://dingtalkclient/page/link?url=x',
      'dingtalk://dingtalkclient/page/link?url=javascript%3Aalert(1)',
      'dingtalk://dingtalkclient/action/sendmsg?dingtalk_id=abc',
    ]) {
      const html = renderMarkdown(`[开](${unknown})`);
      expect(html).toContain('<span class="dt-dtlink-unknown"');
      expect(html).toContain('沙箱无法在浏览器中打开');
      expect(html).not.toContain('href=');
      expect(safeHref(unknown)).toBe('#');
    }
    expect(safeHref(openapp)).toBe(target);
  });

  it('safeHref keeps http(s), refuses javascript:, data: and protocol-relative URLs', () => {
    expect(safeHref('https://a')).toBe('https://a');
    expect(safeHref(' JavaScript:alert(1)')).toBe('#');
    expect(safeHref('data:text/html,x')).toBe('#');
    expect(safeHref('//evil.example')).toBe('#');
  });
});
