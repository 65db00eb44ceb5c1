/**
 * The BI's DingTalk client: every call the BI makes, on DingTalk's real paths, against configurable
 * base URLs (the real hosts, or one sandbox). App-token calls refresh the token once and retry when
 * DingTalk says it is invalid or expired (X2); transport.ts retries rate limits and outages (X3).
 */
import type { DingTalkHosts } from '../config.ts';
import { DingTalkApiError } from './errors.ts';
import { snsSignature } from './signatures.ts';
import { AppTokenCache, type FetchedToken } from './tokens.ts';
import { call, type TransportOptions } from './transport.ts';

export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

/** A user as /topapi/v2/user/list returns it (fields the BI reads). */
export interface DingTalkUser {
  userid: string;
  unionid?: string;
  name: string;
  mobile?: string;
  email?: string;
  title?: string;
  dept_id_list?: number[];
  active?: boolean;
}

export interface DingTalkDepartment {
  dept_id: number;
  name: string;
  parent_id?: number;
}

export interface SendResult {
  invalid_user_id_list?: string[];
  forbidden_user_id_list?: string[];
  failed_user_id_list?: string[];
  read_user_id_list?: string[];
  unread_user_id_list?: string[];
  forbidden_list?: { code: string; count?: number; userid: string }[];
}

export interface ClientDeps {
  hosts: DingTalkHosts;
  transport: TransportOptions;
  now: () => number;
}

export class DingTalkClient {
  readonly tokens: AppTokenCache;
  private readonly ticket: AppTokenCache;

  constructor(
    private readonly deps: ClientDeps,
    readonly app: AppCredentials,
  ) {
    this.tokens = new AppTokenCache(() => this.fetchAppToken(), deps.now);
    this.ticket = new AppTokenCache(() => this.fetchJsapiTicket(), deps.now);
  }

  private url(host: keyof DingTalkHosts, path: string, query: Record<string, string> = {}): URL {
    const u = new URL(this.deps.hosts[host] + path);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  }

  // ---- 获取凭证 ----

  /** 获取企业内部应用的access_token — GET /gettoken?appkey=&appsecret= */
  async fetchAppToken(): Promise<FetchedToken> {
    const body = await call<{ access_token: string; expires_in: number }>(this.deps.transport, {
      host: 'oapi',
      method: 'GET',
      url: this.url('oapi', '/gettoken', { appkey: this.app.appKey, appsecret: this.app.appSecret }),
    });
    return { token: body.access_token, expiresInSeconds: Number(body.expires_in) || 7200 };
  }

  /** Checks that the app belongs to this CorpId — POST api /v1.0/oauth2/{corpId}/token (snake_case body). */
  async checkCorpId(corpId: string): Promise<void> {
    await call(this.deps.transport, {
      host: 'api',
      method: 'POST',
      url: this.url('api', `/v1.0/oauth2/${encodeURIComponent(corpId)}/token`),
      body: {
        client_id: this.app.appKey,
        client_secret: this.app.appSecret,
        grant_type: 'client_credentials',
      },
      // DingTalk answers an unknown corpId with HTTP 500 unknownError: not worth retrying.
      attempts: 1,
    });
  }

