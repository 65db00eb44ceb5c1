/** Types for the untyped npm robot client dingtalk-robot-sender 1.2.0 (lib/bot.js), as used in tests. */
declare module 'dingtalk-robot-sender' {
  interface Response {
    status: number;
    data: { errcode: number; errmsg: string };
  }
  export default class ChatBot {
    constructor(options: { webhook?: string; baseUrl?: string; accessToken?: string; secret?: string });
    webhook: string;
    send(content: unknown): Promise<Response>;
    text(content: string, at?: { atMobiles?: string[]; isAtAll?: boolean }): Promise<Response>;
    link(link: { title: string; text: string; messageUrl: string; picUrl?: string }): Promise<Response>;
    markdown(
      title: string,
      text: string,
      at?: { atMobiles?: string[]; isAtAll?: boolean },
    ): Promise<Response>;
    actionCard(card: {
      title: string;
      text: string;
      hideAvatar?: string;
      btnOrientation?: string;
      btns?: { title: string; actionURL: string }[];
    }): Promise<Response>;
    feedCard(links: { title: string; messageURL: string; picURL: string }[]): Promise<Response>;
  }
}
