import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { inbox, sendWork } from '../helpers/messaging.ts';
import { makeSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const URL = 'https://bi.example.com/dashboards/42';
/** Stands for the media_id an upload returns (messages naming unknown media ids are refused: 40007). */
const MEDIA = '@MEDIA_ID';

/** media/upload, multipart as curl sends it; returns the media_id. */
async function upload(s: TestSandbox, token: string, f: { type: string; fileName: string }): Promise<string> {
  const boundary = '----sandbox-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${f.fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.alloc(16, 1),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await inject(s.handler, {
    method: 'POST',
    url: `/media/upload?access_token=${token}&type=${f.type}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return (r.json() as { media_id: string }).media_id;
}

/** Each work-notification msgtype (docs/dingtalk/messaging.md), what the inbox keeps and what the page shows. */
const CASES: {
  name: string;
  msg: Record<string, unknown>;
  content: Record<string, unknown>;
  html: string[];
  /** image / file / voice: the file uploaded first (media/upload), its media_id put in for MEDIA. */
  upload?: { type: string; fileName: string };
}[] = [
  {
    name: 'text',
    msg: { msgtype: 'text', text: { content: '月报已生成' } },
    content: { type: 'text', content: '月报已生成' },
    html: ['dt-msg-text', '月报已生成'],
  },
  {
    name: 'markdown',
    msg: { msgtype: 'markdown', markdown: { title: '日报', text: '#### 日报\n- **GMV** 1.2亿' } },
    content: { type: 'markdown', title: '日报' },
    html: ['<h4>日报</h4>', '<strong>GMV</strong>'],
  },
  {
    name: 'link',
    msg: {
      msgtype: 'link',
      link: { messageUrl: URL, picUrl: 'https://bi.example.com/p.png', title: '看板', text: '点击查看' },
    },
    content: { type: 'link', title: '看板', messageUrl: URL },
    html: ['dt-msg-link', `href="${URL}"`, 'src="https://bi.example.com/p.png"'],
  },
  {
    name: 'action_card (single button)',
    msg: {
      msgtype: 'action_card',
      action_card: { title: '预警', markdown: '**库存**低于阈值', single_title: '查看详情', single_url: URL },
    },
    content: { type: 'actionCard', single: { title: '查看详情', url: URL } },
    html: ['dt-btn-single', '查看详情', `href="${URL}"`],
  },
  {
    name: 'action_card (button list, horizontal)',
    msg: {
      msgtype: 'action_card',
      action_card: {
        title: '审批',
        markdown: '请处理',
        btn_orientation: '1',
        btn_json_list: [
          { title: '同意', action_url: `${URL}?ok=1` },
          { title: '拒绝', action_url: `${URL}?ok=0` },
        ],
      },
    },
    content: {
      type: 'actionCard',
      orientation: 'horizontal',
      buttons: [
        { title: '同意', url: `${URL}?ok=1` },
        { title: '拒绝', url: `${URL}?ok=0` },
      ],
    },
    html: ['dt-btns dt-horizontal', '同意', '拒绝'],
  },
  {
    name: 'oa',
    msg: {
      msgtype: 'oa',
      oa: {
        message_url: URL,
        head: { bgcolor: 'FFBBBBBB', text: '预警' },
        body: {
          title: '库存预警',
          form: [{ key: '仓库:', value: '杭州' }],
          rich: { num: '15.6', unit: '万' },
          content: '请尽快补货',
          author: '观远BI',
        },
      },
    },
    content: { type: 'oa', head: { bgcolor: 'FFBBBBBB', text: '预警' } },
    html: ['dt-oa-head', 'rgba(187,187,187,1.00)', '<dt>仓库:</dt>', '15.6<small>万</small>'],
  },
  {
    name: 'image',
    msg: { msgtype: 'image', image: { media_id: MEDIA } },
    content: { type: 'image', mediaId: MEDIA },
    html: ['dt-msg-image'],
    upload: { type: 'image', fileName: 'chart.png' },
  },
  {
    name: 'file',
    msg: { msgtype: 'file', file: { media_id: MEDIA } },
    content: { type: 'file', mediaId: MEDIA },
    html: ['dt-msg-file'],
    upload: { type: 'file', fileName: '报表.xlsx' },
  },
  {
    name: 'voice',
    msg: { msgtype: 'voice', voice: { media_id: MEDIA, duration: '10' } },
    content: { type: 'voice', duration: 10 },
    html: ['dt-msg-voice', '10″'],
    upload: { type: 'voice', fileName: 'note.amr' },
  },
];

describe('every work-notification msgtype is delivered and rendered', () => {
  for (const c of CASES) {
    it(`M1 ${c.name}: stored with its content and rendered in the inbox page`, async () => {
      const s = makeSandbox();
      const token = await s.tokenFor();
      const mediaId = c.upload ? await upload(s, token, c.upload) : '';
      const withMedia = <T>(x: T): T => JSON.parse(JSON.stringify(x).replaceAll(MEDIA, mediaId)) as T;
      const sent = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: withMedia(c.msg) });
      expect(sent.errcode).toBe(0);
      const [m] = await inbox(s, GUIDE_ADMIN_USERID);
      expect(m!.content).toMatchObject(withMedia(c.content));
      const page = await s.request(
        'GET',
        `/__sandbox/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}`,
      );
      for (const fragment of c.html) expect(page.body).toContain(fragment);
    });
  }

  it('refuses a voice message of 60 s or more and an oa head colour that is not AARRGGBB', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    const voice = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'voice', voice: { media_id: '@x', duration: 60 } },
    });
    expect(voice.errmsg).toContain('voice --》 duration');
    const oa = await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: { msgtype: 'oa', oa: { message_url: URL, head: { bgcolor: '#FF0000', text: 'x' }, body: {} } },
    });
    expect(oa.errmsg).toContain('oa.head --》 bgcolor');
  });

  it('never renders javascript: links from a message, in markdown or in buttons', async () => {
    const s = makeSandbox();
    const token = await s.tokenFor();
    await sendWork(s, token, {
      userid_list: GUIDE_ADMIN_USERID,
      msg: {
        msgtype: 'action_card',
        action_card: {
          title: 't',
          markdown: '[x](javascript:alert(1)) <script>alert(2)</script>',
          single_title: '点',
          single_url: 'javascript:alert(3)',
        },
      },
    });
    const page = await s.request('GET', `/__sandbox/tenants/${s.tenant.corpId}/inbox/${GUIDE_ADMIN_USERID}`);
    expect(page.body).not.toMatch(/href="javascript:/i);
    expect(page.body).not.toContain('<script>alert');
  });
});
