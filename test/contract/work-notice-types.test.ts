import { describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../mock-server/src/fixtures/generate.ts';
import { inbox, sendWork } from '../helpers/messaging.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

const URL = 'https://bi.example.com/dashboards/42';

/** Each work-notification msgtype (docs/dingtalk/messaging.md), what the inbox keeps and what the page shows. */
const CASES: {
  name: string;
  msg: Record<string, unknown>;
  content: Record<string, unknown>;
  html: string[];
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
    msg: { msgtype: 'image', image: { media_id: '@lADOAAGXIgzNAa7NAo4' } },
    content: { type: 'image', mediaId: '@lADOAAGXIgzNAa7NAo4' },
    html: ['dt-msg-image'],
  },
  {
    name: 'file',
    msg: { msgtype: 'file', file: { media_id: '@lAjPDeC2uKxxx' } },
    content: { type: 'file', mediaId: '@lAjPDeC2uKxxx' },
    html: ['dt-msg-file'],
  },
  {
    name: 'voice',
    msg: { msgtype: 'voice', voice: { media_id: '@lATPDeC2uLyyy', duration: '10' } },
    content: { type: 'voice', duration: 10 },
    html: ['dt-msg-voice', '10″'],
  },
];

describe('every work-notification msgtype is delivered and rendered', () => {
  for (const c of CASES) {
    it(`M1 ${c.name}: stored with its content and rendered in the inbox page`, async () => {
      const s = makeSandbox();
      const token = await s.tokenFor();
      const sent = await sendWork(s, token, { userid_list: GUIDE_ADMIN_USERID, msg: c.msg });
      expect(sent.errcode).toBe(0);
      const [m] = await inbox(s, GUIDE_ADMIN_USERID);
      expect(m!.content).toMatchObject(c.content);
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