  /** Runs `fn` with the app token; on a token error, drops the token, fetches a fresh one and retries once. */
  async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await fn(token);
    } catch (e) {
      if (!(e instanceof DingTalkApiError) || !e.isTokenError) throw e;
      this.tokens.invalidate(token);
      return fn(await this.tokens.get());
    }
  }

  /** POST a legacy topapi call with the app token. */
  topapi<T>(path: string, body: unknown, opts: { idempotent?: boolean } = {}): Promise<T> {
    return this.withToken((token) =>
      call<T>(this.deps.transport, {
        host: 'oapi',
        method: 'POST',
        url: this.url('oapi', path, { access_token: token }),
        body,
        idempotent: opts.idempotent,
      }),
    );
  }

  // ---- 通讯录 ----

  /** 根据unionid获取用户userid — POST /topapi/user/getbyunionid */
  async userIdByUnionid(unionid: string): Promise<string> {
    const r = await this.topapi<{ result: { userid: string } }>('/topapi/user/getbyunionid', { unionid });
    return r.result.userid;
  }

  /** 查询用户详情 — POST /topapi/v2/user/get */
  async getUser(userid: string): Promise<DingTalkUser> {
    const r = await this.topapi<{ result: DingTalkUser }>('/topapi/v2/user/get', {
      userid,
      language: 'zh_CN',
    });
    return r.result;
  }

  /** 获取部门详情 — POST /topapi/v2/department/get */
  async getDepartment(deptId: number): Promise<DingTalkDepartment> {
    const r = await this.topapi<{ result: DingTalkDepartment }>('/topapi/v2/department/get', {
      dept_id: deptId,
      language: 'zh_CN',
    });
    return r.result;
  }

  /** 获取部门列表 (one level) — POST /topapi/v2/department/listsub */
  async listSubDepartments(deptId: number): Promise<DingTalkDepartment[]> {
    const r = await this.topapi<{ result: DingTalkDepartment[] }>('/topapi/v2/department/listsub', {
      dept_id: deptId,
      language: 'zh_CN',
    });
    return r.result;
  }

  /** 获取部门用户详情 (one page, size ≤ 100) — POST /topapi/v2/user/list */
  async listUsers(
    deptId: number,
    cursor: number,
    size = 100,
  ): Promise<{ list: DingTalkUser[]; hasMore: boolean; nextCursor: number }> {
    const r = await this.topapi<{
      result: { list: DingTalkUser[]; has_more: boolean; next_cursor?: number };
    }>('/topapi/v2/user/list', {
      dept_id: deptId,
      cursor,
      size,
      order_field: 'custom',
      contain_access_limit: false,
      language: 'zh_CN',
    });
    return { list: r.result.list, hasMore: r.result.has_more, nextCursor: r.result.next_cursor ?? 0 };
  }

  // ---- 免登 ----

  /** 通过免登码获取用户信息 — POST /topapi/v2/user/getuserinfo {code} */
  async userInfoByInAppCode(code: string): Promise<{ userid: string; name?: string }> {
    // A code works once: never repeat this call after an unknown outcome.
    const r = await this.topapi<{ result: { userid: string; name?: string } }>(
      '/topapi/v2/user/getuserinfo',
      { code },
      { idempotent: false },
    );
    return r.result;
  }

  /** 获取jsapi_ticket — GET /get_jsapi_ticket?access_token= (cached like the token) */
  jsapiTicket(): Promise<string> {
    return this.ticket.get();
  }

  private fetchJsapiTicket(): Promise<FetchedToken> {
    return this.withToken(async (token) => {
      const r = await call<{ ticket: string; expires_in: number }>(this.deps.transport, {
        host: 'oapi',
        method: 'GET',
        url: this.url('oapi', '/get_jsapi_ticket', { access_token: token, type: 'jsapi' }),
      });
      return { token: r.ticket, expiresInSeconds: Number(r.expires_in) || 7200 };
    });
  }

  // ---- 扫码登录 (new generation: login.dingtalk.com + api.dingtalk.com) ----

  /** 获取用户token — POST api /v1.0/oauth2/userAccessToken (camelCase, not RFC 6749) */
  async userAccessToken(code: string): Promise<{ accessToken: string; expireIn: number; corpId?: string }> {
    return call(this.deps.transport, {
      host: 'api',
      method: 'POST',
      url: this.url('api', '/v1.0/oauth2/userAccessToken'),
      body: {
        clientId: this.app.appKey,
        clientSecret: this.app.appSecret,
        code,
        grantType: 'authorization_code',
      },
      idempotent: false,
    });
  }

  /** 获取用户通讯录个人信息 — GET api /v1.0/contact/users/me, header x-acs-dingtalk-access-token */
  async currentUser(userToken: string): Promise<{ unionId: string; nick?: string; openId?: string }> {
    return call(this.deps.transport, {
      host: 'api',
      method: 'GET',
      url: this.url('api', '/v1.0/contact/users/me'),
      headers: { 'x-acs-dingtalk-access-token': userToken },
    });
  }

  // ---- 扫码登录 (legacy generation: /connect/qrconnect + /sns) ----

  /** 根据sns临时授权码获取用户信息 — POST /sns/getuserinfo_bycode?accessKey=&timestamp=&signature= */
  async snsUserInfoByCode(code: string): Promise<{ unionid: string; nick?: string; openid?: string }> {
    const timestamp = String(this.deps.now());
    const r = await call<{ user_info: { unionid: string; nick?: string; openid?: string } }>(
      this.deps.transport,
      {
        host: 'oapi',
        method: 'POST',
        // URLSearchParams URL-encodes the base64 signature (+, /, =).
        url: this.url('oapi', '/sns/getuserinfo_bycode', {
          accessKey: this.app.appKey,
          timestamp,
          signature: snsSignature(this.app.appSecret, timestamp),
        }),
        body: { tmp_auth_code: code },
        idempotent: false,
      },
    );
    return r.user_info;
  }

  // ---- 工作通知 ----

  /** 发送工作通知 — POST /topapi/message/corpconversation/asyncsend_v2 → task_id */
  async sendWorkNotice(agentId: number, userids: string[], msg: Record<string, unknown>): Promise<string> {
    const r = await this.topapi<{ task_id: number | string }>(
      '/topapi/message/corpconversation/asyncsend_v2',
      { agent_id: agentId, userid_list: userids.join(','), to_all_user: false, msg },
      { idempotent: false },
    );
    return String(r.task_id);
  }

  /** 获取工作通知消息的发送进度 — status 0 未开始, 1 处理中, 2 完毕 */
  async sendProgress(
    agentId: number,
    taskId: string,
  ): Promise<{ progress_in_percent: number; status: number }> {
    const r = await this.topapi<{ progress: { progress_in_percent: number; status: number } }>(
      '/topapi/message/corpconversation/getsendprogress',
      { agent_id: agentId, task_id: taskIdValue(taskId) },
    );
    return r.progress;
  }

  /** 获取工作通知消息的发送结果 */
  async sendResult(agentId: number, taskId: string): Promise<SendResult> {
    const r = await this.topapi<{ send_result: SendResult }>(
      '/topapi/message/corpconversation/getsendresult',
      {
        agent_id: agentId,
        task_id: taskIdValue(taskId),
      },
    );
    return r.send_result;
  }
}

/** DingTalk's task ids are numbers (256271667526); send them back as they came. */
const taskIdValue = (id: string): number | string => (/^\d{1,15}$/.test(id) ? Number(id) : id);
