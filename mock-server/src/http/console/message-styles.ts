/** Styles of DingTalk message bubbles and cards (docs/dingtalk/messaging.md; look-alike, U pixels). */
export const MESSAGE_CSS = `
.dt-conv{display:flex;flex-direction:column;gap:14px}
.dt-item{display:flex;gap:10px;align-items:flex-start}
.dt-avatar{width:36px;height:36px;border-radius:8px;background:#3296fa;color:#fff;display:flex;align-items:center;justify-content:center;font-size:13px;flex:none}
.dt-meta{font-size:12px;color:#a2a3a4;margin-bottom:4px;display:flex;gap:8px;align-items:center}
.dt-sender{color:#747677}.dt-tag{background:#f2f3f5;color:#747677;border-radius:3px;padding:0 4px}
.dt-unread{color:#ff5219}.dt-read{color:#a2a3a4}
.dt-msg{background:#fff;border-radius:8px;max-width:355px;min-width:220px;overflow:hidden;border:1px solid #e4e4e4;word-break:break-word}
.dt-text{padding:8px 12px;white-space:pre-wrap}
.dt-at{color:#0089ff}
.dt-md{padding:8px 12px}.dt-md h1,.dt-md h2,.dt-md h3,.dt-md h4,.dt-md h5,.dt-md h6{margin:6px 0;font-size:15px}
.dt-md h1{font-size:20px}.dt-md h2{font-size:18px}.dt-md h3{font-size:16px}
.dt-md p{margin:4px 0}.dt-md img{max-width:100%}.dt-md blockquote{margin:4px 0;padding-left:8px;border-left:3px solid #d8d8d8;color:#888}
.dt-md ul,.dt-md ol{margin:4px 0;padding-left:20px}
.dt-card-title{font-weight:600;padding:10px 12px 0}
.dt-divider{border-top:1px solid #e4e4e4}
.dt-btns{display:flex;flex-direction:column}
.dt-btns.dt-horizontal{flex-direction:row}
.dt-btn{display:block;padding:9px 12px;color:#38adff;text-align:center;border-top:1px solid #e4e4e4;flex:1}
.dt-horizontal .dt-btn+.dt-btn{border-left:1px solid #e4e4e4}
.dt-single{display:flex;justify-content:space-between;padding:9px 12px;color:#171a1d;border-top:1px solid #e4e4e4}
.dt-link{display:block;color:inherit;padding:10px 12px}.dt-link:hover{text-decoration:none}
.dt-link-title{font-weight:600;margin-bottom:6px}
.dt-link-row{display:flex;gap:8px}.dt-link-row img{width:54px;height:54px;object-fit:cover;border-radius:4px;flex:none}
.dt-link-text{color:#747677;font-size:13px;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.dt-feed a{display:flex;justify-content:space-between;gap:8px;padding:8px 12px;border-top:1px solid #e4e4e4;color:inherit}
.dt-feed a img{width:40px;height:40px;object-fit:cover}
.dt-feed .dt-feed-first{display:block;position:relative;border-top:0;padding:0}
.dt-feed .dt-feed-first img{width:100%;height:160px}
.dt-feed .dt-feed-first span{position:absolute;left:0;right:0;bottom:0;padding:6px 12px;color:#fff;background:rgba(0,0,0,.45)}
.dt-oa-head{padding:8px 12px;color:#fff;font-weight:600}
.dt-oa-body{padding:8px 12px}.dt-oa-title{font-weight:600;margin-bottom:4px}
.dt-oa-form{margin:0}.dt-oa-form div{display:flex;gap:6px}.dt-oa-form dt{color:#747677}.dt-oa-form dd{margin:0}
.dt-oa-rich{font-size:22px;color:#ff8c00}.dt-oa-rich small{font-size:13px;margin-left:2px}
.dt-oa-content{color:#747677;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.dt-oa-foot{display:flex;justify-content:space-between;color:#a2a3a4;font-size:12px;margin-top:6px}
.dt-oa-status{padding:4px 12px;font-size:12px;color:#fff}
.dt-media{padding:10px 12px;color:#747677}
.dt-recalled{color:#a2a3a4;font-size:12px;padding:4px 0}
.dt-reactions{display:flex;gap:4px;margin-top:4px}
.dt-reaction{background:#f2f3f5;border-radius:10px;font-size:12px;padding:1px 8px}
.dt-mine{flex-direction:row-reverse}.dt-mine .dt-meta{justify-content:flex-end}.dt-mine .dt-msg{background:#d6ecff;border-color:#c2e0ff}
.dt-as{margin:0 0 12px}
.dt-press{display:flex;gap:6px;margin-top:6px;max-width:355px}.dt-press input{flex:1;min-width:0}
.dt-compose{margin-top:16px;border-top:1px solid #e4e4e4;padding-top:12px}
.dt-compose textarea{width:100%;min-height:64px;box-sizing:border-box}
.dt-compose-row{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}.dt-compose-row .grow{flex:1}
.dt-file-error{color:#ff5219;font-size:12px}
`;
