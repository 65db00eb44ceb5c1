/**
 * How the DingTalk client looks to a page: user agent and screen per platform. The UA shapes come
 * from real samples (stack.md §2.6); servers detect DingTalk with /AliApp\(DingTalk\/|DingTalk\(/ and
 * dingtalk-jsapi reads the platform from iPhone/Android in the UA (docs/dingtalk/in-app-login.md).
 */
import type { ClientPlatform } from '../domain/in-app/client-native.ts';

export const DEFAULT_CLIENT_VERSION = '7.6.0';

/** The Chromium the sandbox ships with reports itself as Chrome; this version is what the UA claims. */
const CHROME = '120.0.6099.230';

export function dingTalkUserAgent(platform: ClientPlatform, version = DEFAULT_CLIENT_VERSION): string {
  switch (platform) {
    case 'pc':
      return `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME} Safari/537.36 dingtalk-win/1.0.0 nw(0.14.7) DingTalk(${version}-Release.1) Mojo/1.0.0 Native AppType(release)`;
    case 'ios':
      return `Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/${version}) com.laiwang.DingTalk/37000000 Channel/201200 language/zh-Hans-CN WK`;
    case 'android':
      return `Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/${CHROME} Mobile Safari/537.36 AliApp(DingTalk/${version}) com.alibaba.android.rimet/37000000 Channel/227200 language/zh-CN`;
  }
}

/** Browser-context settings of each platform (Playwright BrowserContextOptions, structurally). */
export interface ClientScreen {
  userAgent: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  isMobile: boolean;
  hasTouch: boolean;
  locale: string;
  timezoneId: string;
}

export function dingTalkScreen(platform: ClientPlatform, version = DEFAULT_CLIENT_VERSION): ClientScreen {
  const common = {
    userAgent: dingTalkUserAgent(platform, version),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  };
  switch (platform) {
    case 'pc':
      return {
        ...common,
        viewport: { width: 1280, height: 800 },
        deviceScaleFactor: 1,
        isMobile: false,
        hasTouch: false,
      };
    case 'ios': // iPhone 14 / 15
      return {
        ...common,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      };
    case 'android': // Pixel 7
      return {
        ...common,
        viewport: { width: 412, height: 915 },
        deviceScaleFactor: 2.625,
        isMobile: true,
        hasTouch: true,
      };
  }
}
